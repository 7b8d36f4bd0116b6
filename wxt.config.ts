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
    // Shown in the browser's language: public/_locales/<lang>/messages.json.
    name: '__MSG_extName__',
    default_locale: 'en',
    // The toolbar button's own icons (the store checks for them); WXT adds the popup.
    action: {
      default_title: '__MSG_extName__',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    },
    description: '__MSG_extDescription__',
    // activeTab: the popup reads the current tab's address only when the user opens it, to
    // show that site's grant. No "tabs" permission, so no browsing-history warning.
    // identity: "Connect OpenRouter" opens OpenRouter's sign-in with identity.launchWebAuthFlow
    // and receives the one-time code on the browser's own redirect URL. Shows no install warning.
    // notifications: one short note when spending reaches 80% and 100% of a limit.
    // scripting: registers the script that keeps the browser's own LanguageModel, only while
    // the user asks for that (lib/native-global/). Shows no install warning.
    // offscreen (Chromium): the on-device model runs llama.cpp's worker in an offscreen
    // document, which the worker opens on demand and closes when idle. Shows no install warning.
    permissions: [
      'storage',
      'activeTab',
      'identity',
      'notifications',
      'scripting',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Local model servers (Ollama, LM Studio, llama.cpp) need no prompt; any other
    // provider host is asked for at run time, for that host alone.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The default policy, plus WebAssembly compilation for the on-device model's engine.
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
    // The bridge's call code, which its content script imports the first time a page calls, so a
    // frame that never calls never compiles it. Chromium serves it only at a per-session address
    // (use_dynamic_url), so a page cannot probe a fixed one to learn the extension is installed;
    // Firefox's addresses are random per install already.
    web_accessible_resources: [
      {
        resources: ['bridge-calls.js'],
        matches: ['http://*/*', 'https://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // No other extension and no web page may open a channel to the worker.
    externally_connectable: browser === 'firefox' ? undefined : { ids: [], matches: [] },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              // The project's own add-on id, in the UUID form AMO accepts, claiming no domain.
              id: '{ba8de822-d9ee-4cbb-af84-6a701e2c8052}',
              // 140 (the ESR line) is the first to read data_collection_permissions, which AMO
              // requires; MAIN-world content scripts need 128.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
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
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    // addons.mozilla.org rebuilds the Firefox package from this zip: exactly what `npm ci &&
    // npm run build` reads, plus the build instructions; no tests, benchmarks or store assets.
    includeSources: [
      'SOURCE_CODE_REVIEW.md',
      'README.md',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'entrypoints/**',
      'components/**',
      'lib/**',
      'public/**',
    ],
  },
});
