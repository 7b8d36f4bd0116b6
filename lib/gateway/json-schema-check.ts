// A small JSON Schema checker for response constraints. The worker may not generate code
// (extension CSP), which rules out compiling validators, and a constraint only needs the
// keywords a page uses to shape an answer: types, enums, objects, arrays, bounds, patterns.

type Schema = Record<string, unknown> | boolean;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const allowed = Array.isArray(expected) ? expected : [expected];
  return allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The first way `value` fails `schema`, as a path and a reason, or null when it conforms. */
export function schemaViolation(schema: Schema, value: unknown, path = '$', depth = 0): string | null {
  if (schema === true) return null;
  if (schema === false) return `${path} is not allowed`;
  if (depth > 64) return `${path} nests too deeply`;
  const s = schema;
  const at = (why: string) => `${path} ${why}`;
  if (s.type !== undefined && !typeMatches(s.type, value)) return at(`should be ${JSON.stringify(s.type)}`);
  if (Array.isArray(s.enum) && !s.enum.some((option) => equal(option, value))) return at('is not one of the allowed values');
  if ('const' in s && !equal(s.const, value)) return at(`should be ${JSON.stringify(s.const)}`);
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength) return at(`is shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return at(`is longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return at(`does not match ${s.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return at(`is below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) return at(`is above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) return at(`is not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) return at(`is not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return at(`has fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return at(`has more than ${s.maxItems} items`);
    if (s.items !== undefined && !Array.isArray(s.items)) {
      for (const [i, item] of value.entries()) {
        const problem = schemaViolation(s.items as Schema, item, `${path}[${i}]`, depth + 1);
        if (problem) return problem;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of Array.isArray(s.required) ? s.required : []) {
      if (!(key in object)) return at(`lacks the required property "${key}"`);
    }
    for (const [key, item] of Object.entries(object)) {
      const sub = key in properties ? properties[key]! : (s.additionalProperties as Schema | undefined);
      const problem = sub === undefined ? null : schemaViolation(sub, item, `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (!Array.isArray(branches)) continue;
    const passed = branches.filter((b) => schemaViolation(b as Schema, value, path, depth + 1) === null).length;
    if (key === 'allOf' ? passed < branches.length : key === 'anyOf' ? passed === 0 : passed !== 1) return at(`does not satisfy ${key}`);
  }
  return null;
}
