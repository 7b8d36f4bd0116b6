import { version } from '../package.json';
import { installPageApi } from '@/lib/page-api/install';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    installPageApi(window, version);
  },
});
