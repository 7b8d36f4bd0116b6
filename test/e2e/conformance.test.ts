import { beforeAll, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { modelFactsInPopup } from './harness/configure';
import { useExtension } from './harness/fixture';
import type { OpenAITestServer } from '../servers/openai-compatible';

// The Prompt API's LanguageModel, member by member and error rule by error rule, as a page
// sees it. Page functions run in the MAIN world, as a site's own script would.
type W = typeof globalThis & { LanguageModel: any };
type Sent = { messages: Array<{ role: string; content: unknown }>; response_format?: unknown; temperature?: number };

/** The chat request bodies the provider received since `from`. */
const sentSince = (provider: OpenAITestServer, from: number) =>
  provider.requests
    .slice(from)
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.body as Sent);

/** In the page: a promise's outcome as data, a rejection as its name, message and realm. */
type Outcome = { value?: any; error?: string; message?: string; dom?: boolean };
declare const settle: (p: Promise<unknown>) => Promise<Outcome>;
function installSettle() {
  (globalThis as any).settle = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: any) => ({ error: e?.name, message: String(e?.message), dom: e instanceof DOMException }),
    );
}

describe.each(browsers)('LanguageModel conformance in %s', (name) => {
  const f = useExtension(name, {
    title: 'Conformance page',
    server: { lmStudio: { 'test-model': { type: 'llm', max_context_length: 8192 } } },
  });
  // The provider's list says the model's window (LM Studio's form): the page's figures and
  // QuotaExceededError rest on it once the catalog has fetched it.
  beforeAll(() => modelFactsInPopup(f.browser, /8,192 tokens \(from the provider\)/));
  const run = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => f.page.evaluate(fn, arg as A);
  beforeAll(() => f.page.evaluate(installSettle, undefined));

  describe('statics', () => {
    it('availability() is "available" with a model, "unavailable" for inputs the model cannot take', async () => {
      const seen = await run(async () => {
        const LM = (globalThis as W).LanguageModel;
        return [
          await LM.availability(),
          await LM.availability({ expectedInputs: [{ type: 'text', languages: ['en'] }] }),
          await LM.availability({ expectedInputs: [{ type: 'audio' }] }),
          await LM.availability({ expectedOutputs: [{ type: 'image' }] }),
        ];
      });
      expect(seen).toEqual(['available', 'available', 'unavailable', 'unavailable']);
    });

    it('params() gives Chrome’s values', async () => {
      expect(await run(() => (globalThis as W).LanguageModel.params())).toEqual({
        defaultTopK: 3,
        maxTopK: 128,
        defaultTemperature: 1,
        maxTemperature: 2,
      });
    });

    it('create() runs the monitor: downloadprogress at 0 then 1, as fractions of a computable total, before the session resolves', async () => {
      const events = await run(async () => {
        const log: string[] = [];
        await (globalThis as W).LanguageModel.create({
          monitor: (m: EventTarget) =>
            m.addEventListener('downloadprogress', (e) => {
              const p = e as ProgressEvent;
              log.push(`${p.type}:${p.loaded}/${p.total}:${p.lengthComputable}`);
            }),
        });
        log.push('created');
        return log;
      });
      expect(events).toEqual(['downloadprogress:0/1:true', 'downloadprogress:1/1:true', 'created']);
    });

    it('event handler attributes are accessors on the prototypes: the monitor’s ondownloadprogress hears progress, oncontextoverflow is LanguageModel’s', async () => {
      const out = await run(async () => {
        const LM = (globalThis as W).LanguageModel;
        const heard: number[] = [];
        let monitor: any;
        await LM.create({
          monitor: (m: any) => {
            monitor = m;
            m.ondownloadprogress = (e: ProgressEvent) => heard.push(e.loaded);
          },
        });
        const proto = Object.getPrototypeOf(monitor);
        const kinds = (o: object, name: string) => {
          const d = Object.getOwnPropertyDescriptor(o, name);
          return d ? `${typeof d.get}/${typeof d.set}` : 'none';
        };
        const s = await LM.create();
        s.oncontextoverflow = 'not a function';
        return {
          heard,
          monitor: [
            Object.prototype.toString.call(monitor),
            kinds(proto, 'ondownloadprogress'),
            Object.hasOwn(monitor, 'ondownloadprogress'),
          ],
          session: [
            'oncontextoverflow' in LM.prototype,
            kinds(LM.prototype, 'oncontextoverflow'),
            kinds(LM.prototype, 'onquotaoverflow'),
            Object.hasOwn(s, 'oncontextoverflow'),
            s.oncontextoverflow,
          ],
        };
      });
      expect(out).toEqual({
        heard: [0, 1],
        monitor: ['[object CreateMonitor]', 'function/function', false],
        session: [true, 'function/function', 'function/function', false, null],
      });
    });

    it('create() rejects with the signal’s reason when the page aborts it from the last downloadprogress listener', async () => {
      const out = await run(async () => {
        const g = globalThis as any;
        const abortAtOne = (name: string) => {
          const c = new AbortController();
          const monitor = (m: EventTarget) =>
            m.addEventListener(
              'downloadprogress',
              (e) => (e as ProgressEvent).loaded === 1 && c.abort(new Error(`stop ${name}`)),
            );
          return settle(g[name].create({ signal: c.signal, monitor }));
        };
        return [await abortAtOne('LanguageModel'), await abortAtOne('Writer')];
      });
      expect(out.map((o) => o.message)).toEqual(['stop LanguageModel', 'stop Writer']);
    });

    it('create() rejects with the signal’s reason when already aborted', async () => {
      const out = await run(() => {
        const c = new AbortController();
        c.abort();
        return settle((globalThis as W).LanguageModel.create({ signal: c.signal }));
      });
      expect(out).toMatchObject({ error: 'AbortError', dom: true });
    });

    it('create() checks topK and temperature: both or neither, in range, clamped to the maximum; the session does not show them', async () => {
      f.provider.script({ deltas: ['ok'] });
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const LM = (globalThis as W).LanguageModel;
        const s = await LM.create({ topK: 1_000, temperature: 5 });
        await s.prompt('t');
        return {
          onlyOne: await settle(LM.create({ temperature: 0.5 })),
          low: await settle(LM.create({ topK: 0, temperature: 1 })),
          shown: ['topK' in s, 'temperature' in s, 'topK' in LM.prototype, 'temperature' in LM.prototype],
        };
      });
      expect(out.onlyOne).toMatchObject({ error: 'NotSupportedError', dom: true });
      expect(out.low).toMatchObject({ error: 'RangeError', dom: false });
      expect(out.shown).toEqual([false, false, false, false]);
      expect(sentSince(f.provider, from)[0]?.temperature).toBe(2);
    });

    it('create() refuses undeclarable inputs with NotSupportedError and a misplaced system prompt with TypeError', async () => {
      const out = await run(async () => {
        const LM = (globalThis as W).LanguageModel;
        return [
          await settle(LM.create({ expectedInputs: [{ type: 'image' }] })),
          await settle(
            LM.create({
              initialPrompts: [
                { role: 'user', content: 'hi' },
                { role: 'system', content: 'late' },
              ],
            }),
          ),
          await settle(LM.create({ initialPrompts: [{ role: 'robot', content: 'x' }] })),
          await settle(LM.create({ tools: [{ name: 'x', description: 'no execute', inputSchema: {} }] })),
        ];
      });
      expect(out.map((o) => o.error)).toEqual(['NotSupportedError', 'TypeError', 'TypeError', 'TypeError']);
      expect(out[0]).toMatchObject({ dom: true });
    });

    it('create() and availability() refuse a malformed language tag with a RangeError, and take a well-formed one', async () => {
      const out = await run(async () => {
        const LM = (globalThis as W).LanguageModel;
        return [
          await settle(LM.create({ expectedInputs: [{ type: 'text', languages: ['en-US', '12345678901'] }] })),
          await settle(LM.availability({ expectedOutputs: [{ type: 'text', languages: ['en_US'] }] })),
          await settle(LM.availability({ expectedInputs: [{ type: 'text', languages: ['sr-Cyrl', 'de-CH-1901'] }] })),
        ];
      });
      expect(out.map((o) => o.error ?? o.value)).toEqual(['RangeError', 'RangeError', 'available']);
      expect(out[0]).toMatchObject({ dom: false });
    });

    it('create() sends the session’s temperature to the provider', async () => {
      f.provider.script({ deltas: ['ok'] });
      const from = f.provider.requests.length;
      await run(async () => (await (globalThis as W).LanguageModel.create({ temperature: 0.25, topK: 5 })).prompt('t'));
      expect(sentSince(f.provider, from)[0]?.temperature).toBe(0.25);
    });
  });

  describe('prompting', () => {
    it('promptStreaming() yields deltas, and cancelling the stream stops the provider', async () => {
      f.provider.script({ deltas: Array.from({ length: 200 }, (_, i) => `d${i} `), delayMs: 40 });
      const closed = f.provider.nextClose(10_000);
      const chunks = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const reader = (s.promptStreaming('count') as ReadableStream<string>).getReader();
        const got = [(await reader.read()).value, (await reader.read()).value];
        await reader.cancel();
        return got;
      });
      expect(chunks).toEqual(['d0 ', 'd1 ']);
      await expect(closed).resolves.toBeUndefined();
    });

    it('promptStreaming() throws at once, with no stream, on an aborted signal (its reason) and after destroy() (AbortError)', async () => {
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const thrown = (call: () => unknown) => {
          try {
            return `returned ${Object.prototype.toString.call(call())}`;
          } catch (e: any) {
            return `${e?.name}: ${e instanceof DOMException}`;
          }
        };
        const c = new AbortController();
        c.abort();
        const aborted = thrown(() => s.promptStreaming('hi', { signal: c.signal }));
        s.destroy();
        return [aborted, thrown(() => s.promptStreaming('hi'))];
      });
      expect(out).toEqual(['AbortError: true', 'AbortError: true']);
      expect(sentSince(f.provider, from)).toHaveLength(0);
    });

    it('a system message after the first input is a TypeError, from prompt() and append()', async () => {
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create({
          initialPrompts: [{ role: 'user', content: 'Hello.' }],
        });
        return [
          await settle(s.prompt([{ role: 'system', content: 'late' }])),
          await settle(
            s.append([
              { role: 'user', content: 'a' },
              { role: 'system', content: 'b' },
            ]),
          ),
        ];
      });
      expect(out.map((o) => o.error)).toEqual(['TypeError', 'TypeError']);
    });

    it('a system message is a TypeError while the first prompt is still pending, and is not sent', async () => {
      f.provider.script({ deltas: ['slow', ' answer'], delayMs: 200 });
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const first = s.prompt('first');
        const late = await settle(s.prompt([{ role: 'system', content: 'late' }]));
        return { late, first: await first };
      });
      expect(out).toMatchObject({ late: { error: 'TypeError' }, first: 'slow answer' });
      expect(sentSince(f.provider, from)).toHaveLength(1);
    });

    it('undeclared image content is a NotSupportedError', async () => {
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        return settle(s.prompt([{ role: 'user', content: [{ type: 'image', value: new Blob(['x']) }] }]));
      });
      expect(out).toMatchObject({ error: 'NotSupportedError', dom: true });
    });

    it('prefix: true on the last assistant message continues it; anywhere else it is a SyntaxError', async () => {
      f.provider.script({ deltas: [' 42}'] });
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const text = await s.prompt([
          { role: 'user', content: 'Give JSON' },
          { role: 'assistant', content: '{"n":', prefix: true },
        ]);
        return {
          text,
          notLast: await settle(
            s.prompt([
              { role: 'assistant', content: 'x', prefix: true },
              { role: 'user', content: 'y' },
            ]),
          ),
          notAssistant: await settle(s.prompt([{ role: 'user', content: 'x', prefix: true }])),
        };
      });
      expect(out.text).toBe(' 42}');
      expect(sentSince(f.provider, from)[0]?.messages.at(-1)).toEqual({ role: 'assistant', content: '{"n":' });
      expect(out.notLast).toMatchObject({ error: 'SyntaxError', dom: true });
      expect(out.notAssistant).toMatchObject({ error: 'SyntaxError', dom: true });
    });

    it('append() adds messages that go with the next prompt, without a call of their own', async () => {
      f.provider.script({ deltas: ['seen'] });
      const from = f.provider.requests.length;
      await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        await s.append('first fact');
        await s.append([{ role: 'user', content: 'second fact' }]);
        return s.prompt('question');
      });
      const sent = sentSince(f.provider, from);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.messages.map((m) => m.content)).toEqual(['first fact', 'second fact', 'question']);
    });
  });

  describe('context', () => {
    it('contextWindow, contextUsage and measureContextUsage, and their deprecated aliases, agree', async () => {
      f.provider.script({ deltas: ['abcd'] });
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create({
          initialPrompts: [{ role: 'system', content: 'x'.repeat(40) }],
        });
        const before = s.contextUsage;
        const measured = await s.measureContextUsage('y'.repeat(400));
        const alias = await s.measureInputUsage('y'.repeat(400));
        await s.prompt('y'.repeat(400));
        return {
          window: s.contextWindow,
          quota: s.inputQuota,
          before,
          measured,
          alias,
          after: s.contextUsage,
          inputUsage: s.inputUsage,
        };
      });
      // About four characters a token, plus four tokens of framing a message.
      expect(out).toEqual({
        window: 8192,
        quota: 8192,
        before: 14,
        measured: 104,
        alias: 104,
        after: 14 + 104 + 5,
        inputUsage: 14 + 104 + 5,
      });
    });

    it('measureContextUsage() counts a response constraint, and omitResponseConstraintInput alone is a TypeError', async () => {
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
        return {
          plain: await s.measureContextUsage('hi'),
          guided: await s.measureContextUsage('hi', { responseConstraint: schema }),
          omitted: await s.measureContextUsage('hi', { responseConstraint: schema, omitResponseConstraintInput: true }),
          bad: await settle(s.measureContextUsage('hi', { omitResponseConstraintInput: true })),
        };
      });
      expect(out.guided).toBeGreaterThan(out.plain);
      expect(out.omitted).toBe(out.plain);
      expect(out.bad).toMatchObject({ error: 'TypeError' });
    });

    it('overflow drops the oldest prompt/response pair, keeps the initial prompts, and fires contextoverflow then quotaoverflow', async () => {
      f.provider.script((body: Sent) => ({ deltas: [`reply${body.messages.length}`] }));
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const log: string[] = [];
        const s = await (globalThis as W).LanguageModel.create({
          initialPrompts: [{ role: 'system', content: 'Keep me.' }],
        });
        s.addEventListener('contextoverflow', () => log.push('contextoverflow'));
        s.oncontextoverflow = () => log.push('oncontextoverflow');
        s.onquotaoverflow = () => log.push('onquotaoverflow');
        await s.prompt('a'.repeat(20_000));
        log.push('first done');
        await s.prompt('b'.repeat(20_000));
        log.push('second done');
        return { log, usage: s.contextUsage, window: s.contextWindow };
      });
      expect(out.log).toEqual(['first done', 'contextoverflow', 'oncontextoverflow', 'onquotaoverflow', 'second done']);
      expect(out.usage).toBeLessThanOrEqual(out.window);
      const second = sentSince(f.provider, from)[1]!;
      expect(second.messages.map((m) => (m.content as string).slice(0, 8))).toEqual(['Keep me.', 'bbbbbbbb']);
    });

    it('QuotaExceededError when even the initial prompts and the input do not fit, and nothing is sent', async () => {
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const e: any = await s.prompt('z'.repeat(40_000)).catch((x: unknown) => x);
        const tooBig = await settle(
          (globalThis as W).LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'z'.repeat(40_000) }] }),
        );
        return { name: e.name, dom: e instanceof DOMException, requested: e.requested, quota: e.quota, tooBig };
      });
      expect(out).toMatchObject({ name: 'QuotaExceededError', dom: true, requested: 10_004, quota: 8192 });
      expect(out.tooBig).toMatchObject({ error: 'QuotaExceededError' });
      expect(sentSince(f.provider, from)).toHaveLength(0);
    });
  });

  describe('clone and destroy', () => {
    it('clone() keeps history, usage and sampling, then the two sessions go their own ways', async () => {
      f.provider.script((body: Sent) => ({ deltas: [`n${body.messages.length}`] }));
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create({ temperature: 0.5, topK: 4 });
        await s.prompt('one');
        const c = await s.clone();
        const same = c.contextUsage === s.contextUsage;
        return {
          same,
          fromClone: await c.prompt('two'),
          fromOriginal: await s.prompt('two'),
          again: await c.prompt('three'),
        };
      });
      expect(out).toEqual({ same: true, fromClone: 'n3', fromOriginal: 'n3', again: 'n5' });
      expect(sentSince(f.provider, from).map((b) => b.temperature)).toEqual([0.5, 0.5, 0.5, 0.5]);
    });

    it('destroy() rejects pending and later calls with AbortError and stops the provider', async () => {
      f.provider.script({ deltas: Array.from({ length: 100 }, (_, i) => `x${i}`), delayMs: 50 });
      const closed = f.provider.nextClose(10_000);
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const pending = settle(s.prompt('long'));
        await new Promise((r) => setTimeout(r, 300));
        s.destroy();
        return {
          pending: await pending,
          later: await settle(s.prompt('again')),
          clone: await settle(s.clone()),
          append: await settle(s.append('x')),
        };
      });
      expect(out.pending).toMatchObject({ error: 'AbortError', dom: true });
      expect([out.later.error, out.clone.error, out.append.error]).toEqual(['AbortError', 'AbortError', 'AbortError']);
      await expect(closed).resolves.toBeUndefined();
    });

    it('a removed frame’s API throws InvalidStateError, for create() and for a session made before, and sends nothing', async () => {
      f.provider.script({ deltas: ['ok'] });
      const before = sentSince(f.provider, 0).length;
      const out = await run(async () => {
        const frame = document.createElement('iframe');
        frame.src = location.href;
        await new Promise((r) => {
          frame.onload = r;
          document.body.append(frame);
        });
        const LM = (frame.contentWindow as unknown as W).LanguageModel;
        const session = await LM.create();
        frame.remove();
        // Firefox never settles a promise of a removed frame's realm, so each outcome gets a second.
        const within = (p: Promise<unknown>) =>
          Promise.race([settle(p), new Promise<Outcome>((r) => setTimeout(() => r({ error: 'pending' }), 1_000))]);
        return {
          create: await within(LM.create()),
          prompt: await within(session.prompt('hi')),
          measure: await within(session.measureContextUsage('hi')),
        };
      });
      const expected =
        name === 'chromium' ? 'InvalidStateError' : expect.stringMatching(/^(InvalidStateError|pending)$/);
      for (const outcome of [out.create, out.prompt, out.measure]) expect(outcome).toMatchObject({ error: expected });
      expect(sentSince(f.provider, 0).length).toBe(before);
    });
  });

  describe('responseConstraint', () => {
    const schema = {
      type: 'object',
      properties: { rating: { type: 'integer', minimum: 1, maximum: 5 } },
      required: ['rating'],
    };

    it('a JSON Schema goes to the provider’s JSON mode and into the prompt, and a conforming answer resolves', async () => {
      f.provider.script({ deltas: ['{"rating"', ': 4}'] });
      const from = f.provider.requests.length;
      const text = await run(
        async (s) => (await (globalThis as W).LanguageModel.create()).prompt('Rate it', { responseConstraint: s }),
        schema,
      );
      expect(JSON.parse(text)).toEqual({ rating: 4 });
      const sent = sentSince(f.provider, from)[0]!;
      expect(sent.response_format).toMatchObject({ type: expect.stringMatching(/^json/) });
      expect(sent.messages.at(-1)?.content).toMatch(/^Rate it\n\n.*JSON Schema.*"rating"/s);
    });

    it('omitResponseConstraintInput leaves the prompt as the page wrote it', async () => {
      f.provider.script({ deltas: ['{"rating":2}'] });
      const from = f.provider.requests.length;
      await run(
        async (s) =>
          (await (globalThis as W).LanguageModel.create()).prompt('Rate it as JSON', {
            responseConstraint: s,
            omitResponseConstraintInput: true,
          }),
        schema,
      );
      expect(sentSince(f.provider, from)[0]?.messages.at(-1)?.content).toBe('Rate it as JSON');
    });

    it('an answer that does not meet the schema, or is not JSON, is a SyntaxError', async () => {
      const outcomes = [];
      for (const deltas of [['{"rating": 9}'], ['no JSON here']]) {
        f.provider.script({ deltas });
        outcomes.push(
          await run(
            async (s) =>
              settle((await (globalThis as W).LanguageModel.create()).prompt('Rate', { responseConstraint: s })),
            schema,
          ),
        );
      }
      expect(outcomes.map((o) => o.error)).toEqual(['SyntaxError', 'SyntaxError']);
      expect(outcomes[0]).toMatchObject({ dom: true, message: expect.stringMatching(/rating/) });
    });

    it('a schema JSON.stringify cannot write (circular, BigInt) is a NotSupportedError, and nothing is sent', async () => {
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const circular: Record<string, unknown> = { type: 'object' };
        circular.self = circular;
        return [
          await settle(s.prompt('x', { responseConstraint: circular })),
          await settle(s.measureContextUsage('x', { responseConstraint: circular })),
          await settle(s.prompt('x', { responseConstraint: { type: 'integer', maximum: BigInt(1) } })),
        ];
      });
      for (const o of out) expect(o).toMatchObject({ error: 'NotSupportedError', dom: true });
      expect(sentSince(f.provider, from)).toHaveLength(0);
    });

    it('after an assistant prefix, the prefix and the continuation together must meet the schema', async () => {
      const outcomes = [];
      for (const deltas of [[' 4}'], [' 9}']]) {
        f.provider.script({ deltas });
        outcomes.push(
          await run(async (s) => {
            const session = await (globalThis as W).LanguageModel.create();
            return settle(
              session.prompt(
                [
                  { role: 'user', content: 'Rate it' },
                  { role: 'assistant', content: '{"rating":', prefix: true },
                ],
                { responseConstraint: s },
              ),
            );
          }, schema),
        );
      }
      expect(outcomes[0]).toEqual({ value: ' 4}' });
      expect(outcomes[1]).toMatchObject({ error: 'SyntaxError', message: expect.stringMatching(/rating/) });
    });

    it('a RegExp must match the whole answer, streamed or not', async () => {
      f.provider.script({ deltas: ['ye', 's'] });
      const yes = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create();
        const out: string[] = [];
        for await (const d of s.promptStreaming('Yes or no?', { responseConstraint: /yes|no/ })) out.push(d);
        return out;
      });
      expect(yes).toEqual(['ye', 's']);
      f.provider.script({ deltas: ['maybe'] });
      const maybe = await run(async () =>
        settle((await (globalThis as W).LanguageModel.create()).prompt('Yes or no?', { responseConstraint: /yes|no/ })),
      );
      expect(maybe).toMatchObject({ error: 'SyntaxError' });
    });
  });

  describe('tools', () => {
    it('runs the page’s execute with the model’s arguments, in the page, and the model answers with its result', async () => {
      f.provider.script((body: Sent) =>
        body.messages.some((m) => m.role === 'tool')
          ? { deltas: ['It is ', body.messages.find((m) => m.role === 'tool')!.content as string] }
          : { deltas: [], toolCalls: [{ name: 'weather', arguments: '{"city":"Paris"}' }] },
      );
      const from = f.provider.requests.length;
      const out = await run(async () => {
        const calls: unknown[] = [];
        const s = await (globalThis as W).LanguageModel.create({
          tools: [
            {
              name: 'weather',
              description: 'The weather in a city.',
              inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              execute: async (args: { city: string }) => {
                calls.push({ args, inPage: typeof document !== 'undefined' });
                return `sunny in ${args.city}`;
              },
            },
          ],
        });
        return { text: await s.prompt('Weather in Paris?'), calls };
      });
      expect(out).toEqual({ text: 'It is sunny in Paris', calls: [{ args: { city: 'Paris' }, inPage: true }] });
      const sent = sentSince(f.provider, from);
      expect(sent).toHaveLength(2);
      expect(sent[1]?.messages.find((m) => m.role === 'tool')?.content).toBe('sunny in Paris');
      expect(f.provider.contractErrors).toEqual([]);
    });

    it('a tool that throws tells the model so, and the prompt still completes', async () => {
      f.provider.script((body: Sent) =>
        body.messages.some((m) => m.role === 'tool')
          ? { deltas: ['recovered'] }
          : { deltas: [], toolCalls: [{ name: 'broken', arguments: '{}' }] },
      );
      const from = f.provider.requests.length;
      const text = await run(async () => {
        const s = await (globalThis as W).LanguageModel.create({
          tools: [
            {
              name: 'broken',
              description: 'Always fails.',
              inputSchema: { type: 'object' },
              execute: () => Promise.reject(new Error('out of order')),
            },
          ],
        });
        return s.prompt('try');
      });
      expect(text).toBe('recovered');
      expect(JSON.stringify(sentSince(f.provider, from)[1]?.messages.find((m) => m.role === 'tool'))).toMatch(
        /out of order/,
      );
    });
  });
});
