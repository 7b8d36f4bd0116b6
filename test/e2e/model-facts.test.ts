import { beforeAll, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { modelFactsInPopup } from './harness/configure';
import { useExtension } from './harness/fixture';
import { installSettle, type Outcome } from './page-calls';

// A model the extension does not know is neither small nor text-only: calls go to the provider,
// whose refusal becomes the Prompt API's error, naming the model and the setting that fixes it,
// and is remembered for the model. The local server refuses as OpenAI does.
type W = typeof globalThis & { LanguageModel: any };
declare const settle: (p: Promise<unknown>) => Promise<Outcome>;

const UNKNOWN = 'local-test/mystery-model';
/** The server's window, in OpenAI's count: a 34,000-character prompt fits, a 120,000-character one does not. */
const SERVER_WINDOW = 16_000;

describe.each(browsers)('models the extension does not know, in %s', (name) => {
  const f = useExtension(name, {
    title: 'Unknown model page',
    models: ['mystery-model', 'gpt-4o-mini'],
    server: { contextLength: SERVER_WINDOW },
  });
  const run = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => f.page.evaluate(fn, arg as A);
  const chatCount = () => f.provider.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
  beforeAll(() => f.page.evaluate(installSettle, undefined));

  it('shows the window as unknown, and sends a 34,000-character system prompt to the provider, which takes it', async () => {
    expect(await modelFactsInPopup(f.browser, /unknown/)).toEqual({
      window: 'Context window: unknown (calls go to the provider, which says if a prompt is too long).',
      inputs: 'Reads text; unknown whether it reads images or audio.',
    });
    const before = chatCount();
    const out = await run(async () => {
      const system = 'Answer from this handbook only. '.repeat(1_100).slice(0, 34_000);
      const LM = (globalThis as W).LanguageModel;
      const session = await LM.create({ initialPrompts: [{ role: 'system', content: system }] });
      return { window: session.contextWindow, answer: await settle(session.prompt('What does it say?')) };
    });
    expect(out).toEqual({ window: Infinity, answer: { value: 'Hello world' } });
    expect(chatCount()).toBe(before + 1);
  });

  it('turns the provider’s context-length refusal into QuotaExceededError naming the model, and refuses the next such prompt itself', async () => {
    const before = chatCount();
    const tooLong = async () =>
      run(async () => {
        const LM = (globalThis as W).LanguageModel;
        const text = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ');
        const session = await LM.create();
        return { window: session.contextWindow, outcome: await settle(session.prompt(text)) };
      });
    const first = await tooLong();
    expect(first.window).toBe(Infinity);
    expect(first.outcome).toMatchObject({ error: 'QuotaExceededError', dom: true });
    expect(first.outcome.message).toContain(`${UNKNOWN} holds ${SERVER_WINDOW} tokens`);
    expect(first.outcome.message).toContain(
      `set its context window in Options › Setup & providers › Context window, for ${UNKNOWN}`,
    );
    expect(chatCount()).toBe(before + 1);

    // Remembered: a new session knows the window, and the same prompt never reaches the server.
    const second = await tooLong();
    expect(second.window).toBe(SERVER_WINDOW);
    expect(second.outcome).toMatchObject({ error: 'QuotaExceededError', dom: true });
    expect(chatCount()).toBe(before + 1);
    expect((await modelFactsInPopup(f.browser, /learned/)).window).toBe(
      `Context window: ${SERVER_WINDOW.toLocaleString('en-US')} tokens (learned from a provider refusal).`,
    );
  });

  it('lets the user set the window in the options, which the popup then shows as theirs', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    try {
      await options.select('[data-testid=window-editor] select', UNKNOWN);
      await options.waitForText('[data-testid=window-now]', /learned from a provider refusal/);
      await options.fill('[data-testid=window-editor] input[name=contextWindow]', '12000');
      await options.click('[data-testid=window-editor] button[type=submit]');
      await options.waitForText('[data-testid=window-now]', /12,000 tokens \(as you said\)/);
    } finally {
      await options.close();
    }
    expect((await modelFactsInPopup(f.browser, /as you said/)).window).toBe(
      'Context window: 12,000 tokens (as you said).',
    );
    const window = await run(async () => (await (globalThis as W).LanguageModel.create()).contextWindow);
    expect(window).toBe(12_000);
  });

  it('sends an image prompt to gpt-4o-mini on an OpenAI-compatible server, knowing it by its id', async () => {
    const popup = await f.browser.openExtensionPage('popup.html');
    await popup.select('[data-testid=default-model]', 'local-test/gpt-4o-mini');
    await popup.close();
    expect(await modelFactsInPopup(f.browser, /128,000/)).toEqual({
      window: 'Context window: 128,000 tokens (from the bundled catalog).',
      inputs: 'Reads text and images (from the bundled catalog).',
    });
    const before = chatCount();
    const out = await run(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 16;
      const LM = (globalThis as W).LanguageModel;
      const session = await LM.create({ expectedInputs: [{ type: 'image' }] });
      return settle(
        session.prompt([
          {
            role: 'user',
            content: [
              { type: 'text', value: 'What is it?' },
              { type: 'image', value: canvas },
            ],
          },
        ]),
      );
    });
    expect(out).toEqual({ value: 'Hello world' });
    expect(chatCount()).toBe(before + 1);
    const sent = f.provider.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!.body as {
      model: string;
      messages: Array<{ content: unknown }>;
    };
    expect(sent.model).toBe('gpt-4o-mini');
    expect(JSON.stringify(sent.messages.at(-1)!.content)).toContain('"type":"image_url"');
    expect(f.provider.contractErrors).toEqual([]);
  });
});
