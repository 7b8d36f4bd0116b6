import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeURL, codeFromRedirect, exchangeCode, pkcePair } from '@/lib/providers/openrouter-oauth';

describe('OpenRouter’s OAuth PKCE', () => {
  // A stand-in for POST /api/v1/auth/keys that checks the verifier against the challenge it was shown.
  const issued = new Map<string, string>();
  let origin = '';
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const p of req) parts.push(p as Buffer);
    const body = JSON.parse(Buffer.concat(parts).toString() || '{}');
    const challenge = issued.get(body.code);
    const hashed = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    const ok =
      req.url === '/api/v1/auth/keys' &&
      req.method === 'POST' &&
      body.code_challenge_method === 'S256' &&
      challenge === hashed;
    res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? { key: 'sk-or-v1-from-oauth', user_id: 'user_1' }
          : { error: { code: 403, message: 'Invalid code or code_verifier' } },
      ),
    );
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('makes an S256 pair whose challenge is the base64url SHA-256 of a 43-character verifier', async () => {
    const { verifier, challenge } = await pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect((await pkcePair()).verifier).not.toBe(verifier);
  });

  it('sends the browser to /auth with the callback and the challenge', () => {
    const url = new URL(authorizeURL('https://abc.chromiumapp.org/', 'CHALLENGE'));
    expect(url.origin + url.pathname).toBe('https://openrouter.ai/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      callback_url: 'https://abc.chromiumapp.org/',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
    });
  });

  it('reads the code from the redirect, and says so when there is none', () => {
    expect(codeFromRedirect('https://abc.chromiumapp.org/?code=c-123')).toBe('c-123');
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/?error=access_denied')).toThrow(/cancelled or refused/);
    expect(() => codeFromRedirect(undefined)).toThrow(/cancelled or refused/);
  });

  it('trades the code and verifier for the key, and refuses a wrong verifier in plain words', async () => {
    const { verifier, challenge } = await pkcePair();
    issued.set('code-1', challenge);
    expect(await exchangeCode('code-1', verifier, origin)).toBe('sk-or-v1-from-oauth');
    await expect(exchangeCode('code-1', (await pkcePair()).verifier, origin)).rejects.toThrow(
      'OpenRouter refused the sign-in code (Invalid code or code_verifier). Try Connect again.',
    );
  });
});
