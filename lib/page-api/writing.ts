import { abortError, ask, openSession } from './channel';
import { usageOf } from './prompt-input';
import { anySignal, deltaStream, quotaError, throwIfAborted } from './streams';

type Options = Record<string, any>;

// The options each API takes, and shows back as attributes, space-separated. The worker checks
// their values and fills in defaults, so the enums live in one place (lib/gateway/writing-tasks.ts).
const WRITERS = 'type tone format length sharedContext expectedInputLanguages expectedContextLanguages outputLanguage';

/** Asks the worker for a session: its context window, and the options settled. */
async function session(kind: string, names: string[], o: Options, create?: 1): Promise<{ window: number; task: Options }> {
  throwIfAborted(o.signal);
  const task: Options = { kind };
  for (const name of names) if (o[name] != null) task[name] = o[name];
  return openSession({ op: 'session', task }, o, create);
}

/**
 * One class per API: Summarizer, Writer, Rewriter, Translator, LanguageDetector, Proofreader.
 * They differ in their verb (summarize, write, rewrite, translate, detect, proofread), which is
 * also the task's kind, and their options only; the worker words the system prompt from both.
 * An API whose answer is structured (detect, proofread) has no streaming verb: the worker checks
 * the whole answer, then sends it as one JSON value.
 */
function writingApi(kind: string, options = WRITERS, structured?: 1) {
  const names = options.split(' ');
  class WritingModel {
    #o: Options;
    #quota: number;
    #dead = new AbortController();

    private constructor({ window, task }: { window: number; task: Options }) {
      this.#o = task;
      this.#quota = window;
    }

    /** "available" when a model is set up; a TypeError for options outside the enums. */
    static async availability(o: Options = {}): Promise<string> {
      return session(kind, names, o).then(
        () => ask({ op: 'availability' }) as Promise<string>,
        (e) => (e.name === 'NotAllowedError' ? 'unavailable' : Promise.reject(e)),
      );
    }

    static async create(o: Options = {}) {
      return new WritingModel(await session(kind, names, o, 1));
    }

    get inputQuota() {
      return this.#quota;
    }

    async measureInputUsage(input: unknown, o: Options = {}): Promise<number> {
      throwIfAborted(this.#dead.signal, o.signal);
      return usageOf([{ content: String(input) }, { content: `${this.#o.sharedContext ?? ''}${o.context ?? ''}` }]);
    }

    /**
     * Input with nothing to work on (empty, or only whitespace and control characters) is
     * answered here, with no model call: the specs' summary of such input is empty, as is a
     * written text for an empty task or a translation, and rewriting blank text leaves it as it
     * was. A structured API's blank answer (und, nothing to fix) comes from the worker, also
     * with no model call.
     */
    async #run(input: unknown, o: Options, onChunk?: (text: string) => void): Promise<unknown> {
      const used = await this.measureInputUsage(input, o);
      if (used > this.#quota) throw quotaError(used, this.#quota);
      const content = String(input);
      if (!structured && /^[\s\p{Cc}]*$/u.test(content)) {
        const same = kind === 'rewrite' ? content : '';
        if (same) onChunk?.(same);
        return same;
      }
      let text = '';
      const value = await ask(
        { op: 'prompt', messages: [{ role: 'user', content }], task: { ...this.#o, context: o.context } },
        (d) => (onChunk?.(d), (text += d)),
        anySignal(this.#dead.signal, o.signal),
      );
      return value ? JSON.parse(value) : text;
    }

    destroy(): void {
      this.#dead.abort(abortError());
    }

    static {
      const proto = this.prototype as any;
      for (const name of names) Object.defineProperty(proto, name, { get(this: WritingModel) { return this.#o[name]; } });
      proto[kind] = function (this: WritingModel, input: unknown, o: Options = {}) {
        return this.#run(input, o);
      };
      if (!structured) proto[`${kind}Streaming`] = function (this: WritingModel, input: unknown, o: Options = {}) {
        return deltaStream((onChunk, signal) => this.#run(input, { ...o, signal }, onChunk), this.#dead.signal, o.signal);
      };
    }
  }
  return WritingModel;
}

export const Summarizer = writingApi('summarize');
export const Writer = writingApi('write');
export const Rewriter = writingApi('rewrite');
export const Translator = writingApi('translate', 'sourceLanguage targetLanguage');
export const LanguageDetector = writingApi('detect', 'expectedInputLanguages', 1);
export const Proofreader = writingApi('proofread', 'includeCorrectionTypes includeCorrectionExplanations expectedInputLanguages correctionExplanationLanguage', 1);
