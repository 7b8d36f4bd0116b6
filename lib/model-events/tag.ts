// Shared by the MAIN-world page API and the content script, so free of dependencies.

/** Tag of the window messages that carry model_changed: the page's "subscribe", the content script's events. */
export const MODEL_EVENT_TAG = 'own-model/event';
export const SUBSCRIBE = 'subscribe';
