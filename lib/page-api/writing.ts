import { ask, openSession } from './channel';
import { define, idl } from './idl';
import { usageOf } from './prompt-input';
import { anySignal, deltaStream, quotaError, throwIfAborted } from './streams';

type Options = Record<string, any>;

// The options each API takes, and shows back as attributes. The worker checks their values and
// fills in defaults, so the enums live in one place (lib/gateway/writing-tasks.ts).
const NAMES = ['type', 'tone', 'format', 'length', 'sharedContext', 'expectedInputLanguages', 'expectedContextLanguages', 'outputLanguage'];

/** The options a writing task carries to the worker, which checks them and fills in defaults. */
function taskOf(kind: string, o: Options): Options {
  const task: Options = { kind };
  for (const name of NAMES) if (o[name] != null) task[name] = o[name];
  return task;
}

/**
 * One class per Writing Assistance API: Summarizer, Writer, Rewriter. They differ in their
 * verb (summarize, write, rewrite), which is also the task's kind, and option enums only; the worker words
 * the system prompt from the kind and the options.
 */
function writingApi(name: string, kind: string) {
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
      return ask({ op: 'availability', task: taskOf(kind, o) }) as Promise<string>;
    }

    /** A session: its context window, and the options settled. */
    static async create(o: Options = {}) {
      throwIfAborted(o.signal);
      return new WritingModel(await openSession({ op: 'session', task: taskOf(kind, o) }, o, 1));
    }

    get inputQuota() {
      return this.#quota;
    }

    async measureInputUsage(input: unknown, o: Options = {}): Promise<number> {
      throwIfAborted(this.#dead.signal, o.signal);
      return usageOf([{ content: String(input) }, { content: `${this.#o.sharedContext}${o.context ?? ''}` }]);
    }

    /**
     * Input with nothing to work on (empty, or only whitespace) is
     * answered here, with no model call: the specs' summary of such input is empty, as is a
     * written text for an empty task, and rewriting blank text leaves it as it was.
     */
    async #run(input: unknown, o: Options, onChunk?: (text: string) => void): Promise<string> {
      const used = await this.measureInputUsage(input, o);
      if (used > this.#quota) throw quotaError(used, this.#quota);
      const content = String(input);
      if (!content.trim()) {
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
      this.#dead.abort();
    }

    static {
      idl(this, name);
      const proto = this.prototype as any;
      for (const name of NAMES) define(proto, name, { get(this: WritingModel) { return this.#o[name]; } });
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

export const Summarizer = writingApi('Summarizer', 'summarize');
export const Writer = writingApi('Writer', 'write');
export const Rewriter = writingApi('Rewriter', 'rewrite');
