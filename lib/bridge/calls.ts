import type { browser } from 'wxt/browser';
import { modelChangeHandler } from '../model-events/relay';
import { askForPage, pageCallHandler, type ConnectToWorker } from './relay';
import type { PageMessageHandler } from './wake';

/** The bridge's answer to every page message that woke it: calls, and model_changed subscriptions. */
export function pageMessageHandler(
  win: Window,
  connect: ConnectToWorker,
  extensionStorage: () => Pick<typeof browser.storage, 'onChanged'>,
): PageMessageHandler {
  const calls = pageCallHandler(win, connect);
  const models = modelChangeHandler(win, () => askForPage({ op: 'model' }, connect), extensionStorage);
  return (event) => {
    calls(event);
    models(event);
  };
}
