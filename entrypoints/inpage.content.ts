import surface from 'virtual:lazy-page-surface';
import { installPageApi } from '@/lib/page-api/install';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    installPageApi(window, surface);
  },
});
