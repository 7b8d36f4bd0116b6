import { ask, openSession } from './channel';
import { define, idl } from './idl';
import { usageOf } from './prompt-input';
import { anySignal, deltaStream, quotaError, throwIfAborted } from './streams';

type Options = Record<string, any>;

// The options each API takes, and shows back as attributes, space-separated. The worker checks
// their values and fills in defaults, so the enums live in one place (lib/gateway/writing-tasks.ts).
const WRITERS = 'type tone format length sharedContext expectedInputLanguages expectedContextLanguages outputLanguage';

/** The options a task carries to the worker, which checks them and fills in defaults. */
function taskOf(kind: string, names: string[], o: Options): Options {
  const task: Options = { kind };
  for (const name of names) if (o[name] != null) task[name] = o[name];
  return task;
}

/**
 * One class per API: Summarizer, Writer, Rewriter, Translator, LanguageDetector, Proofreader.
 * They differ in their verb (summarize, write, rewrite, translate, detect, proofread), which is
 * also the task's kind, and their options only; the worker words the system prompt from both.
 * An API whose answer is structured (detect, proofread) has no streaming verb: the worker checks
 * the whole answer, then sends it as one JSON value.
 */
function writingApi(name: string, kind: string, options = WRITERS, structured?: 1) {
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
      return ask({ op: 'availability', task: taskOf(kind, names, o) }) as Promise<string>;
    }

    /** A session: its context window, and the options settled. */
    static async create(o: Options = {}) {
      throwIfAborted(o.signal);
      return new WritingModel(await openSession({ op: 'session', task: taskOf(kind, names, o) }, o, 1));
    }

    get inputQuota() {
      return this.#quota;
    }

    async measureInputUsage(input: unknown, o: Options = {}): Promise<number> {
      throwIfAborted(this.#dead.signal, o.signal);
      return usageOf([{ content: String(input) }, { content: `${this.#o.sharedContext ?? ''}${o.context ?? ''}` }]);
    }

    /**
     * Input with nothing to work on (empty, or only whitespace) is answered by the worker with
     * no model call (lib/gateway/task-reply.ts): the specs' empty summary, written text or
     * translation, the same text rewritten, an undetermined language, nothing to fix.
     */
    async #run(input: unknown, o: Options, onChunk?: (text: string) => void): Promise<unknown> {
      const used = await this.measureInputUsage(input, o);
      if (used > this.#quota) throw quotaError(used, this.#quota);
      let text = '';
      const value = await ask(
        {
          op: 'prompt',
          messages: [{ role: 'user', content: String(input) }],
          task: { ...this.#o, context: o.context },
        },
        (d) => (onChunk?.(d), (text += d)),
        anySignal(this.#dead.signal, o.signal),
      );
      return value ? JSON.parse(value) : text;
    }

    destroy(): void {
      this.#dead.abort();
    }

    static {
      idl(this, name);
      const proto = this.prototype as any;
      for (const name of names)
        define(proto, name, {
          get(this: WritingModel) {
            return this.#o[name];
          },
        });
      proto[kind] = function (this: WritingModel, input: unknown, o: Options = {}) {
        return this.#run(input, o);
      };
      if (!structured)
        proto[`${kind}Streaming`] = function (this: WritingModel, input: unknown, o: Options = {}) {
          return deltaStream((onChunk, signalled) => this.#run(input, signalled, onChunk), this.#dead.signal, o);
        };
    }
  }
  return WritingModel;
}

export const Summarizer = writingApi('Summarizer', 'summarize');
export const Writer = writingApi('Writer', 'write');
export const Rewriter = writingApi('Rewriter', 'rewrite');
export const Translator = writingApi('Translator', 'translate', 'sourceLanguage targetLanguage');
export const LanguageDetector = writingApi('LanguageDetector', 'detect', 'expectedInputLanguages', 1);
export const Proofreader = writingApi(
  'Proofreader',
  'proofread',
  'includeCorrectionTypes includeCorrectionExplanations expectedInputLanguages correctionExplanationLanguage',
  1,
);
