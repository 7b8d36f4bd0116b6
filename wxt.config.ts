import { defineConfig } from 'wxt';
import { bareContentScripts } from './lib/build/bare-content-scripts';
import { lazyPageSurface } from './lib/build/lazy-page-surface';
import { withoutCodeGeneration } from './lib/build/no-code-generation';
import { tokenizerRankAssets } from './lib/build/tokenizer-ranks';
import { wllamaAssets, wllamaWorkerFromFile } from './lib/build/wllama';

// One manifest source serves both browsers; WXT adds the per-browser keys.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Own Model',
    description: 'Lend your own AI model to the web apps you visit, with per-site consent and spend limits.',
    // activeTab: the popup reads the current tab's address only when the user opens it, to
    // show that site's grant. No "tabs" permission, so no browsing-history warning.
    // identity: "Connect OpenRouter" opens OpenRouter's sign-in with identity.launchWebAuthFlow
    // and receives the one-time code on the browser's own redirect URL. Shows no install warning.
    // notifications: one short note when spending reaches 80% and 100% of a limit.
    // scripting: registers the script that keeps the browser's own LanguageModel, only while
    // the user asks for that (lib/native-global/). Shows no install warning.
    // offscreen (Chromium): the on-device model runs llama.cpp's worker in an offscreen
    // document, which the worker opens on demand and closes when idle. Shows no install warning.
    permissions: ['storage', 'activeTab', 'identity', 'notifications', 'scripting', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // Local model servers (Ollama, LM Studio, llama.cpp) need no prompt; any other
    // provider host is asked for at run time, for that host alone.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The default policy, plus WebAssembly compilation for the on-device model's engine.
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
    // No other extension and no web page may open a channel to the worker.
    externally_connectable: browser === 'firefox' ? undefined : { ids: [], matches: [] },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'own-model@example.org',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
  vite: () => ({ plugins: [withoutCodeGeneration, wllamaWorkerFromFile, bareContentScripts, lazyPageSurface] }),
  hooks: {
    // llama.cpp's WebAssembly build and its worker, and OpenAI's tokenizer ranks, shipped inside
    // the extension: nothing is fetched from anywhere else at run time.
    'build:publicAssets': async (_wxt, assets) => {
      assets.push(...wllamaAssets(), ...(await tokenizerRankAssets()));
    },
  },
  zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip' },
});
