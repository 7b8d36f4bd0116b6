import { browser } from 'wxt/browser';
import { uiText } from './i18n';
import { sendMessage, type UiState } from '@/lib/messages';
import { authorizeURL, codeFromRedirect, OPENROUTER_ORIGIN, pkcePair } from '@/lib/providers/openrouter-oauth';

/**
 * "Connect OpenRouter": OpenRouter's sign-in opens in a browser window, the user approves, and
 * the worker trades the returned code for a key. The host permission is asked first, inside
 * the click, as browsers require.
 */
export async function connectOpenRouter(): Promise<() => Promise<UiState>> {
  if (!(await browser.permissions.request({ origins: [`${OPENROUTER_ORIGIN}/*`] }))) {
    throw new Error(uiText('needsPermission', new URL(OPENROUTER_ORIGIN).host));
  }
  const { verifier, challenge } = await pkcePair();
  const redirect = await browser.identity.launchWebAuthFlow({
    url: authorizeURL(browser.identity.getRedirectURL(), challenge),
    interactive: true,
  });
  const code = codeFromRedirect(redirect);
  return () => sendMessage('connectOpenRouter', { code, verifier });
}
