import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Caller } from '@/lib/gateway/caller';
import { runCall, type GatewayDeps } from '@/lib/gateway/pipeline';
import { modelChangeHandler } from '@/lib/model-events/relay';
import { MODEL_EVENT_TAG, SUBSCRIBE } from '@/lib/model-events/tag';
import { permissions } from '@/lib/ui-service/permissions';
import type { Call } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { allowedSiteDeps, resetLedger } from './ledger-test-deps';

const MODEL = 'secret-model-name';
const settings: Settings = {
  ...defaultSettings(),
  // Nothing listens there: a request that got out would fail, and fetch is counted anyway.
  providers: [
    { id: 'local', kind: 'openai-compatible', label: 'Local', baseURL: 'http://127.0.0.1:9/v1', models: [MODEL] },
  ],
  defaultModel: `local/${MODEL}`,
};

let site = 0;
/** A fresh origin per test: the grant store keeps its copy in memory for the worker's life. */
const newCaller = (): Caller => ({
  origin: `https://blocked-${++site}.example`,
  tabId: site,
  frameId: 0,
  tabTitle: 'Hostile',
  favIconUrl: null,
});

/** The worker's deps with the real permission service (grants in IndexedDB, the real gate). */
function workerDeps(rows: UsageRecord[]): GatewayDeps {
  const service = permissions();
  return {
    ...allowedSiteDeps(settings, rows, {}, { apiKey: 'sk-test' }),
    consent: service.gate,
    siteAllowed: service.siteAllowed,
    siteDenied: service.siteDenied,
    siteMayChooseModel: service.siteMayChooseModel,
  };
}

async function run(call: Call, caller: Caller, deps: GatewayDeps): Promise<ReplyMessage[]> {
  const sent: ReplyMessage[] = [];
  await runCall(call, caller, (m) => void sent.push(m), new AbortController().signal, deps);
  return sent;
}

describe('a site the user blocked', () => {
  let windowsOpened: ReturnType<typeof vi.fn>;
  let fetches: { mock: { calls: unknown[] }; mockRestore(): void };
  let rows: UsageRecord[];

  beforeEach(async () => {
    await resetLedger();
    rows = [];
    windowsOpened = vi.fn(async () => ({ id: 1 }));
    fakeBrowser.windows.create = windowsOpened as never;
    fetches = vi.spyOn(globalThis, 'fetch');
  });
  afterEach(() => fetches.mockRestore());

  /** Blocks a new site after it had been allowed with its own choice of model. */
  async function blockedSite(): Promise<Caller> {
    const caller = newCaller();
    await permissions().setGrant(caller.origin, 'allow-always');
    await permissions().setGrant(caller.origin, 'deny');
    return caller;
  }

  const calls: Array<[string, Call]> = [
    ['prompt', { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } as Call],
    [
      'prompt naming its own model',
      { op: 'prompt', model: `local/${MODEL}`, messages: [{ role: 'user', content: 'hi' }] } as Call,
    ],
    ['session', { op: 'session' } as Call],
    ['session with a download', { op: 'session', download: 1 } as Call],
    ['model (and window.ai getCurrentModel)', { op: 'model' } as Call],
  ];

  it.each(calls)(
    'gets NotAllowedError on %s: no model name, window, download, provider call or ledger row',
    async (_name, call) => {
      const caller = await blockedSite();
      const sent = await run(call, caller, workerDeps(rows));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        type: 'error',
        error: { name: 'NotAllowedError', message: expect.stringMatching(/blocked/) },
      });
      expect(JSON.stringify(sent)).not.toContain(MODEL);
      expect(windowsOpened).not.toHaveBeenCalled();
      expect(fetches).not.toHaveBeenCalled();
      expect(rows).toEqual([]);
    },
  );

  it('answers availability "unavailable" to a blocked site, as to one with no model, with nothing asked or sent', async () => {
    const caller = await blockedSite();
    expect(await run({ op: 'availability' } as Call, caller, workerDeps(rows))).toEqual([
      { type: 'done', value: 'unavailable' },
    ]);
    expect(windowsOpened).not.toHaveBeenCalled();
    expect(fetches).not.toHaveBeenCalled();
    expect(rows).toEqual([]);
  });

  it('answers the same calls for a site that was never blocked, so the refusals above are the block', async () => {
    const caller = newCaller();
    await permissions().setGrant(caller.origin, 'allow-always');
    const deps = workerDeps(rows);
    expect(await run({ op: 'model' } as Call, caller, deps)).toEqual([{ type: 'done', value: `local/${MODEL}` }]);
    expect(await run({ op: 'availability' } as Call, caller, deps)).toEqual([{ type: 'done', value: 'available' }]);
    expect((await run({ op: 'session' } as Call, caller, deps))[0]).toMatchObject({ type: 'done' });
  });

  it('may no longer choose its own model, whatever scope it had before', async () => {
    const caller = await blockedSite();
    expect(await permissions().siteMayChooseModel(caller.origin)).toBe(false);
    expect(await permissions().siteAllowed(caller)).toBe(false);
  });

  it('hears through model_changed only that the model changed, never which', async () => {
    const caller = await blockedSite();
    const deps = workerDeps(rows);
    const posted: unknown[] = [];
    const win = Object.assign(new EventTarget(), {
      postMessage: (data: unknown) => void posted.push(data),
    }) as unknown as Window;
    // The content script asks the worker the same `model` question the relay asks.
    const currentModel = async () => {
      const [reply] = await run({ op: 'model' } as Call, caller, deps);
      return reply?.type === 'done' ? reply.value : null;
    };
    win.addEventListener(
      'message',
      modelChangeHandler(win, currentModel, () => fakeBrowser.storage),
    );
    const subscribe = new Event('message') as MessageEvent;
    Object.defineProperties(subscribe, { data: { value: { [MODEL_EVENT_TAG]: SUBSCRIBE } }, source: { value: win } });
    win.dispatchEvent(subscribe);
    await fakeBrowser.storage.local.set({ settings: { ...settings, defaultModel: `local/${MODEL}-2` } });
    await waitUntil(() => expect(posted).toHaveLength(1));
    expect(posted).toEqual([{ [MODEL_EVENT_TAG]: { model: null } }]);
  });
});
