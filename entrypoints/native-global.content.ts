import { restoreNativeLanguageModel } from '@/lib/native-global/restore';

// Registered by the worker only while the user keeps the browser's own LanguageModel
// (lib/native-global/sync.ts); it runs after the page script, before the page's own scripts.
// Its matches are given there: here they would make the build ask for every host.
export default defineContentScript({
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  registration: 'runtime',
  main() {
    restoreNativeLanguageModel(window);
  },
});
