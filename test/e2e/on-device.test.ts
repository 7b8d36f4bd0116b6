import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyLlama } from '../fixtures/gguf/tiny-llama';
import { startModelHub, type ModelHub } from '../servers/model-hub';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';
import { browsers, launch, type ExtensionBrowser, type TestPage } from './harness';
import { setSiteAccessThroughPopup } from './harness/configure';
import { answerConsent, waitForConsentWindow } from './harness/consent';
import { readLedger } from './harness/ledger';
import { repoRoot } from './harness/paths';

const shots = `${repoRoot}test-results/screenshots`;

/** What the extension stored, read back from its origin-private file system. */
async function storedFiles(): Promise<Array<{ name: string; size: number; sha256: string }>> {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('on-device-models', { create: true });
  const out = [];
  for await (const [name, handle] of (dir as any).entries()) {
    const file = await (handle as FileSystemFileHandle).getFile();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    out.push({ name, size: file.size, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') });
  }
  return out;
}

type StreamOutcome = { chunks: string[]; ms: number; error?: string; message?: string; availability: string };

/** A site's own use of the Prompt API: stream one answer, or abort after `abortAfter` chunks. */
async function streamPrompt(abortAfter: number | null): Promise<StreamOutcome> {
  const LM = (globalThis as any).LanguageModel;
  const availability = await LM.availability();
  const controller = new AbortController();
  const session = await LM.create();
  const chunks: string[] = [];
  const started = performance.now();
  try {
    for await (const chunk of session.promptStreaming('hello the model', { signal: controller.signal })) {
      chunks.push(chunk);
      if (abortAfter !== null && chunks.length >= abortAfter) controller.abort();
    }
    return { chunks, ms: performance.now() - started, availability };
  } catch (error) {
    return {
      chunks,
      ms: performance.now() - started,
      error: (error as Error).name,
      message: (error as Error).message,
      availability,
    };
  }
}

describe.each(browsers)('the on-device model in %s', (name) => {
  const model = buildTinyLlama();
  const sha256 = createHash('sha256').update(model).digest('hex');
  const kilobytes = Math.round(model.length / 1e3);
  let hub: ModelHub;
  let site: PageServer;
  let browser: ExtensionBrowser;
  let options: TestPage;
  let page: TestPage;

  beforeAll(async () => {
    hub = await startModelHub({ file: model, chunkBytes: 8_192, pauseMs: 20 });
    site = await startPageServer({ '/': plainPage('On-device test page') });
    browser = await launch(name);
    options = await browser.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await site?.close();
  });

  it('downloads a GGUF from its URL with progress, resuming after the server cuts the connection halfway', async () => {
    await options.click('[data-testid=kind-picker] input[value=on-device]');
    await options.waitForText('[data-testid=on-device]', /SmolLM2 360M Instruct.*Apache-2\.0/);
    const half = Math.floor(model.length / 2);
    hub.cutNextAt(half);
    await options.fill('input[name=ggufUrl]', hub.url);
    await options.click('.custom-gguf button[type=submit]');
    const seen = await options.waitForText('[data-testid=download-progress]', /\(\d+%\)/, 10_000);
    expect(seen).toContain(`of ${kilobytes} KB`);
    mkdirSync(shots, { recursive: true });
    await options.screenshot(`${shots}/options-on-device-downloading-${name}.png`);
    await options.waitForText('[data-testid=on-device]', /tiny-llama-q8_0.*Ready/, 30_000);

    expect(hub.requests[0]).toMatchObject({ range: null, status: 200 });
    const resumed = hub.requests.find((r) => r.status === 206);
    const resumedFrom = Number(/bytes=(\d+)-/.exec(resumed?.range ?? '')?.[1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThanOrEqual(half);
    const files = await options.evaluate(storedFiles, undefined);
    expect(files.find((f) => f.name.endsWith('.gguf'))).toMatchObject({ size: model.length, sha256 });
    await options.waitForText('[data-testid=on-device-storage]', new RegExp(`Models use ${kilobytes} KB`));
    // The finished download set the provider up, with the model as the default.
    await options.waitForText('[data-testid=provider-list]', /On-device \(private, free\)/);
    await options.screenshot(`${shots}/options-on-device-${name}.png`);
  });

  it('streams tokens llama.cpp computed in the browser to a page, and records their real count at no cost', async () => {
    await setSiteAccessThroughPopup(browser, site.origin, 'allow-always');
    page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const outcome = await page.evaluate(streamPrompt, null);
    expect(outcome.message).toBeUndefined();
    expect(outcome.availability).toBe('available');
    expect(outcome.chunks.length).toBeGreaterThan(5);
    const ledger = await readLedger(browser);
    const row = ledger.usage.at(-1)! as unknown as LedgerRow;
    expect(row).toMatchObject({ outcome: 'ok', origin: site.origin, cost: 0, usageSource: 'reported' });
    expect(row).toMatchObject({
      provider: 'on-device',
      model: expect.stringMatching(/^on-device\/custom-tiny-llama-q8_0-[0-9a-f]{6}$/),
    });
    // The prompt's tokens through the model's chat template, and one token per streamed piece.
    expect(row.inputTokens).toBeGreaterThan(5);
    expect(row.outputTokens).toBeGreaterThanOrEqual(outcome.chunks.length);
    console.log(
      `on-device tiny model in ${name}: ${row.outputTokens} tokens in ${outcome.ms.toFixed(0)} ms, ${((row.outputTokens * 1000) / outcome.ms).toFixed(0)} tokens/s (page-measured)`,
    );
  });

  it('stops generating when the page aborts', async () => {
    const outcome = await page.evaluate(streamPrompt, 2);
    expect(outcome.error).toBe('AbortError');
    expect(outcome.chunks.length).toBe(2);
    let row = (await readLedger(browser)).usage.at(-1)! as unknown as LedgerRow;
    for (let i = 0; i < 50 && row.outcome === 'ok'; i++)
      row = (await readLedger(browser)).usage.at(-1)! as unknown as LedgerRow;
    expect(row.outcome).toBe('aborted');
    // The engine is free again at once: the next call is answered in full.
    const next = await page.evaluate(streamPrompt, null);
    expect(next.message).toBeUndefined();
    expect(next.chunks.length).toBeGreaterThan(5);
  });

  it('deletes the model, which frees its storage and leaves pages with no model', async () => {
    // A fresh tab: pages left in the background may not finish a click's layout checks.
    const manage = await browser.openExtensionPage('options.html');
    await manage.waitForText('[data-testid=on-device]', /tiny-llama-q8_0.*Ready/);
    await manage.click('[data-model^=custom-] button[data-action=delete]');
    await manage.waitForText('[data-testid=on-device-storage]', /Models use 0 B/);
    expect(await manage.evaluate(storedFiles, undefined)).toEqual([]);
    expect(await page.evaluate(() => (globalThis as any).LanguageModel.availability(), undefined)).toBe('unavailable');
    await manage.close();
  });

  it('lets a page’s create() download a model that is not stored, with real downloadprogress events', async () => {
    // The user starts a download and cancels it: the model is chosen, but not on this computer.
    const manage = await browser.openExtensionPage('options.html');
    hub.pace(250);
    await manage.fill('input[name=ggufUrl]', hub.url);
    await manage.click('.custom-gguf button[type=submit]');
    await manage.waitForText('[data-testid=download-progress]', /\(\d+%\)/);
    await manage.click('[data-model^=custom-] button[data-action=cancel]');
    await manage.waitForText('[data-testid=on-device]', /tiny-llama-q8_0.*so far.*Resume/);
    hub.pace(10);
    const requestsBefore = hub.requests.length;
    // The site must be allowed before it may start a download; the window says what will download.
    await setSiteAccessThroughPopup(browser, site.origin, 'ask');

    const pending = page.evaluate(createWhileDownloading, undefined);
    const consent = await waitForConsentWindow(browser, 15_000, pending);
    expect(await consent.waitForText('[data-testid=consent-download]', /downloaded from 127\.0\.0\.1:\d+/)).toMatch(
      /about 4\d\d KB/,
    );
    expect(await consent.waitForText('[data-testid=consent]', /inside this browser/)).toMatch(/costs nothing/);
    await consent.screenshot(`${shots}/consent-on-device-${name}.png`);
    expect(hub.requests.length).toBe(requestsBefore);
    await answerConsent(browser, 'allow-always', pending);
    const outcome = await pending;
    expect(outcome).toMatchObject({ before: 'downloadable', during: 'downloading', after: 'available' });
    expect(outcome.progress[0]).toBe(0);
    expect(outcome.progress.at(-1)).toBe(1);
    expect(outcome.progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect(outcome.progress).toEqual([...outcome.progress].sort((a, b) => a - b));
    expect(outcome.text.length).toBeGreaterThan(0);
    // It went on from the bytes the cancelled download left.
    expect(hub.requests.slice(requestsBefore)).toEqual([
      expect.objectContaining({ status: 206, range: expect.stringMatching(/^bytes=[1-9]\d*-$/) }),
    ]);
    await manage.close();
  });
});

type CreateOutcome = { before: string; during: string; after: string; progress: number[]; text: string };

/** create() with a monitor while the model is not stored, asking availability() along the way. */
async function createWhileDownloading(): Promise<CreateOutcome> {
  const LM = (globalThis as any).LanguageModel;
  const before = await LM.availability();
  const progress: number[] = [];
  let during: Promise<string> | undefined;
  const session = await LM.create({
    monitor: (m: EventTarget) =>
      m.addEventListener('downloadprogress', (e) => {
        progress.push((e as ProgressEvent).loaded);
        if (progress.length === 2) during = LM.availability();
      }),
  });
  return {
    before,
    during: await during!,
    after: await LM.availability(),
    progress,
    text: await session.prompt('hello'),
  };
}

type LedgerRow = {
  outcome: string;
  origin: string;
  cost: number | null;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  usageSource: string;
};
