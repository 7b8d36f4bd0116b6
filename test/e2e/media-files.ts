// Readers for what the provider received: a JPEG's frame size from its SOF marker, and a WAV's
// format and samples from its header, so tests check the files themselves, not our word for them.

const bytesOf = (base64: string) => Buffer.from(base64, 'base64');

/** [width, height] of a JPEG data URL; throws when it is not a JPEG. */
export function jpegSize(dataUrl: string): [number, number] {
  const match = /^data:image\/jpeg;base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error(`not a JPEG data URL: ${dataUrl.slice(0, 40)}`);
  const jpeg = bytesOf(match[1]!);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('no JPEG start-of-image marker');
  for (let at = 2; at + 9 < jpeg.length;) {
    if (jpeg[at] !== 0xff) throw new Error(`JPEG segment expected at ${at}`);
    const marker = jpeg[at + 1]!;
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return [jpeg.readUInt16BE(at + 7), jpeg.readUInt16BE(at + 5)];
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no JPEG frame header');
}

/** A PCM WAV's format, its number of samples a channel, and the largest absolute sample. */
export function wavFormat(base64: string): {
  sampleRate: number;
  channels: number;
  bits: number;
  samples: number;
  peak: number;
} {
  const wav = bytesOf(base64);
  if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE')
    throw new Error('not a RIFF/WAVE file');
  const channels = wav.readUInt16LE(22);
  const bits = wav.readUInt16LE(34);
  const dataBytes = wav.readUInt32LE(40);
  let peak = 0;
  for (let at = 44; at + 1 < 44 + dataBytes; at += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(at)));
  return { sampleRate: wav.readUInt32LE(24), channels, bits, samples: dataBytes / (channels * (bits / 8)), peak };
}
