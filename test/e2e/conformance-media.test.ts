import { beforeAll, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { modelFactsInPopup, sayModelReadsThroughOptions } from './harness/configure';
import { useExtension } from './harness/fixture';
import { jpegSize, wavFormat } from './media-files';

// Images and audio in prompts, from the page's own values to the provider's wire: the Prompt
// API's expectedInputs, its content rules and errors, and what the provider receives. The local
// server validates every request against OpenAI's published schema (image_url, input_audio).
type W = typeof globalThis & { LanguageModel: any };
type Outcome = { value?: any; error?: string; message?: string; dom?: boolean };
declare const settle: (p: Promise<unknown>) => Promise<Outcome>;
function installSettle() {
  (globalThis as any).settle = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: any) => ({ error: e?.name, message: String(e?.message), dom: e instanceof DOMException }),
    );
}

const VISION = 'local-test/vision-model';
const TEXT_ONLY = 'local-test/text-model';
type Part = {
  type: string;
  text?: string;
  image_url?: { url: string };
  input_audio?: { data: string; format: string };
};

describe.each(browsers)('images and audio in prompts, in %s', (name) => {
  // The server's list (LM Studio's form) says text-model reads text only; vision-model's inputs are the user's word.
  const f = useExtension(name, {
    title: 'Media page',
    models: ['vision-model', 'text-model'],
    server: { lmStudio: { 'text-model': { type: 'llm', max_context_length: 8192 } } },
  });
  const run = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => f.page.evaluate(fn, arg as A);
  /** The user turn's parts of the last chat request the provider received. */
  const lastUserParts = () => {
    const body = f.provider.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as {
      messages: Array<{ role: string; content: unknown }>;
    };
    return body.messages.filter((m) => m.role === 'user').at(-1)!.content as Part[];
  };
  const chatCount = () => f.provider.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  beforeAll(async () => {
    await sayModelReadsThroughOptions(f.browser, VISION, ['image', 'audio']);
    await f.page.evaluate(installSettle, undefined);
  });

  it('availability() answers per type: images and audio from a model said to read them, never image output', async () => {
    const seen = await run(async () => {
      const LM = (globalThis as W).LanguageModel;
      return [
        await LM.availability({ expectedInputs: [{ type: 'image' }, { type: 'audio' }] }),
        await LM.availability({ expectedInputs: [{ type: 'tool-call' }] }),
        await LM.availability({ expectedOutputs: [{ type: 'image' }] }),
        await settle(LM.availability({ expectedInputs: [{ type: 'video' }] })),
      ];
    });
    expect(seen.slice(0, 3)).toEqual(['available', 'unavailable', 'unavailable']);
    expect(seen[3]).toMatchObject({ error: 'TypeError' });
  });

  it('sends a canvas, a Blob, an ArrayBuffer and ImageData as JPEGs fitted to 1568 px and 1.15 MP, beside the turn’s text', async () => {
    const before = f.provider.requests.length;
    const out = await run(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 3000;
      canvas.height = 1000;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#c00';
      g.fillRect(0, 0, 3000, 1000);
      const png = await new Promise<Blob>((resolve) => {
        const small = document.createElement('canvas');
        small.width = 40;
        small.height = 30;
        small.getContext('2d')!.fillRect(0, 0, 40, 30);
        small.toBlob((b) => resolve(b!), 'image/png');
      });
      const session = await (globalThis as W).LanguageModel.create({ expectedInputs: [{ type: 'image' }] });
      const answer = await session.prompt([
        {
          role: 'user',
          content: [
            { type: 'text', value: 'Describe ' },
            { type: 'text', value: 'these.' },
            { type: 'image', value: canvas },
            { type: 'image', value: png },
            { type: 'image', value: await png.arrayBuffer() },
            { type: 'image', value: new ImageData(10, 20) },
          ],
        },
      ]);
      return { answer, usage: session.contextUsage };
    });
    expect(out.answer).toBe('Hello world');
    const parts = lastUserParts();
    expect(parts.map((p) => p.type)).toEqual(['text', 'image_url', 'image_url', 'image_url', 'image_url']);
    expect(parts[0]!.text).toBe('Describe these.');
    const sizes = parts.slice(1).map((p) => jpegSize(p.image_url!.url));
    // 3000×1000 fits 1568 on its long side first (1568×523 is 0.82 MP); the rest are kept as they are.
    expect(sizes).toEqual([
      [1568, 523],
      [40, 30],
      [40, 30],
      [10, 20],
    ]);
    // Four images at 1,600 tokens each, the text, and the two messages' framing.
    expect(out.usage).toBe(4 + 4 * 1_600 + 4 + Math.ceil('Hello world'.length / 4) + 4);
    expect(f.provider.contractErrors).toEqual([]);
    expect(f.provider.requests.length).toBe(before + 1);
  });

  it('sends an AudioBuffer and an encoded file as 16 kHz mono WAV, mixed down and resampled', async () => {
    const out = await run(async () => {
      // One second of 48 kHz stereo: a 440 Hz tone at 0.5 in both channels.
      const buffer = new AudioBuffer({ length: 48_000, numberOfChannels: 2, sampleRate: 48_000 });
      for (let c = 0; c < 2; c++)
        buffer.getChannelData(c).forEach((_, i, a) => (a[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / 48_000)));
      // Half a second of 8 kHz mono 16-bit WAV, silence: written out as a site might record it.
      const wav = new DataView(new ArrayBuffer(44 + 8_000));
      const put = (at: number, s: string) => [...s].forEach((ch, i) => wav.setUint8(at + i, ch.charCodeAt(0)));
      put(0, 'RIFF');
      wav.setUint32(4, 36 + 8_000, true);
      put(8, 'WAVEfmt ');
      wav.setUint32(16, 16, true);
      wav.setUint16(20, 1, true);
      wav.setUint16(22, 1, true);
      wav.setUint32(24, 8_000, true);
      wav.setUint32(28, 16_000, true);
      wav.setUint16(32, 2, true);
      wav.setUint16(34, 16, true);
      put(36, 'data');
      wav.setUint32(40, 8_000, true);
      const session = await (globalThis as W).LanguageModel.create({ expectedInputs: [{ type: 'audio' }] });
      return session.prompt([
        {
          role: 'user',
          content: [
            { type: 'audio', value: buffer },
            { type: 'audio', value: new Blob([wav.buffer], { type: 'audio/wav' }) },
            { type: 'text', value: 'Transcribe.' },
          ],
        },
      ]);
    });
    expect(out).toBe('Hello world');
    const parts = lastUserParts();
    expect(parts.map((p) => p.type)).toEqual(['input_audio', 'input_audio', 'text']);
    const [tone, file] = parts.map((p) => (p.input_audio ? wavFormat(p.input_audio.data) : null));
    expect(tone).toMatchObject({ sampleRate: 16_000, channels: 1, bits: 16 });
    expect(Math.abs(tone!.samples - 16_000)).toBeLessThanOrEqual(1);
    // The mix of two equal channels keeps the tone's amplitude: 0.5 of full scale, give or take the resampler.
    expect(tone!.peak).toBeGreaterThan(0.45 * 0x7fff);
    expect(tone!.peak).toBeLessThan(0.55 * 0x7fff);
    expect(file).toMatchObject({ sampleRate: 16_000, channels: 1, bits: 16, peak: 0 });
    expect(Math.abs(file!.samples - 8_000)).toBeLessThanOrEqual(1);
    expect(f.provider.contractErrors).toEqual([]);
  });

  it('keeps images in the session’s history and sends them again with later prompts', async () => {
    const out = await run(async () => {
      const session = await (globalThis as W).LanguageModel.create({ expectedInputs: [{ type: 'image' }] });
      await session.append([{ role: 'user', content: [{ type: 'image', value: new ImageData(8, 8) }] }]);
      await session.prompt('What was in the image?');
      const clone = await session.clone();
      await clone.prompt('And again?');
      return clone.contextUsage;
    });
    const body = f.provider.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as {
      messages: Array<{ content: unknown }>;
    };
    const images = body.messages
      .flatMap((m) => (Array.isArray(m.content) ? (m.content as Part[]) : []))
      .filter((p) => p.type === 'image_url');
    expect(images.map((p) => jpegSize(p.image_url!.url))).toEqual([[8, 8]]);
    expect(out).toBeGreaterThan(1_600);
  });

  it('refuses what the spec refuses, before anything is sent: undeclared and assistant media, values that are not media', async () => {
    const before = chatCount();
    const out = await run(async () => {
      const LM = (globalThis as W).LanguageModel;
      const plain = await LM.create();
      const both = await LM.create({ expectedInputs: [{ type: 'image' }, { type: 'audio' }] });
      const image = (value: unknown, role = 'user') => [{ role, content: [{ type: 'image', value }] }];
      return {
        undeclared: await settle(plain.prompt(image(new ImageData(1, 1)))),
        undeclaredAudio: await settle(
          plain.append([{ role: 'user', content: [{ type: 'audio', value: new Blob(['x']) }] }]),
        ),
        assistant: await settle(
          both.prompt([{ role: 'user', content: 'q' }, ...image(new ImageData(1, 1), 'assistant')]),
        ),
        initial: await settle(LM.create({ initialPrompts: image(new ImageData(1, 1)) })),
        notAnImage: await settle(both.prompt(image({ width: 1 }))),
        undecodable: await settle(both.prompt(image(new Uint8Array([1, 2, 3])))),
        notAudio: await settle(
          both.prompt([{ role: 'user', content: [{ type: 'audio', value: new Blob(['plain text, not sound']) }] }]),
        ),
        measured: await both.measureContextUsage(image(new ImageData(1, 1))),
      };
    });
    expect(out.undeclared).toMatchObject({ error: 'NotSupportedError', dom: true });
    expect(out.undeclaredAudio).toMatchObject({ error: 'NotSupportedError', dom: true });
    expect(out.assistant).toMatchObject({ error: 'NotSupportedError', dom: true });
    expect(out.initial).toMatchObject({ error: 'NotSupportedError', dom: true });
    expect(out.notAnImage).toMatchObject({ error: 'TypeError' });
    expect(out.undecodable).toMatchObject({ error: 'InvalidStateError', dom: true });
    expect(out.notAudio).toMatchObject({ error: 'TypeError', message: expect.stringMatching(/could not be decoded/) });
    expect(out.measured).toBe(4 + 1_600);
    expect(chatCount()).toBe(before);
  });

  it('a page that posts its own base64 straight to the content script is refused: every image is fitted by the extension', async () => {
    const before = chatCount();
    const reply = await run(
      () =>
        new Promise((resolve) => {
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (e) => e.data.type !== 'chunk' && resolve(e.data);
          window.postMessage({ 'own-model/call': 1 }, '*', [port2]);
          const huge = btoa('x'.repeat(300_000));
          port1.postMessage({
            type: 'request',
            call: {
              op: 'prompt',
              messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/jpeg', data: huge }] }],
            },
          });
        }),
    );
    expect(reply).toMatchObject({
      type: 'error',
      error: { name: 'TypeError', message: expect.stringContaining('holds nothing the extension can send') },
    });
    expect(chatCount()).toBe(before);
  });

  it('samplingMode: shown back on the session, sent as a temperature, an unknown mode a TypeError', async () => {
    const before = chatCount();
    const out = await run(async () => {
      const LM = (globalThis as W).LanguageModel;
      const exact = await LM.create({ samplingMode: 'most-predictable' });
      await exact.prompt('x');
      const plain = await LM.create();
      await plain.prompt('y');
      return {
        mode: exact.samplingMode,
        none: plain.samplingMode,
        bad: await settle(LM.create({ samplingMode: 'wild' })),
      };
    });
    expect(out).toMatchObject({ mode: 'most-predictable', none: null, bad: { error: 'TypeError' } });
    const sent = f.provider.requests
      .filter((r) => r.path.endsWith('/chat/completions'))
      .slice(before)
      .map((r) => (r.body as { temperature?: number }).temperature);
    expect(sent).toEqual([0, undefined]);
  });

  it('a model that does not read images: unavailable, create() and prompts refused naming the model, nothing sent', async () => {
    const popup = await f.browser.openExtensionPage('popup.html');
    await popup.select('[data-testid=default-model]', TEXT_ONLY);
    await popup.close();
    expect((await modelFactsInPopup(f.browser, /from the provider/)).inputs).toBe(
      'Reads text only (from the provider).',
    );
    const before = chatCount();
    const out = await run(async () => {
      const LM = (globalThis as W).LanguageModel;
      return {
        availability: await LM.availability({ expectedInputs: [{ type: 'image' }] }),
        create: await settle(LM.create({ expectedInputs: [{ type: 'image' }] })),
        text: await (await LM.create()).prompt('still fine'),
      };
    });
    expect(out.availability).toBe('unavailable');
    expect(out.create).toMatchObject({
      error: 'NotSupportedError',
      dom: true,
      message: expect.stringContaining(TEXT_ONLY),
    });
    expect(out.text).toBe('Hello world');
    expect(chatCount()).toBe(before + 1);
  });
});
