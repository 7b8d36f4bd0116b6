import { abortError, callExtension, toDOMError } from './channel';

type Role = 'system' | 'user' | 'assistant';
interface Message {
  role: Role;
  content: string;
}
type PromptInput = string | Message[];
interface CallOptions {
  signal?: AbortSignal;
}
interface CreateOptions extends CallOptions {
  initialPrompts?: Message[];
  temperature?: number;
  topK?: number;
}

// Chrome's own published values, so that feature checks written for Chrome behave alike.
const PARAMS = { defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 };

/** Reads page-supplied messages into plain data, refusing what the spec refuses. */
function toMessages(input: PromptInput, allowSystem: boolean): Message[] {
  const list = typeof input === 'string' ? [{ role: 'user' as Role, content: input }] : [...input];
  return list.map((m, i) => {
    const role = m?.role ?? 'user';
    if (role !== 'user' && role !== 'assistant' && role !== 'system') throw new TypeError(`Unknown role "${String(role)}".`);
    if (role === 'system' && !(allowSystem && i === 0)) throw new TypeError('A system prompt may only come first, in initialPrompts.');
    return { role, content: String(m.content) };
  });
}

export class LanguageModel extends EventTarget {
  #history: Message[];
  #options: CreateOptions;
  #destroyed = new AbortController();

  private constructor(history: Message[], options: CreateOptions) {
    super();
    this.#history = history;
    this.#options = options;
  }

  static async availability(): Promise<'available' | 'unavailable'> {
    return (await callExtension({ op: 'availability' }).catch((e) => Promise.reject(toDOMError(e)))) as 'available' | 'unavailable';
  }

  static async params() {
    return { ...PARAMS };
  }

  static async create(options: CreateOptions = {}): Promise<LanguageModel> {
    if (options.signal?.aborted) throw options.signal.reason ?? abortError();
    const history = toMessages(options.initialPrompts ?? [], true);
    if ((await LanguageModel.availability()) !== 'available') {
      throw new DOMException('No model is set up: set up a model in the extension first.', 'NotAllowedError');
    }
    return new LanguageModel(history, { temperature: options.temperature, topK: options.topK });
  }

  get temperature() {
    return this.#options.temperature ?? PARAMS.defaultTemperature;
  }

  get topK() {
    return this.#options.topK ?? PARAMS.defaultTopK;
  }

  /** Runs one turn; the history grows only when the turn completes. */
  #run(input: PromptInput, options: CallOptions, onChunk: (text: string) => void): Promise<string> {
    if (this.#destroyed.signal.aborted) return Promise.reject(abortError());
    const turn = toMessages(input, false);
    const signal = AbortSignal.any([this.#destroyed.signal, ...(options.signal ? [options.signal] : [])]);
    let text = '';
    const body = {
      op: 'prompt',
      messages: [...this.#history, ...turn],
      ...(this.#options.temperature !== undefined && { temperature: this.#options.temperature }),
      ...(this.#options.topK !== undefined && { topK: this.#options.topK }),
    };
    return callExtension(body, (delta) => {
      text += delta;
      onChunk(delta);
    }, signal).then(
      () => {
        this.#history.push(...turn, { role: 'assistant', content: text });
        return text;
      },
      (error) => Promise.reject(toDOMError(error)),
    );
  }

  prompt(input: PromptInput, options: CallOptions = {}): Promise<string> {
    return this.#run(input, options, () => {});
  }

  /** A stream of deltas; cancelling it stops generation at the provider. */
  promptStreaming(input: PromptInput, options: CallOptions = {}): ReadableStream<string> {
    const cancel = new AbortController();
    const signal = AbortSignal.any([cancel.signal, ...(options.signal ? [options.signal] : [])]);
    return new ReadableStream<string>({
      start: (controller) => {
        this.#run(input, { signal }, (delta) => controller.enqueue(delta)).then(
          () => controller.close(),
          (error) => controller.error(error),
        );
      },
      cancel: () => cancel.abort(),
    });
  }

  destroy(): void {
    this.#destroyed.abort(abortError());
  }
}
