// Functions that run inside a test page's MAIN world, as a site's own script would.

export type CallOutcome =
  { text: string; error?: undefined; message?: undefined } | { text?: undefined; error: string; message: string };

/** One prompt through LanguageModel, its text or its error's name and message. */
export async function promptOnce(text: string): Promise<CallOutcome> {
  try {
    const session = await (
      globalThis as unknown as { LanguageModel: { create(): Promise<{ prompt(t: string): Promise<string> }> } }
    ).LanguageModel.create();
    return { text: await session.prompt(text) };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

/** Many prompts at once from one page. */
export async function promptMany(count: number): Promise<CallOutcome[]> {
  const LM = (globalThis as unknown as { LanguageModel: { create(): Promise<{ prompt(t: string): Promise<string> }> } })
    .LanguageModel;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      try {
        return { text: await (await LM.create()).prompt(`call ${i}`) };
      } catch (error) {
        return { error: (error as Error).name, message: (error as Error).message };
      }
    }),
  );
}

/** A promise's outcome as data: its value, or its rejection's name, message and realm. */
export type Outcome = { value?: any; error?: string; message?: string; dom?: boolean };

/** Run in the page once: gives its later functions `settle`, which never rejects. */
export function installSettle() {
  (globalThis as any).settle = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: any) => ({ error: e?.name, message: String(e?.message), dom: e instanceof DOMException }),
    );
}
