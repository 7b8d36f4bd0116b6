// npm run store:tile: renders tile.html in real Chromium to store/promo/tile-440x280.png.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { browserBinary } from '../../test/e2e/harness/paths';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const browser = await chromium.launch({
  executablePath: browserBinary('chromium'),
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 440, height: 280 }, deviceScaleFactor: 1 });
  await page.goto(`file://${here('tile.html')}`);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  await page.screenshot({ path: here('tile-440x280.png'), omitBackground: false });
  console.log(`wrote ${here('tile-440x280.png')}`);
} finally {
  await browser.close();
}
