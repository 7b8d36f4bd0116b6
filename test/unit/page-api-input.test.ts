import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { canonical, usageOf } from '@/lib/page-api/prompt-input';
import { deltaStream, quotaError, throwIfAborted } from '@/lib/page-api/streams';
import { ErrorCodes } from '@/lib/protocol/wire';

// The page API's pure pieces: the Prompt API's prompt canonicalization and its error rules,
// the delta stream and the quota error, all as a page would meet them.

const nameOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as Error).name;
  }
};

const rejection = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (error: Error) => error.name,
  );

describe('canonical(): the spec’s prompt validation', () => {
  it('turns a string into one user message and collapses text parts, with no separator', async () => {
    expect(await canonical('hi', false)).toEqual([{ role: 'user', content: 'hi', prefix: undefined }]);
    expect(
      await canonical(
        [
          {
            role: 'user',
            content: [
              { type: 'text', value: 'foo' },
              { type: 'text', value: 'bar' },
            ],
          },
        ],
        true,
      ),
    ).toEqual([{ role: 'user', content: 'foobar', prefix: undefined }]);
    expect(await canonical([], false)).toEqual([{ role: 'user', content: '' }]);
    expect(await canonical([{ role: 'user', content: [] }], false)).toEqual([
      { role: 'user', content: '', prefix: undefined },
    ]);
  });

  it('allows a system message only first, and only before any other input', async () => {
    expect(
      await rejection(
        canonical(
          [
            { role: 'system', content: 's' },
            { role: 'user', content: 'u' },
          ],
          false,
        ),
      ),
    ).toBe('no error');
    expect(await rejection(canonical([{ role: 'system', content: 's' }], true))).toBe('TypeError');
    expect(
      await rejection(
        canonical(
          [
            { role: 'user', content: 'u' },
            { role: 'system', content: 's' },
          ],
          false,
        ),
      ),
    ).toBe('TypeError');
  });

  it('allows prefix only on a last assistant message, else SyntaxError as a DOMException', async () => {
    expect(
      (
        await canonical(
          [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: '{', prefix: true },
          ],
          true,
        )
      ).at(-1),
    ).toEqual({
      role: 'assistant',
      content: '{',
      prefix: true,
    });
    const error = await canonical([{ role: 'user', content: 'q', prefix: true }], true).catch((e) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('SyntaxError');
    expect(
      await rejection(
        canonical(
          [
            { role: 'assistant', content: 'a', prefix: true },
            { role: 'user', content: 'q' },
          ],
          true,
        ),
      ),
    ).toBe('SyntaxError');
  });

  it('refuses unknown roles (TypeError), undeclared or assistant media (NotSupportedError) and non-string text (TypeError)', async () => {
    const image = { type: 'image', value: new Uint8Array(1) };
    expect(await rejection(canonical([{ role: 'tool', content: 'x' }], false))).toBe('TypeError');
    expect(await rejection(canonical([{ role: 'user', content: [image] }], false))).toBe('NotSupportedError');
    expect(await rejection(canonical([{ role: 'user', content: [image] }], false, ['audio']))).toBe(
      'NotSupportedError',
    );
    expect(
      await rejection(
        canonical([{ role: 'assistant', content: [{ type: 'audio', value: new Uint8Array(1) }] }], false, ['audio']),
      ),
    ).toBe('NotSupportedError');
    expect(await rejection(canonical([{ role: 'user', content: [{ type: 'text', value: 3 }] }], false))).toBe(
      'TypeError',
    );
  });

  it('keeps declared audio as a part beside its text, as a Blob the content script can take', async () => {
    // Node has no Web Audio; the page's AudioBuffer check needs the name to exist.
    vi.stubGlobal('AudioBuffer', class {});
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const [message] = await canonical(
      [
        {
          role: 'user',
          content: [
            { type: 'text', value: 'Listen: ' },
            { type: 'audio', value: new Uint8Array([1, 2, 3]) },
            { type: 'text', value: '!' },
          ],
        },
      ],
      false,
      ['audio'],
    );
    expect(message!.content).toEqual([
      { type: 'text', text: 'Listen: ' },
      { type: 'audio', data: expect.any(Blob) },
      { type: 'text', text: '!' },
    ]);
    const blob = (message!.content as Array<{ data?: Blob }>)[1]!.data!;
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('measures about four characters a token plus four a message, and 1,600 an image or audio part, as the worker estimates', () => {
    expect(usageOf([{ content: 'x'.repeat(400) }])).toBe(104);
    expect(usageOf([{ content: '' }, { content: 'abcde' }])).toBe(4 + 6);
    expect(usageOf([{ content: [{ type: 'text', text: 'abcd' }, { type: 'image' }] }])).toBe(4 + 1 + 1_600);
  });
});

describe('streams and events', () => {
  // The page's document, active: deltaStream() checks it as every call does.
  const activeDocument = () => {
    vi.stubGlobal('document', { defaultView: {} });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
  };

  it('deltaStream() throws at once, with no stream and no call, when the model is destroyed or the signal aborted', () => {
    activeDocument();
    const run = vi.fn(() => new Promise(() => {}));
    const [dead, page] = [new AbortController(), new AbortController()];
    page.abort(new TypeError('page stopped'));
    expect(() => deltaStream(run, dead.signal, { signal: page.signal })).toThrow('page stopped');
    dead.abort();
    expect(nameOf(() => deltaStream(run, dead.signal, {}))).toBe('AbortError');
    expect(run).not.toHaveBeenCalled();
  });

  it('deltaStream() passes deltas through and cancelling aborts the call', async () => {
    activeDocument();
    let seen: AbortSignal | undefined;
    const stream = deltaStream(
      (onChunk, o) => {
        seen = o.signal;
        onChunk('a');
        onChunk('b');
        return new Promise(() => {});
      },
      new AbortController().signal,
      {} as { signal?: AbortSignal },
    );
    const reader = stream.getReader();
    expect([(await reader.read()).value, (await reader.read()).value]).toEqual(['a', 'b']);
    expect(seen?.aborted).toBe(false);
    await reader.cancel();
    expect(seen?.aborted).toBe(true);
  });

  it('deltaStream() errors the stream with the call’s rejection, and follows the page’s signal', async () => {
    activeDocument();
    const page = new AbortController();
    let seen: AbortSignal | undefined;
    const alive = new AbortController().signal;
    const failing = deltaStream(() => Promise.reject(new DOMException('no', 'NotAllowedError')), alive, {});
    await expect(failing.getReader().read()).rejects.toMatchObject({ name: 'NotAllowedError' });
    let context;
    deltaStream((_, o) => ((seen = o.signal), (context = o.context), new Promise(() => {})), alive, {
      signal: page.signal,
      context: 'kept',
    });
    page.abort();
    expect(seen?.aborted).toBe(true);
    expect(context).toBe('kept');
  });

  it('quotaError() is a QuotaExceededError carrying requested and quota', () => {
    expect(quotaError(10, 5)).toMatchObject({ name: 'QuotaExceededError', requested: 10, quota: 5 });
    expect(quotaError(10, 5)).toBeInstanceOf(DOMException);
  });

  it('throwIfAborted() throws InvalidStateError once the document is not active, else the first aborted signal’s reason', () => {
    const page = { defaultView: {} as object | null };
    vi.stubGlobal('document', page);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const c = new AbortController();
    c.abort(new DOMException('gone', 'AbortError'));
    expect(() => throwIfAborted(undefined, new AbortController().signal)).not.toThrow();
    expect(nameOf(() => throwIfAborted(undefined, c.signal))).toBe('AbortError');
    page.defaultView = null;
    expect(nameOf(() => throwIfAborted(undefined, c.signal))).toBe('InvalidStateError');
  });
});

describe('window.ai error codes', () => {
  it('map every code of the error contract the way the error contract’s table says', async () => {
    vi.stubGlobal('window', { postMessage() {} });
    try {
      const { windowAICodes } = await import('@/lib/page-api/window-ai');
      expect(windowAICodes).toEqual({
        [ErrorCodes.permissionDenied]: 'PERMISSION_DENIED',
        [ErrorCodes.notAuthenticated]: 'NOT_AUTHENTICATED',
        [ErrorCodes.paymentRequired]: 'PAYMENT_REQUIRED',
        [ErrorCodes.invalidRequest]: 'INVALID_REQUEST',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
