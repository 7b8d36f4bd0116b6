import { describe, expect, it } from 'vitest';
import { CustomModelUrl, customModel, formatBytes, OFFERED_MODELS, OnDeviceModelId } from '@/lib/on-device/catalog';
import { ChatBody, EngineJob } from '@/lib/on-device/host-protocol';

describe('on-device models: ids, URLs and sizes', () => {
  it('gives a custom URL a readable id that is stable, and different for another URL with the same file name', async () => {
    const a = await customModel('https://example.org/org/repo/resolve/main/Tiny%20Llama-Q8_0.gguf');
    expect(a).toMatchObject({ name: 'Tiny Llama-Q8_0', bytes: null });
    expect(a.id).toMatch(/^custom-tiny-llama-q8_0-[0-9a-f]{6}$/);
    expect(OnDeviceModelId.safeParse(a.id).success).toBe(true);
    expect((await customModel(a.url)).id).toBe(a.id);
    expect((await customModel('https://example.net/Tiny%20Llama-Q8_0.gguf')).id).not.toBe(a.id);
  });

  it('accepts only http(s) URLs of .gguf files, with a reason for each refusal', () => {
    expect(CustomModelUrl.safeParse('https://huggingface.co/a/b/resolve/main/m.gguf?download=true').success).toBe(true);
    expect(CustomModelUrl.safeParse('https://huggingface.co/a/b/resolve/main/m.bin').error?.issues[0]?.message).toMatch(
      /\.gguf/,
    );
    expect(CustomModelUrl.safeParse('file:///home/me/m.gguf').error?.issues[0]?.message).toMatch(/http\(s\)/);
    expect(CustomModelUrl.safeParse('javascript:alert(1)//.gguf').success).toBe(false);
  });

  it('offers only https models with a size and a licence', () => {
    for (const m of OFFERED_MODELS) {
      expect(m.url).toMatch(/^https:\/\/huggingface\.co\/.+\.gguf$/);
      expect(m.bytes).toBeGreaterThan(100e6);
      expect(m.licence.length).toBeGreaterThan(3);
      expect(OnDeviceModelId.safeParse(m.id).success).toBe(true);
    }
  });

  it('writes sizes in decimal units', () => {
    expect([formatBytes(0), formatBytes(462_208), formatBytes(386_404_992), formatBytes(1_234_000_000)]).toEqual([
      '0 B',
      '462 KB',
      '386 MB',
      '1.2 GB',
    ]);
  });
});

describe('the engine page’s job schema', () => {
  it('takes the Chat Completions body the AI SDK writes, and refuses roles and parts it cannot run', () => {
    const body = {
      model: 'smollm2-360m-instruct-q8',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 20,
    };
    expect(EngineJob.safeParse({ type: 'chat', body }).success).toBe(true);
    expect(ChatBody.safeParse({ ...body, messages: [{ role: 'tool', content: 'x' }] }).success).toBe(false);
    expect(
      ChatBody.safeParse({ ...body, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'x' }] }] })
        .success,
    ).toBe(false);
    expect(ChatBody.safeParse({ ...body, model: '../../etc/passwd' }).success).toBe(false);
  });

  it('refuses a download of anything but an http(s) .gguf, and a job it does not know', () => {
    const model = { id: 'm', name: 'M', url: 'https://x.org/m.gguf', bytes: null, licence: 'MIT' };
    expect(EngineJob.safeParse({ type: 'download', model }).success).toBe(true);
    expect(
      EngineJob.safeParse({ type: 'download', model: { ...model, url: 'data:application/octet-stream,GGUF' } }).success,
    ).toBe(false);
    expect(EngineJob.safeParse({ type: 'eval', code: '1' }).success).toBe(false);
  });
});
