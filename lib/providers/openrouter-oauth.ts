/**
 * OpenRouter hands a user's key to an app through OAuth PKCE: no client secret, the S256
 * challenge is the only proof. The browser opens the auth page with identity.launchWebAuthFlow,
 * and the worker trades the returned code for the key.
 */
export const OPENROUTER_ORIGIN = 'https://openrouter.ai';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

export function authorizeURL(callbackURL: string, challenge: string, origin = OPENROUTER_ORIGIN): string {
  const url = new URL('/auth', origin);
  url.search = new URLSearchParams({
    callback_url: callbackURL,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The code from the URL OpenRouter sent the browser back to, or an error in plain words. */
export function codeFromRedirect(redirectURL: string | undefined): string {
  const code = redirectURL ? new URL(redirectURL).searchParams.get('code') : null;
  if (!code) throw new Error('OpenRouter did not return an authorization code; the sign-in was cancelled or refused.');
  return code;
}

/** Trades the one-time code for the user's key. */
export async function exchangeCode(code: string, verifier: string, origin = OPENROUTER_ORIGIN): Promise<string> {
  const response = await fetch(`${origin}/api/v1/auth/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, code_verifier: verifier, code_challenge_method: 'S256' }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { key?: unknown; error?: { message?: unknown } };
  if (!response.ok || typeof body.key !== 'string') {
    const why = typeof body.error?.message === 'string' ? body.error.message : `status ${response.status}`;
    throw new Error(`OpenRouter refused the sign-in code (${why}). Try Connect again.`);
  }
  return body.key;
}
