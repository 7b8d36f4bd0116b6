// npm run contracts:refresh [-- <ref or local openapi.json>]
// Cuts test/contracts/openai-chat-completions.schema.json out of OpenAI's published OpenAPI
// document (github.com/openai/openai-openapi, MIT licence): the component schemas reachable from
// the roots below, with OpenAPI's `nullable: true` rewritten as JSON Schema's own form so that ajv
// takes the document. After a refresh, update the commit and version in test/contracts/README.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const ROOTS = [
  'CreateChatCompletionRequest',
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ListModelsResponse',
  'ErrorResponse',
];
const OUT = new URL('../test/contracts/openai-chat-completions.schema.json', import.meta.url);
// The commit the vendored copy was cut from; pass another ref (a commit, tag or branch) to move.
const DEFAULT_REF = 'f85dbe2';

async function loadDocument(source) {
  if (existsSync(source)) return JSON.parse(readFileSync(source, 'utf8'));
  const url = `https://raw.githubusercontent.com/openai/openai-openapi/${encodeURIComponent(source)}/openapi.json`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Every schema name reachable from the roots through local `#/components/schemas/` refs. */
function reachable(schemas) {
  const seen = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/'))
        add(value.slice('#/components/schemas/'.length));
      else visit(value);
    }
  };
  const add = (name) => {
    if (seen.has(name)) return;
    if (!schemas[name]) throw new Error(`schema ${name} is referenced but not in the document`);
    seen.add(name);
    visit(schemas[name]);
  };
  ROOTS.forEach(add);
  return seen;
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema: `type: [T, "null"]`, or an `anyOf` with null. */
function withoutNullable(node) {
  if (Array.isArray(node)) return node.map(withoutNullable);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutNullable(v)]));
  if (nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  if (Array.isArray(out.type)) return { ...out, type: [...new Set([...out.type, 'null'])] };
  return { anyOf: [out, { type: 'null' }] };
}

const doc = await loadDocument(process.argv[2] ?? DEFAULT_REF);
const all = doc.components?.schemas ?? {};
const names = [...reachable(all)].sort((a, b) => Object.keys(all).indexOf(a) - Object.keys(all).indexOf(b));
const cut = {
  openapi: doc.openapi,
  info: doc.info,
  components: { schemas: Object.fromEntries(names.map((n) => [n, withoutNullable(all[n])])) },
};
writeFileSync(OUT, JSON.stringify(cut, null, 1));
console.log(`${names.length} schemas from OpenAPI document ${doc.info?.version} written to ${OUT.pathname}`);
