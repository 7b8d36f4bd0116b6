import { describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { useExtension } from './harness/fixture';

// Every interface the extension installs, member by member, against the specs' IDL: statics,
// operations on the prototype, readonly attributes as getters with no setter, event handler
// attributes as getter and setter, and Symbol.toStringTag. One entry an interface: an interface
// the page does not have is skipped, so adding one to the page is adding its entry here.
// Sources: webmachinelearning/prompt-api, writing-assistance-apis, translation-api and
// proofreader-api, each index.bs (W3C Community Group drafts).

interface Shape {
  statics: string[];
  methods: string[];
  /** Readonly attributes: a getter, no setter. */
  getters: string[];
  /** Event handler attributes: a getter and a setter. */
  handlers?: string[];
  /** Members a page must not find: the spec keeps them for extension contexts. */
  absent?: string[];
  /** Reached through create()'s monitor rather than as a global. */
  monitor?: true;
  /** Must be on every page the extension runs on. */
  required?: true;
}

const WRITING_ATTRIBUTES = [
  'sharedContext',
  'format',
  'length',
  'expectedInputLanguages',
  'expectedContextLanguages',
  'outputLanguage',
  'inputQuota',
];

const INTERFACES: Record<string, Shape> = {
  LanguageModel: {
    required: true,
    statics: ['create', 'availability', 'params'],
    methods: ['prompt', 'promptStreaming', 'append', 'measureContextUsage', 'measureInputUsage', 'clone', 'destroy'],
    getters: ['contextUsage', 'contextWindow', 'inputUsage', 'inputQuota', 'samplingMode'],
    handlers: ['oncontextoverflow', 'onquotaoverflow'],
    absent: ['topK', 'temperature'],
  },
  Summarizer: {
    required: true,
    statics: ['create', 'availability'],
    methods: ['summarize', 'summarizeStreaming', 'measureInputUsage', 'destroy'],
    getters: ['type', ...WRITING_ATTRIBUTES],
  },
  Writer: {
    required: true,
    statics: ['create', 'availability'],
    methods: ['write', 'writeStreaming', 'measureInputUsage', 'destroy'],
    getters: ['tone', ...WRITING_ATTRIBUTES],
  },
  Rewriter: {
    required: true,
    statics: ['create', 'availability'],
    methods: ['rewrite', 'rewriteStreaming', 'measureInputUsage', 'destroy'],
    getters: ['tone', ...WRITING_ATTRIBUTES],
  },
  CreateMonitor: {
    required: true,
    monitor: true,
    statics: [],
    methods: [],
    getters: [],
    handlers: ['ondownloadprogress'],
  },
  Translator: {
    statics: ['create', 'availability'],
    methods: ['translate', 'translateStreaming', 'measureInputUsage', 'destroy'],
    getters: ['sourceLanguage', 'targetLanguage', 'inputQuota'],
  },
  LanguageDetector: {
    statics: ['create', 'availability'],
    methods: ['detect', 'measureInputUsage', 'destroy'],
    getters: ['expectedInputLanguages', 'inputQuota'],
  },
  Proofreader: {
    statics: ['create', 'availability'],
    methods: ['proofread', 'destroy'],
    getters: [
      'includeCorrectionTypes',
      'includeCorrectionExplanations',
      'expectedInputLanguages',
      'correctionExplanationLanguage',
    ],
  },
};

/** In the page: how each interface differs from its entry, as readable lines; none when it conforms. */
async function differences(table: Record<string, Shape>): Promise<Record<string, string[] | 'not on the page'>> {
  const g = globalThis as any;
  const out: Record<string, string[] | 'not on the page'> = {};
  const kind = (o: object, name: string | symbol) => {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (!d) return 'missing';
    if ('value' in d) return typeof d.value === 'function' ? 'method' : `value ${String(d.value)}`;
    return d.set ? (d.get ? 'handler' : 'setter only') : 'getter';
  };
  for (const [name, shape] of Object.entries(table)) {
    let ctor = g[name];
    if (shape.monitor) {
      let monitor: object | undefined;
      await g.LanguageModel.create({ monitor: (m: object) => (monitor = m) });
      ctor = monitor && monitor.constructor;
    }
    if (typeof ctor !== 'function') {
      out[name] = 'not on the page';
      continue;
    }
    const proto = ctor.prototype;
    const seen: string[] = [];
    const check = (where: string, o: object, member: string | symbol, wanted: string) => {
      const got = kind(o, member);
      if (got !== wanted) seen.push(`${where}.${String(member)}: ${got}, not ${wanted}`);
    };
    if (!shape.monitor && ctor.name !== name) seen.push(`name: ${ctor.name}`);
    for (const s of shape.statics) check(name, ctor, s, 'method');
    for (const m of shape.methods) check(`${name}.prototype`, proto, m, 'method');
    for (const a of shape.getters) check(`${name}.prototype`, proto, a, 'getter');
    for (const h of shape.handlers ?? []) check(`${name}.prototype`, proto, h, 'handler');
    check(`${name}.prototype`, proto, Symbol.toStringTag, `value ${name}`);
    for (const a of shape.absent ?? []) if (a in proto) seen.push(`${name}.prototype.${a}: present, not absent`);
    out[name] = seen;
  }
  return out;
}

describe.each(browsers)('installed interfaces against the specs’ IDL in %s', (name) => {
  const f = useExtension(name, { title: 'IDL conformance page' });

  it('every static, operation, attribute, event handler and Symbol.toStringTag is where the IDL puts it', async () => {
    const found = await f.page.evaluate(differences, INTERFACES);
    for (const [api, shape] of Object.entries(INTERFACES)) {
      if (shape.required) expect(found[api], api).toEqual([]);
      else if (found[api] !== 'not on the page') expect(found[api], api).toEqual([]);
    }
    console.log(
      `${name}: ${Object.entries(found)
        .map(([api, d]) => `${api} ${d === 'not on the page' ? 'absent' : d.length ? 'differs' : 'conforms'}`)
        .join(', ')}`,
    );
  });
});
