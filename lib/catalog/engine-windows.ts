/** The browser's own model's window when the browser has not said yet: Gemini Nano's input quota in Chrome. */
export const BUILT_IN_CONTEXT_TOKENS = 6_144;

/**
 * The context the on-device engine gives every model: enough for a chat on a small model without
 * holding much memory. Sessions are told this window, so they trim history before the engine would fail.
 */
export const ON_DEVICE_CONTEXT_TOKENS = 4096;
