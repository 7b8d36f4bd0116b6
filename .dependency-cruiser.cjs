// The layers of lib/, lowest first (docs/architecture.md, "Layers"). A module may import its own
// layer and those below it; page-api and bridge, which run in web pages, import only the
// protocol. `npm run lint:layers` checks it, with no exceptions: any upward import or import
// circle fails it.
const LAYERS = [
  ['protocol', ['lib/protocol/', 'lib/clock\\.ts', 'lib/ui-text\\.ts', 'lib/tokens/', 'lib/model-events/tag\\.ts']],
  // The domain folders, in their own order: budgets reads the ledger, settings and prices;
  // permissions shows prices; the catalog reads settings; settings and the ledger stand alone.
  ['ledger', ['lib/ledger/']],
  ['settings', ['lib/settings/']],
  ['catalog', ['lib/catalog/']],
  ['permissions', ['lib/permissions/']],
  ['budgets', ['lib/budgets/']],
  ['providers', ['lib/providers/', 'lib/on-device/']],
  ['gateway', ['lib/gateway/']],
  ['ui-service', ['lib/ui-service/', 'lib/settings-sync/', 'lib/native-global/sync\\.ts']],
];
// lib/media encodes a page's images and audio in the content script, on the bridge's side.
const EDGES = [
  'lib/page-api/',
  'lib/bridge/',
  'lib/media/',
  'lib/model-events/relay\\.ts',
  'lib/native-global/restore\\.ts',
];
const paths = (list) => `^(${list.join('|')})`;

const upward = LAYERS.slice(0, -1).map(([name, from], i) => ({
  name: `${name}-imports-upward`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1)
    .map(([n]) => n)
    .join(', ')}`,
  severity: 'error',
  from: { path: paths(from) },
  to: {
    path: paths(
      LAYERS.slice(i + 1).flatMap(([, p]) => [...p, ...EDGES, 'lib/messages\\.ts', 'components/', 'entrypoints/']),
    ),
  },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'an import circle', severity: 'error', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'edge-imports-beyond-protocol',
      comment: 'code that runs in web pages (page-api, bridge) imports only the protocol',
      severity: 'error',
      from: { path: paths(EDGES) },
      to: { path: '^(lib|components|entrypoints)/', pathNot: paths([...LAYERS[0][1], ...EDGES]) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.wxt|\\.output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // WXT's `@/` alias, from a resolver config alone (the tsconfig's paths, without a baseUrl, are
    // not read), so imports from components and entrypoints resolve too.
    webpackConfig: { fileName: 'lib/build/import-alias.cjs' },
  },
};
