// A stand-in for Chrome's own LanguageModel (its Prompt API with Gemini Nano), which these
// machines' Chromium reports "unavailable". It is the browser's API, not ours, written to the
// spec's shapes: availability, params, create with initialPrompts, sampling, signal and a
// monitor (a download needs the user's click, as in Chrome), sessions that stream deltas and
// count their context. It echoes the prompt, and logs what it was given on `globalThis.__standIn`.

/** Installs the stand-in; serialised into the page, so it closes over nothing. */
export function installChromeLanguageModel(initial: 'available' | 'downloadable'): void {
  const log: { created: unknown[]; prompts: unknown[]; aborted: number; activation: boolean[] } = {
    created: [],
    prompts: [],
    aborted: 0,
    activation: [],
  };
  let availability: string = initial;
  const tokens = (value: unknown) => Math.ceil(JSON.stringify(value).length / 4);
  class Session {
    contextUsage: number;
    readonly contextWindow = 6_144;
    constructor(initialPrompts: unknown[]) {
      this.contextUsage = initialPrompts.length ? tokens(initialPrompts) : 0;
    }
    async measureContextUsage(input: unknown) {
      return tokens(input);
    }
    promptStreaming(input: Array<{ role: string; content: string }>, options: { signal?: AbortSignal } = {}) {
      log.prompts.push(input);
      const said = input
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join(' ');
      const deltas = ['Echo', ': ', ...said.split(/(?= )/)];
      this.contextUsage += tokens(input);
      let i = 0;
      return new ReadableStream<string>({
        pull: async (controller) => {
          await new Promise((r) => setTimeout(r, 5));
          if (options.signal?.aborted) {
            log.aborted++;
            return controller.error(options.signal.reason);
          }
          if (i === deltas.length) return controller.close();
          this.contextUsage += 1;
          controller.enqueue(deltas[i++]!);
        },
      });
    }
    destroy() {}
  }
  (globalThis as any).__standIn = log;
  (globalThis as any).LanguageModel = {
    availability: async () => availability,
    params: async () => ({ defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 }),
    create: async (
      options: {
        initialPrompts?: unknown[];
        monitor?: (m: EventTarget) => void;
        temperature?: number;
        topK?: number;
      } = {},
    ) => {
      log.created.push({
        initialPrompts: options.initialPrompts ?? [],
        temperature: options.temperature,
        topK: options.topK,
      });
      log.activation.push(navigator.userActivation.isActive);
      if (availability !== 'available') {
        if (!navigator.userActivation.isActive)
          throw new DOMException(
            'Requires a user gesture when availability is "downloading" or "downloadable".',
            'NotAllowedError',
          );
        const monitor = new EventTarget();
        options.monitor?.(monitor);
        for (const loaded of [0, 0.5, 1]) {
          monitor.dispatchEvent(new ProgressEvent('downloadprogress', { loaded, total: 1 }));
          await new Promise((r) => setTimeout(r, 20));
        }
        availability = 'available';
      }
      return new Session(options.initialPrompts ?? []);
    },
  };
}
