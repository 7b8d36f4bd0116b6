import { abortError, ask, openSession } from './channel';
import { usageOf } from './prompt-input';
import { anySignal, deltaStream, quotaError, throwIfAborted } from './streams';

type Options = Record<string, any>;

// The options each API takes, and shows back as attributes. The worker checks their values and
// fills in defaults, so the enums live in one place (lib/gateway/writing-tasks.ts).
const NAMES = ['type', 'tone', 'format', 'length', 'sharedContext', 'expectedInputLanguages', 'expectedContextLanguages', 'outputLanguage'];

/** Asks the worker for a session: its context window, and the options settled. */
async function session(kind: string, o: Options, create?: 1): Promise<{ window: number; task: Options }> {
  throwIfAborted(o.signal);
  const task: Options = { kind };
  for (const name of NAMES) if (o[name] != null) task[name] = o[name];
  return openSession({ op: 'session', task }, o, create);
}

/**
 * One class per Writing Assistance API: Summarizer, Writer, Rewriter. They differ in their
 * verb (summarize, write, rewrite), which is also the task's kind, and option enums only; the worker words
 * the system prompt from the kind and the options.
 */
function writingApi(kind: string) {
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
      return session(kind, o).then(
        () => ask({ op: 'availability' }) as Promise<string>,
        (e) => (e.name === 'NotAllowedError' ? 'unavailable' : Promise.reject(e)),
      );
    }

    static async create(o: Options = {}) {
      return new WritingModel(await session(kind, o, 1));
    }

    get inputQuota() {
      return this.#quota;
    }

    async measureInputUsage(input: unknown, o: Options = {}): Promise<number> {
      throwIfAborted(this.#dead.signal, o.signal);
      return usageOf([{ content: String(input) }, { content: `${this.#o.sharedContext}${o.context ?? ''}` }]);
    }

    /**
     * Input with nothing to work on (empty, or only whitespace and control characters) is
     * answered here, with no model call: the specs' summary of such input is empty, as is a
     * written text for an empty task, and rewriting blank text leaves it as it was.
     */
    async #run(input: unknown, o: Options, onChunk?: (text: string) => void): Promise<string> {
      const used = await this.measureInputUsage(input, o);
      if (used > this.#quota) throw quotaError(used, this.#quota);
      const content = String(input);
      if (/^[\s\p{Cc}]*$/u.test(content)) {
        const same = kind === 'rewrite' ? content : '';
        if (same) onChunk?.(same);
        return same;
      }
      let text = '';
      await ask(
        { op: 'prompt', messages: [{ role: 'user', content }], task: { ...this.#o, context: o.context } },
        (d) => (onChunk?.(d), (text += d)),
        anySignal(this.#dead.signal, o.signal),
      );
      return text;
    }

    destroy(): void {
      this.#dead.abort(abortError());
    }

    static {
      const proto = this.prototype as any;
      for (const name of NAMES) Object.defineProperty(proto, name, { get(this: WritingModel) { return this.#o[name]; } });
      proto[kind] = function (this: WritingModel, input: unknown, o: Options = {}) {
        return this.#run(input, o);
      };
      proto[`${kind}Streaming`] = function (this: WritingModel, input: unknown, o: Options = {}) {
        return deltaStream((onChunk, signal) => this.#run(input, { ...o, signal }, onChunk), this.#dead.signal, o.signal);
      };
    }
  }
  return WritingModel;
}

export const Summarizer = writingApi('summarize');
export const Writer = writingApi('write');
export const Rewriter = writingApi('rewrite');
