import { ask, openSession, type Tools } from './channel';
import { idl } from './idl';
import { canonical, fail, usageOf, type Msg } from './prompt-input';
import { deltaStream, quotaError, throwIfAborted, anySignal } from './streams';

interface CoreOptions {
  temperature?: number;
  topK?: number;
  samplingMode?: string;
  expectedInputs?: Array<{ type: string }>;
  expectedOutputs?: Array<{ type: string }>;
  tools?: Array<{ name: string; description: string; inputSchema: object; execute: (args: unknown) => unknown }>;
}
interface CreateOptions extends CoreOptions {
  signal?: AbortSignal;
  monitor?: unknown;
  initialPrompts?: unknown[];
}
interface PromptOptions {
  signal?: AbortSignal;
  responseConstraint?: unknown;
  omitResponseConstraintInput?: boolean;
}

/** What every prompt sends besides messages: sampling, what the session expects, and the tools' declarations. */
type Sent = { temperature?: number; topK?: number; tools?: object[] } & Expected;
type Expected = Pick<CoreOptions, 'expectedInputs' | 'expectedOutputs' | 'samplingMode'>;

/** What the worker checks against the model: the types and sampling mode a session expects. */
const expected = ({ expectedInputs, expectedOutputs, samplingMode }: CoreOptions): Expected => ({
  expectedInputs,
  expectedOutputs,
  samplingMode,
});

/** The input types a session declared, which its prompts may then hold. */
const declared = (o: Expected) => o.expectedInputs?.map((e) => e.type);

/**
 * The page's constraint in wire form: a RegExp travels as source and flags, a schema as JSON.
 * A schema JSON cannot write (circular, a BigInt, a function) is a NotSupportedError, as Chrome's.
 */
function constraintOf({ responseConstraint: c, omitResponseConstraintInput: omit }: PromptOptions) {
  if (c == null) {
    if (omit) throw fail('TypeError', 'No responseConstraint to omit');
    return;
  }
  let schema;
  try {
    schema = JSON.stringify(c);
  } catch {}
  if (!schema) throw fail('NotSupportedError', 'responseConstraint is not JSON');
  return {
    constraint: c instanceof RegExp ? { regex: c.source, flags: c.flags } : { schema },
    omitConstraintInput: !!omit,
  };
}

/** A constraint the worker writes into the prompt takes context too. */
const constraintUsage = (extra: ReturnType<typeof constraintOf>) =>
  extra && !extra.omitConstraintInput ? usageOf([{ content: JSON.stringify(extra.constraint) }]) : 0;

export class LanguageModel extends EventTarget {
  #init: Msg[];
  #turns: Msg[];
  #o: Sent;
  #tools: Tools;
  #window: number;
  #dead = new AbortController();
  #taken: boolean;

  private constructor(init: Msg[], o: Sent, window: number, turns: Msg[], tools: Tools) {
    super();
    this.#tools = tools;
    this.#init = init;
    this.#o = o;
    this.#window = window;
    this.#turns = turns;
    this.#taken = init.length + turns.length > 0;
  }

  static async availability(o: CoreOptions = {}): Promise<string> {
    return ask({ op: 'availability', ...expected(o) }) as Promise<string>;
  }

  /**
   * Chrome's own published values, so that feature checks written for Chrome behave alike (the
   * worker clamps to the same maxima). The spec marks params(), topK and temperature as
   * experimental, for extension contexts; a page keeps params() and the create() options, and the
   * sampling it asked for goes to the provider, but a session no longer shows topK or temperature.
   */
  static async params() {
    return { defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 };
  }

  static async create(o: CreateOptions = {}): Promise<LanguageModel> {
    throwIfAborted(o.signal);
    const init = o.initialPrompts?.length ? await canonical(o.initialPrompts, false, declared(o)) : [];
    const tools: Tools = new Map();
    const offered = [];
    for (const { name, description, inputSchema, execute } of o.tools ?? []) {
      if (typeof execute !== 'function') throw fail('TypeError', `Tool ${name} has no execute()`);
      tools.set(name, execute);
      offered.push({ name, description, inputSchema: JSON.stringify(inputSchema) });
    }
    // The worker checks topK and temperature, and answers them clamped (lib/gateway/sampling.ts).
    const { window, sampling } = await openSession(
      { op: 'session', temperature: o.temperature, topK: o.topK, ...expected(o) },
      o,
      1,
    );
    const session = new LanguageModel(
      init,
      { ...sampling, ...(offered[0] && { tools: offered }), ...expected(o) },
      window,
      [],
      tools,
    );
    session.#fit(0);
    return session;
  }

  get samplingMode() {
    return this.#o.samplingMode ?? null;
  }
  get contextWindow() {
    return this.#window;
  }
  get inputQuota() {
    return this.#window;
  }
  get contextUsage() {
    return usageOf([...this.#init, ...this.#turns]);
  }
  get inputUsage() {
    return this.contextUsage;
  }

  /**
   * Makes room for `needed` more tokens by dropping the oldest prompt/response pairs, never
   * the initial prompts; fires contextoverflow when it drops any, QuotaExceededError when
   * even an empty history would not hold the input.
   */
  #fit(needed: number): void {
    const floor = usageOf(this.#init) + needed;
    if (floor > this.#window) throw quotaError(floor, this.#window);
    let dropped;
    while (this.contextUsage + needed > this.#window) {
      let end = 1;
      while (this.#turns[end] && this.#turns[end]!.role !== 'user') end++;
      dropped = this.#turns.splice(0, end);
    }
    if (dropped) for (const type of ['contextoverflow', 'quotaoverflow']) this.dispatchEvent(new Event(type));
  }

  /**
   * Checks and canonicalizes input, and makes room for it in the context window. Input counts
   * as appended from the call on, as the spec's context usage grows at prefill, so a system
   * message is refused while an earlier prompt is still pending; canonical() checks roles at once.
   */
  async #take(input: unknown, o: PromptOptions, extra?: ReturnType<typeof constraintOf>): Promise<Msg[]> {
    throwIfAborted(this.#dead.signal, o.signal);
    const checked = canonical(input, this.#taken, declared(this.#o));
    this.#taken = true;
    const turn = await checked;
    this.#fit(usageOf(turn) + constraintUsage(extra));
    return turn;
  }

  /** Sends one turn; the history keeps it only once the answer is complete. */
  async #run(input: unknown, o: PromptOptions, onChunk?: (text: string) => void): Promise<string> {
    const extra = constraintOf(o);
    const turn = await this.#take(input, o, extra);
    const prefix = turn.at(-1)!.prefix ? (turn.pop()!.content as string) : '';
    let text = '';
    await ask(
      {
        op: 'prompt',
        messages: [
          ...this.#init,
          ...this.#turns,
          ...turn,
          ...(prefix ? [{ role: 'assistant', content: prefix }] : []),
        ].map(({ role, content }) => ({ role, content })),
        ...this.#o,
        ...extra,
      },
      (delta) => {
        text += delta;
        onChunk?.(delta);
      },
      anySignal(this.#dead.signal, o.signal),
      this.#tools,
    );
    this.#turns.push(...turn, { role: 'assistant', content: prefix + text });
    return text;
  }

  prompt(input: unknown, o: PromptOptions = {}): Promise<string> {
    return this.#run(input, o);
  }

  promptStreaming(input: unknown, o: PromptOptions = {}): ReadableStream<string> {
    return deltaStream((onChunk, signalled) => this.#run(input, signalled, onChunk), this.#dead.signal, o);
  }

  /** Adds messages without asking for an answer; they go with the next prompt. */
  async append(input: unknown, o: PromptOptions = {}): Promise<undefined> {
    this.#turns.push(...(await this.#take(input, o)));
  }

  async measureContextUsage(input: unknown, o: PromptOptions = {}): Promise<number> {
    throwIfAborted(this.#dead.signal, o.signal);
    return usageOf(await canonical(input, false, declared(this.#o))) + constraintUsage(constraintOf(o));
  }

  measureInputUsage(input: unknown, o: PromptOptions = {}): Promise<number> {
    return this.measureContextUsage(input, o);
  }

  /** A new session with this one's history, options and usage; the two then go their own ways. */
  async clone(o: { signal?: AbortSignal } = {}): Promise<LanguageModel> {
    throwIfAborted(this.#dead.signal, o.signal);
    return new LanguageModel([...this.#init], this.#o, this.#window, [...this.#turns], this.#tools);
  }

  destroy(): void {
    // The signal's own reason: a new AbortError DOMException, as the spec's destroy() gives.
    this.#dead.abort();
  }

  static {
    idl(this, 'LanguageModel', 'contextoverflow', 'quotaoverflow');
  }
}
