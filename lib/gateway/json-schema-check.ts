// A small JSON Schema checker for response constraints. The worker may not generate code
// (extension CSP), which rules out compiling validators, and a constraint only needs the
// keywords a page uses to shape an answer: types, enums, objects, arrays, bounds, patterns,
// and local $refs as zod and zod-to-json-schema write them. Every walk here is bounded: the
// schema's depth, its $refs, and the total work of one check.
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';
import { PatternLimits, matchWork, pagePattern } from './patterns';

type Schema = Record<string, unknown> | boolean;

export const SchemaLimits = {
  /** Levels of a schema, and of an answer checked against one (each $ref counts a level). */
  maxDepth: 64,
  /**
   * Work for one check: a step is a (sub)schema applied to a value, an enum costs one more step
   * per 64 characters it reads, and a pattern its share of PatternLimits.maxWork. A warm worker
   * takes a few ms for them all; a cold one, before the engine compiles this code, 40 to 60 ms,
   * shared out in slices (CHECK_SLICE_MS). Counted, not timed, so that the same answer gets the
   * same verdict on any machine under any load.
   */
  maxSteps: 20_000,
  /** Instructions all of a schema's patterns may compile to together, checked before the call. */
  maxPatternSize: 10_000,
} as const;

/** A pattern's match as steps: the most one check may read costs the whole budget. */
const patternSteps = (work: number) => Math.ceil((work * SchemaLimits.maxSteps) / PatternLimits.maxWork);

const unsupported = (why: string) =>
  new GatewayError('NotSupportedError', `The JSON Schema is not supported: ${why}.`, ErrorCodes.invalidRequest);

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const allowed = Array.isArray(expected) ? expected : [expected];
  return allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));

/** The schema a local `$ref` ("#", "#/$defs/x", "#/definitions/x", any JSON pointer) names. */
function resolveRef(root: Schema, ref: unknown): Schema {
  if (typeof ref !== 'string' || !ref.startsWith('#'))
    throw unsupported(`only local $refs are followed, not ${JSON.stringify(ref)}`);
  let target: unknown = root;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    throw unsupported(`$ref ${ref} is not a JSON pointer`);
  }
  for (const token of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    target =
      typeof target === 'object' && target !== null && Object.hasOwn(target, key)
        ? (target as Record<string, unknown>)[key]
        : undefined;
  }
  if (!isSchema(target)) throw unsupported(`$ref ${ref} names no schema`);
  return target;
}

// Keywords whose subschemas apply to the same value: a $ref cycle through these alone never ends.
const SAME_VALUE = ['allOf', 'anyOf', 'oneOf', 'not'] as const;
// Keywords whose subschemas hold schemas (the rest hold data: enum, const, examples, default).
const SUBSCHEMAS = [
  'items',
  'additionalProperties',
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  ...SAME_VALUE,
] as const;

function childrenOf(schema: Record<string, unknown>, keys: readonly string[]): unknown[] {
  return keys.flatMap((key) => {
    const sub = schema[key];
    if (Array.isArray(sub)) return sub;
    if (
      isSchema(sub) &&
      (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions')
    )
      return Object.values(sub);
    return sub === undefined ? [] : [sub];
  });
}

/** The $refs a schema applies to its own value, directly or through allOf/anyOf/oneOf/not. */
function sameValueRefs(schema: Schema): string[] {
  if (typeof schema === 'boolean') return [];
  const refs = typeof schema.$ref === 'string' ? [schema.$ref] : [];
  return [...refs, ...childrenOf(schema, SAME_VALUE).flatMap((sub) => (isSchema(sub) ? sameValueRefs(sub) : []))];
}

/**
 * Checks a page's schema before any provider call: no deeper than the limit, every $ref local
 * and resolvable, no $ref cycle that would apply to one value forever, and every `pattern` and
 * `patternProperties` key one that runs in linear time. Throws NotSupportedError naming why.
 */
export function checkSchema(root: Schema, options: { patterns: boolean } = { patterns: true }): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  const refs = new Set<string>();
  const patterns = new Set<string>();
  let patternSize = 0;
  const compile = (source: string) => {
    if (patterns.has(source)) return;
    patterns.add(source);
    patternSize += pagePattern(source, 'u').size;
    if (patternSize > SchemaLimits.maxPatternSize)
      throw unsupported(`its patterns compile to more than ${SchemaLimits.maxPatternSize} instructions together`);
  };
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isSchema(node) || typeof node === 'boolean') continue;
    if (depth > SchemaLimits.maxDepth) throw unsupported(`it nests deeper than ${SchemaLimits.maxDepth} levels`);
    if ('$ref' in node) refs.add(String(node.$ref));
    if (options.patterns && typeof node.pattern === 'string') compile(node.pattern);
    if (options.patterns && isSchema(node.patternProperties))
      for (const key of Object.keys(node.patternProperties)) compile(key);
    for (const child of childrenOf(node, SUBSCHEMAS)) stack.push([child, depth + 1]);
  }
  // A depth-first walk over the $refs that apply to the same value finds any cycle among them.
  const done = new Set<string>();
  const visit = (ref: string, path: string[]) => {
    if (path.includes(ref))
      throw unsupported(`its $refs form a cycle that never reads the answer (${[...path, ref].join(' → ')})`);
    if (path.length > SchemaLimits.maxDepth)
      throw unsupported(`its $refs chain more than ${SchemaLimits.maxDepth} deep`);
    if (done.has(ref)) return;
    for (const next of sameValueRefs(resolveRef(root, ref))) visit(next, [...path, ref]);
    done.add(ref);
  };
  for (const ref of refs) visit(ref, []);
}

interface Check {
  root: Schema;
  steps: number;
  /** Each $ref resolved once per check, not once per value it applies to. */
  refs: Map<unknown, Schema>;
  /** Values visited, to look at the clock every so often rather than at every step. */
  visits: number;
  /** When the current slice of the thread is used up, by `performance.now()`. */
  sliceEnds: number;
}

/** Walks yield here; the driver decides whether to let other work run before going on. */
type Walk = Generator<void, string | null, void>;

/** Counts work against the check's budget; past it the check stops, with NotSupportedError. */
function spend(check: Check, steps: number): void {
  check.steps += steps;
  if (check.steps > SchemaLimits.maxSteps)
    throw unsupported(`checking the answer against it takes more than ${SchemaLimits.maxSteps} steps`);
}

const costOf = (text: string) => Math.ceil(text.length / 64);

// A schema's enum as JSON text, written once per schema rather than once per value it checks.
const optionTexts = new WeakMap<unknown[], string[]>();

/** Whether `value` equals one of `options`, as JSON; each comparison may read the whole value. */
function among(check: Check, options: unknown[], value: unknown): boolean {
  const text = JSON.stringify(value) ?? '';
  spend(check, options.length * costOf(text));
  let texts = optionTexts.get(options);
  if (!texts) optionTexts.set(options, (texts = options.map((option) => JSON.stringify(option))));
  return texts.includes(text);
}

function* violation(check: Check, schema: Schema, value: unknown, path: string, depth: number): Walk {
  spend(check, 1);
  if ((++check.visits & 127) === 0 && performance.now() >= check.sliceEnds) yield;
  if (schema === true) return null;
  if (schema === false) return `${path} is not allowed`;
  if (depth > SchemaLimits.maxDepth) return `${path} nests too deeply`;
  const s = schema;
  const at = (why: string) => `${path} ${why}`;
  const sub = (schema: unknown, item: unknown, where: string) =>
    violation(check, schema as Schema, item, where, depth + 1);
  if (s.$ref !== undefined) {
    let target = check.refs.get(s.$ref);
    if (!target) check.refs.set(s.$ref, (target = resolveRef(check.root, s.$ref)));
    const problem = yield* sub(target, value, path);
    if (problem) return problem;
  }
  if (s.type !== undefined && !typeMatches(s.type, value)) return at(`should be ${JSON.stringify(s.type)}`);
  if (Array.isArray(s.enum) && !among(check, s.enum, value)) return at('is not one of the allowed values');
  if ('const' in s && !among(check, [s.const], value)) return at(`should be ${JSON.stringify(s.const)}`);
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength) return at(`is shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return at(`is longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string') {
      const pattern = pagePattern(s.pattern, 'u');
      spend(check, patternSteps(matchWork(pattern, value)));
      if (!pattern.search(value)) return at(`does not match ${s.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return at(`is below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) return at(`is above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      return at(`is not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      return at(`is not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return at(`has fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return at(`has more than ${s.maxItems} items`);
    if (s.items !== undefined && !Array.isArray(s.items)) {
      for (let i = 0; i < value.length; i++) {
        const problem = yield* sub(s.items, value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const problem = yield* objectViolation(check, s, value as Record<string, unknown>, at, (schema, item, key) =>
      sub(schema, item, `${path}.${key}`),
    );
    if (problem) return problem;
  }
  if (s.not !== undefined && (yield* sub(s.not, value, path)) === null) return at('matches the schema under "not"');
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (!Array.isArray(branches)) continue;
    let passed = 0;
    for (const branch of branches) if ((yield* sub(branch, value, path)) === null) passed++;
    if (key === 'allOf' ? passed < branches.length : key === 'anyOf' ? passed === 0 : passed !== 1)
      return at(`does not satisfy ${key}`);
  }
  return null;
}

type SubCheck = (schema: unknown, item: unknown, key: string) => Walk;

/** An object's required keys, then each property under `properties`, `patternProperties` or `additionalProperties`. */
function* objectViolation(
  check: Check,
  s: Record<string, unknown>,
  object: Record<string, unknown>,
  at: (why: string) => string,
  sub: SubCheck,
): Walk {
  const properties = (isSchema(s.properties) ? s.properties : {}) as Record<string, Schema>;
  const patterned = Object.entries(isSchema(s.patternProperties) ? s.patternProperties : {});
  for (const key of Array.isArray(s.required) ? s.required : []) {
    if (!Object.hasOwn(object, key)) return at(`lacks the required property "${key}"`);
  }
  for (const [key, item] of Object.entries(object)) {
    const applied: unknown[] = Object.hasOwn(properties, key) ? [properties[key]] : [];
    for (const [source, schema] of patterned) {
      const pattern = pagePattern(source, 'u');
      spend(check, patternSteps(matchWork(pattern, key)));
      if (pattern.search(key)) applied.push(schema);
    }
    if (applied.length === 0 && s.additionalProperties !== undefined) applied.push(s.additionalProperties);
    for (const schema of applied) {
      const problem = yield* sub(schema, item, key);
      if (problem) return problem;
    }
  }
  return null;
}

/** How long a check holds the worker's thread before it lets other calls' messages through. */
export const CHECK_SLICE_MS = 4;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The first way `value` fails `schema`, as a path and a reason, or null when it conforms.
 * Throws NotSupportedError when the schema cannot be followed or the check outgrows its budget:
 * then whether the answer conforms is unknown, which is no SyntaxError of the
 * answer's; the spec names NotSupportedError for a constraint the implementation cannot apply.
 *
 * The verdict is counted in steps, so it is the same on any machine; the thread is shared in
 * time: after each slice the check waits a task, so another site's call is answered meanwhile.
 */
export async function schemaViolation(
  schema: Schema,
  value: unknown,
  { sliceMs = CHECK_SLICE_MS, pause = nextTask }: { sliceMs?: number; pause?: () => Promise<void> } = {},
): Promise<string | null> {
  const check: Check = { root: schema, steps: 0, refs: new Map(), visits: 0, sliceEnds: performance.now() + sliceMs };
  const walk = violation(check, schema, value, '$', 0);
  for (let next = walk.next(); ; next = walk.next()) {
    if (next.done) return next.value;
    await pause();
    check.sliceEnds = performance.now() + sliceMs;
  }
}
