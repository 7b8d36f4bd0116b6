import { defineConfig } from 'wxt';

// One manifest source serves both browsers; WXT adds the per-browser keys.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Own Model',
    description: 'Lend your own AI model to the web apps you visit, with per-site consent and spend limits.',
    permissions: ['storage'],
    // Local model servers (Ollama, LM Studio, llama.cpp) need no prompt; any other
    // provider host is asked for at run time, for that host alone.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
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
  zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip' },
});
