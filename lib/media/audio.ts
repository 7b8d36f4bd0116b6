import { MediaError } from './image';

/**
 * Audio leaves the browser as 16 kHz mono 16-bit WAV: the one format every provider that hears
 * audio takes (OpenAI's input_audio, Gemini, OpenRouter), at the rate speech models listen at.
 */
export const SAMPLE_RATE = 16_000;
export const MAX_SECONDS = 180;
/** Encoded audio larger than this is refused before it is decoded. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** What the page sends for an AudioBuffer, which cannot cross: its rate, then each channel's samples. */
export type RawAudio = [sampleRate: number, ...channels: Float32Array[]];

/** Any audio the browser can decode, or raw channels, as WAV bytes: mono, 16 kHz. */
export async function encodeAudio(value: Blob | RawAudio): Promise<Blob> {
  const buffer = value instanceof Blob ? await decode(value) : fromChannels(value);
  if (buffer.duration > MAX_SECONDS)
    throw new MediaError(
      'NotSupportedError',
      `Audio longer than ${MAX_SECONDS / 60} minutes is not sent: send it in parts.`,
    );
  return wav(await monoAt16k(buffer));
}

async function decode(blob: Blob): Promise<AudioBuffer> {
  if (blob.size > MAX_FILE_BYTES)
    throw new MediaError('NotSupportedError', `Audio files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not sent.`);
  try {
    return await new OfflineAudioContext(1, 1, SAMPLE_RATE).decodeAudioData(await blob.arrayBuffer());
  } catch {
    throw new MediaError(
      'TypeError',
      'The audio could not be decoded: give an AudioBuffer, or the bytes of a file the browser plays (WAV, MP3, Ogg, FLAC, WebM …).',
    );
  }
}

function fromChannels([sampleRate, ...channels]: RawAudio): AudioBuffer {
  const length = channels[0]?.length ?? 0;
  // Views, not `instanceof Float32Array`: in Firefox the page's arrays are another realm's.
  const valid =
    typeof sampleRate === 'number' &&
    sampleRate >= 3_000 &&
    sampleRate <= 768_000 &&
    length > 0 &&
    channels.length <= 32 &&
    channels.every((c) => ArrayBuffer.isView(c) && c.length === length);
  if (!valid) throw new MediaError('TypeError', 'The AudioBuffer could not be read.');
  if (length / sampleRate > MAX_SECONDS)
    throw new MediaError(
      'NotSupportedError',
      `Audio longer than ${MAX_SECONDS / 60} minutes is not sent: send it in parts.`,
    );
  const buffer = new AudioBuffer({ length, numberOfChannels: channels.length, sampleRate });
  channels.forEach((samples, i) => buffer.copyToChannel(new Float32Array(samples), i));
  return buffer;
}

/** Mixes down and resamples by rendering, as Web Audio does for speakers: no hand-written filter. */
async function monoAt16k(buffer: AudioBuffer): Promise<Float32Array> {
  const context = new OfflineAudioContext(1, Math.max(1, Math.ceil(buffer.duration * SAMPLE_RATE)), SAMPLE_RATE);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(context.destination);
  source.start();
  return (await context.startRendering()).getChannelData(0);
}

/** A RIFF/WAVE file of 16-bit PCM samples, clipped to [-1, 1]. */
export function wav(samples: Float32Array, sampleRate = SAMPLE_RATE): Blob {
  const bytes = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => bytes.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  bytes.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  bytes.setUint32(16, 16, true); // the fmt chunk's size
  bytes.setUint16(20, 1, true); // PCM
  bytes.setUint16(22, 1, true); // one channel
  bytes.setUint32(24, sampleRate, true);
  bytes.setUint32(28, sampleRate * 2, true); // bytes a second
  bytes.setUint16(32, 2, true); // bytes a frame
  bytes.setUint16(34, 16, true); // bits a sample
  ascii(36, 'data');
  bytes.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => bytes.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, s)) * 0x7fff), true));
  return new Blob([bytes.buffer], { type: 'audio/wav' });
}
