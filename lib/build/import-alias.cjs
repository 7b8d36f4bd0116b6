// The `@/` import alias WXT gives the TypeScript code (wxt.config.ts), in the resolver shape the
// import-layer check (.dependency-cruiser.cjs) reads.
const { resolve } = require('node:path');

module.exports = {
  resolve: { alias: { '@': resolve(__dirname, '../..') }, extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
};
