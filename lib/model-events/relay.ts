import type { Browser, browser } from 'wxt/browser';
import { taggedByPage } from '../protocol/page-message';
import { MODEL_EVENT_TAG, SUBSCRIBE } from './tag';

type StorageChanges = Record<string, Browser.storage.StorageChange>;

/**
 * Tells a page when the user's default model changes. Only after the page has asked (by adding
 * a model_changed listener), so a page that never asks never sees one; the worker need not
 * know which tabs listen, because every content script watches the stored settings itself.
 * Which model it is comes from `currentModel`, which the worker answers only for a site the
 * user let use the model; any other site hears that the model changed, as null.
 * `extensionStorage` is read only then, so a frame whose page never asks never touches the
 * extension API. (Named so: WXT's auto-import takes a bare `storage` for its storage module.)
 */
export function modelChangeHandler(
  win: Window,
  currentModel: () => Promise<unknown>,
  extensionStorage: () => Pick<typeof browser.storage, 'onChanged'>,
): (event: Pick<MessageEvent, 'data' | 'source'>) => void {
  let relaying = false;
  const onChanged = (changes: StorageChanges, area: string) => {
    const change = area === 'local' ? changes.settings : undefined;
    const before = (change?.oldValue as { defaultModel?: string | null } | undefined)?.defaultModel ?? null;
    const after = (change?.newValue as { defaultModel?: string | null } | undefined)?.defaultModel ?? null;
    if (!change || before === after) return;
    void currentModel().then((model) =>
      win.postMessage({ [MODEL_EVENT_TAG]: { model: after && typeof model === 'string' ? model : null } }, '*'),
    );
  };
  return (event) => {
    if (relaying || taggedByPage(event, win, MODEL_EVENT_TAG) !== SUBSCRIBE) return;
    relaying = true;
    extensionStorage().onChanged.addListener(onChanged);
  };
}
