/**
 * Images leave the browser at most 1568 px on their longer side and 1.15 megapixels, the size
 * Anthropic scales larger ones down to and within what OpenAI and Gemini read at full detail:
 * bigger costs the user tokens and upload time for nothing the model sees.
 */
export const MAX_EDGE = 1568;
export const MAX_PIXELS = 1_150_000;

/** The size to draw an image at: its own, or scaled down to fit both limits, never up. */
export function fittedSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_EDGE / Math.max(width, height), Math.sqrt(MAX_PIXELS / (width * height)));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A JPEG of the page's image, fitted, on white where it was transparent: JPEG is read by every
 * provider that reads images, and keeps a photo a tenth the size of a PNG.
 */
export async function encodeImage(bitmap: ImageBitmap): Promise<Blob> {
  if (!bitmap.width || !bitmap.height)
    throw new MediaError('InvalidStateError', 'The image is empty, or was closed before it was sent.');
  const { width, height } = fittedSize(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

/** A media value the content script cannot send, with the DOMException name the page gets. */
export class MediaError extends Error {
  constructor(
    readonly pageName: 'TypeError' | 'NotSupportedError' | 'InvalidStateError',
    message: string,
  ) {
    super(message);
  }
}
