import { readFileSync } from 'node:fs';

const here = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/** The demo site: chat (streaming), structured output, a summarizer, a translator, a language detector, a proofreader, and a Window AI page. */
export const demoRoutes = (): Record<string, string> => ({
  '/': here('./index.html'),
  '/demo.js': here('./demo.js'),
  '/demo.css': here('./demo.css'),
  '/structured.html': here('./structured.html'),
  '/summarizer.html': here('./summarizer.html'),
  '/translator.html': here('./translator.html'),
  '/language-detector.html': here('./language-detector.html'),
  '/proofreader.html': here('./proofreader.html'),
  '/window-ai.html': here('./window-ai.html'),
});
