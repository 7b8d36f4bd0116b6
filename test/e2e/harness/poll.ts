/** Reads an element's text until it matches, for both browsers' page wrappers. */
export async function pollText(
  read: () => Promise<string>,
  selector: string,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await read().catch(() => '');
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${selector} never matched ${pattern}; last text: ${text}`);
}
