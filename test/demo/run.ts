// npm run demo: the built extension in Chromium, a demo page that uses it, and a model to answer.
// With OWN_MODEL_BASE_URL (and OWN_MODEL_API_KEY, OWN_MODEL_MODEL) it uses that provider;
// otherwise a local stand-in server that speaks the OpenAI wire format streams a canned answer.
// OWN_MODEL_ON_DEVICE=1 sets up the on-device model instead, with the tiny test model served from
// 127.0.0.1 (its answers are gibberish, computed by llama.cpp in the browser); a .gguf URL there
// downloads that model.
import { launchChromium } from '../e2e/harness/chromium';
import { addProviderThroughOptions, downloadOnDeviceThroughOptions } from '../e2e/harness/configure';
import { buildTinyLlama } from '../fixtures/gguf/tiny-llama';
import { startModelHub } from '../servers/model-hub';
import { answerConsent } from '../e2e/harness/consent';
import { startOpenAITestServer } from '../servers/openai-compatible';
import { languageTaskReply } from '../servers/language-tasks';
import { startPageServer } from '../servers/pages';
import { demoRoutes } from './routes';

const headless = !process.env.DISPLAY || process.env.DEMO_HEADLESS === '1';
const port = Number(process.env.DEMO_PORT ?? 5173);

const HAIKU = [
  'Tabs',
  ' open',
  ' like',
  ' windows,\n',
  'your',
  ' key',
  ' stays',
  ' in',
  ' your',
  ' hand,\n',
  'the',
  ' site',
  ' asks,',
  ' you',
  ' choose.',
];

async function main() {
  const onDevice = process.env.OWN_MODEL_ON_DEVICE;
  const standIn =
    process.env.OWN_MODEL_BASE_URL || onDevice ? null : await startOpenAITestServer({ models: ['demo-model'] });
  // Translator, detector and proofreader prompts get a model-like answer; anything else the haiku.
  standIn?.script((body) => languageTaskReply(body, { deltas: HAIKU, delayMs: 80 }));
  const hub = onDevice === '1' ? await startModelHub({ file: buildTinyLlama(), pauseMs: 0 }) : null;
  const site = await startPageServer(demoRoutes(), port);
  const browser = await launchChromium({ headless });
  if (onDevice) {
    await downloadOnDeviceThroughOptions(browser, hub?.url ?? onDevice);
  } else {
    await addProviderThroughOptions(browser, {
      label: standIn ? 'Local demo server' : 'Your provider',
      baseURL: standIn?.url ?? process.env.OWN_MODEL_BASE_URL!,
      apiKey: process.env.OWN_MODEL_API_KEY,
      models: [standIn ? 'demo-model' : (process.env.OWN_MODEL_MODEL ?? 'gpt-4o-mini')],
    });
  }
  const page = await browser.newPage();
  await page.goto(`${site.origin}/`);
  const provider = onDevice
    ? 'on-device (llama.cpp in the browser)'
    : standIn
      ? 'local demo server'
      : process.env.OWN_MODEL_BASE_URL;
  console.log(`Demo page: ${site.origin}/ (extension loaded, provider: ${provider})`);

  if (headless) {
    // No display to show a window on: ask once, print what streamed, and keep a screenshot.
    await page.click('#ask');
    // The first call from the site asks for consent; answer it as a user would.
    await answerConsent(browser, 'allow-always');
    // The page marks the output with data-state once the stream has ended.
    const text = await page.waitForText('#output[data-state]', /\S/, 60_000);
    await page.screenshot('demo.png');
    console.log(`The page streamed:\n${text}\nScreenshot: demo.png`);
    if (process.env.DEMO_EXIT === '1')
      return void (await Promise.all([browser.close(), site.close(), standIn?.close(), hub?.close()]));
  }
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await Promise.allSettled([browser.close(), site.close(), standIn?.close(), hub?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
