import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { modelChangeHandler } from '@/lib/model-events/relay';
import { MODEL_EVENT_TAG, SUBSCRIBE } from '@/lib/model-events/tag';
import { defaultSettings } from '@/lib/settings/schema';

/** A window stand-in: postMessage records what the content script sends, deliver() plays a page message. */
function fakeWindow() {
  const target = new EventTarget();
  const posted: unknown[] = [];
  const win = Object.assign(target, { postMessage: (data: unknown) => void posted.push(data) }) as unknown as Window;
  const deliver = (data: unknown, source: unknown = win) => {
    const event = new Event('message') as MessageEvent;
    Object.defineProperties(event, { data: { value: data }, source: { value: source } });
    target.dispatchEvent(event);
  };
  return { win, posted, deliver };
}

const settingsWith = (defaultModel: string | null) => ({ ...defaultSettings(), defaultModel });
const tick = () => new Promise((r) => setTimeout(r, 0));
/** What the worker answers for a site the user allowed: the stored default. */
const currentModel = async () =>
  ((await fakeBrowser.storage.local.get('settings')).settings as { defaultModel: string | null }).defaultModel;

describe('the model_changed relay in the content script', () => {
  it('stays silent until the page subscribes, then posts each change of the default model', async () => {
    const { win, posted, deliver } = fakeWindow();
    win.addEventListener(
      'message',
      modelChangeHandler(win, currentModel, () => fakeBrowser.storage),
    );
    await fakeBrowser.storage.local.set({ settings: settingsWith('a/one') });
    await tick();
    expect(posted).toEqual([]);

    deliver({ [MODEL_EVENT_TAG]: SUBSCRIBE });
    await fakeBrowser.storage.local.set({ settings: settingsWith('b/two') });
    await tick();
    expect(posted).toEqual([{ [MODEL_EVENT_TAG]: { model: 'b/two' } }]);

    // Other settings changing, or another storage key, is not a model change.
    await fakeBrowser.storage.local.set({ settings: { ...settingsWith('b/two'), keepNativeLanguageModel: true } });
    await fakeBrowser.storage.local.set({ catalog: {} });
    await tick();
    expect(posted).toHaveLength(1);

    await fakeBrowser.storage.local.set({ settings: settingsWith(null) });
    await tick();
    expect(posted.at(-1)).toEqual({ [MODEL_EVENT_TAG]: { model: null } });
  });

  it('ignores a subscribe that comes from another window, such as a child frame', async () => {
    const { win, posted, deliver } = fakeWindow();
    win.addEventListener(
      'message',
      modelChangeHandler(win, currentModel, () => fakeBrowser.storage),
    );
    deliver({ [MODEL_EVENT_TAG]: SUBSCRIBE }, {});
    await fakeBrowser.storage.local.set({ settings: settingsWith('c/three') });
    await tick();
    expect(posted).toEqual([]);
  });

  it('subscribes once however often the page asks', async () => {
    const { win, posted, deliver } = fakeWindow();
    win.addEventListener(
      'message',
      modelChangeHandler(win, currentModel, () => fakeBrowser.storage),
    );
    for (let i = 0; i < 3; i++) deliver({ [MODEL_EVENT_TAG]: SUBSCRIBE });
    await fakeBrowser.storage.local.set({ settings: settingsWith('d/four') });
    await tick();
    expect(posted).toHaveLength(1);
  });

  it('tells a site the user has not allowed only that the model changed, not which', async () => {
    const { win, posted, deliver } = fakeWindow();
    // The worker refuses to name the model to such a site; the relay then says null.
    win.addEventListener(
      'message',
      modelChangeHandler(
        win,
        async () => null,
        () => fakeBrowser.storage,
      ),
    );
    deliver({ [MODEL_EVENT_TAG]: SUBSCRIBE });
    await fakeBrowser.storage.local.set({ settings: settingsWith('e/five') });
    await tick();
    expect(posted).toEqual([{ [MODEL_EVENT_TAG]: { model: null } }]);
  });
});
