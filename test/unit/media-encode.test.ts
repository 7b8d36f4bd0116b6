import { describe, expect, it } from 'vitest';
import { MAX_EDGE, MAX_PIXELS, fittedSize } from '@/lib/media/image';
import { wav } from '@/lib/media/audio';
import { checkBounds } from '@/lib/protocol/limits';

// The content script's encoders' pure parts: the size an image is drawn at, and the WAV file
// audio becomes. Drawing and decoding run in real browsers (test/e2e/conformance-media.test.ts).

describe('fittedSize()', () => {
  it('keeps an image that fits, and never scales one up', () => {
    expect(fittedSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fittedSize(1, 1)).toEqual({ width: 1, height: 1 });
  });

  it('fits the longer side to 1568 px first, then the area to 1.15 megapixels, keeping the shape', () => {
    expect(fittedSize(4000, 1000)).toEqual({ width: 1568, height: 392 });
    const square = fittedSize(4000, 4000);
    expect(square.width).toBe(square.height);
    expect(square.width * square.height).toBeLessThanOrEqual(MAX_PIXELS);
    expect(square.width).toBeGreaterThan(1_060);
    const tall = fittedSize(1000, 20_000);
    expect(tall).toEqual({ width: 78, height: MAX_EDGE });
  });
});

describe('wav()', () => {
  it('writes a RIFF/WAVE header of 16-bit mono PCM, and the samples clipped and scaled', async () => {
    const file = wav(new Float32Array([0, 0.5, -0.5, 1, -1, 2, -2]), 16_000);
    const bytes = new DataView(await file.arrayBuffer());
    const text = (at: number, length: number) => String.fromCharCode(...new Uint8Array(bytes.buffer, at, length));
    expect(file.type).toBe('audio/wav');
    expect([text(0, 4), text(8, 4), text(12, 4), text(36, 4)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(bytes.getUint32(4, true)).toBe(36 + 14);
    expect([
      bytes.getUint16(20, true),
      bytes.getUint16(22, true),
      bytes.getUint32(24, true),
      bytes.getUint32(28, true),
      bytes.getUint16(32, true),
      bytes.getUint16(34, true),
    ]).toEqual([1, 1, 16_000, 32_000, 2, 16]);
    expect(bytes.getUint32(40, true)).toBe(14);
    const samples = Array.from({ length: 7 }, (_, i) => bytes.getInt16(44 + 2 * i, true));
    // ±0.5 scales to ±16,383.5, which rounds up: 16,384 and -16,383.
    expect(samples).toEqual([0, 16_384, -16_383, 32_767, -32_767, 32_767, -32_767]);
  });
});

describe('checkBounds() on media as the page sends it', () => {
  it('lets an AudioBuffer’s samples through a 4 MiB message, which their element count alone would not', () => {
    const twoMinutesAt48k = new Float32Array(48_000 * 120);
    expect(
      checkBounds({
        type: 'request',
        call: {
          op: 'prompt',
          messages: [{ role: 'user', content: [{ type: 'audio', data: [48_000, twoMinutesAt48k] }] }],
        },
      }),
    ).toEqual({ ok: true });
  });
});
