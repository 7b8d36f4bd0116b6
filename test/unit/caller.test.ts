import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { callerFromSender, isCallableOrigin } from '@/lib/gateway/caller';
import { GatewayError } from '@/lib/gateway/errors';
import { ErrorCodes } from '@/lib/protocol/wire';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';

const tab = (over: Partial<Browser.tabs.Tab> = {}) =>
  ({ id: 7, title: 'A page', url: 'https://tab.example/', ...over }) as Browser.tabs.Tab;

/** A sender as Chromium fills it in for a content script in a top-level https frame. */
function sender(over: Partial<Browser.runtime.MessageSender> = {}): Browser.runtime.MessageSender {
  return {
    id: EXTENSION_ID,
    url: 'https://app.example/chat?x=1',
    origin: 'https://app.example',
    frameId: 0,
    tab: tab(),
    ...over,
  };
}

function refusal(input: Browser.runtime.MessageSender | undefined): GatewayError {
  try {
    callerFromSender(input, EXTENSION_ID);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected the sender to be refused');
}

describe('callerFromSender accepts', () => {
  it.each([
    { name: 'an https frame', s: sender(), origin: 'https://app.example' },
    {
      name: 'an https frame with a port',
      s: sender({ url: 'https://app.example:8443/x', origin: 'https://app.example:8443' }),
      origin: 'https://app.example:8443',
    },
    {
      name: 'an https frame without sender.origin (Firefox)',
      s: sender({ origin: undefined }),
      origin: 'https://app.example',
    },
    {
      name: 'http://localhost',
      s: sender({ url: 'http://localhost:5173/', origin: 'http://localhost:5173' }),
      origin: 'http://localhost:5173',
    },
    {
      name: 'http://127.0.0.1:PORT',
      s: sender({ url: 'http://127.0.0.1:8080/index.html', origin: 'http://127.0.0.1:8080' }),
      origin: 'http://127.0.0.1:8080',
    },
    {
      name: 'http://[::1]:PORT',
      s: sender({ url: 'http://[::1]:3000/', origin: 'http://[::1]:3000' }),
      origin: 'http://[::1]:3000',
    },
  ])('$name', ({ s, origin }) => {
    const caller = callerFromSender(s, EXTENSION_ID);
    expect(caller).toEqual({ origin, tabId: 7, frameId: 0, tabTitle: 'A page', favIconUrl: null });
  });
});

describe('callerFromSender refuses with NotAllowedError', () => {
  it.each([
    { name: 'no sender at all', s: undefined, why: /this extension/ },
    { name: 'another extension', s: sender({ id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk' }), why: /this extension/ },
    { name: 'a sender without an id', s: sender({ id: undefined }), why: /this extension/ },
    { name: 'a missing tab (an extension page or worker)', s: sender({ tab: undefined }), why: /browser tab/ },
    { name: 'a tab without an id', s: sender({ tab: tab({ id: undefined }) }), why: /browser tab/ },
    { name: 'tab id -1 (TAB_ID_NONE)', s: sender({ tab: tab({ id: -1 }) }), why: /browser tab/ },
    { name: 'a missing url', s: sender({ url: undefined }), why: /browser tab/ },
    { name: 'sender.origin "null" (sandboxed frame)', s: sender({ origin: 'null' }), why: /Opaque/ },
    {
      name: 'sender.origin disagreeing with the url (spoof)',
      s: sender({ url: 'https://evil.example/', origin: 'https://bank.example' }),
      why: /Opaque/,
    },
    {
      name: 'url spoofed against sender.origin',
      s: sender({ url: 'https://bank.example/', origin: 'https://evil.example' }),
      why: /Opaque/,
    },
    { name: 'sender.origin differing only by port', s: sender({ origin: 'https://app.example:444' }), why: /Opaque/ },
    { name: 'sender.origin differing only by scheme', s: sender({ origin: 'http://app.example' }), why: /Opaque/ },
    {
      name: 'http on a public host',
      s: sender({ url: 'http://app.example/', origin: 'http://app.example' }),
      why: /Only https sites.*http:\/\/app\.example/,
    },
    {
      name: 'http on a private LAN address',
      s: sender({ url: 'http://192.168.1.10/', origin: 'http://192.168.1.10' }),
      why: /Only https/,
    },
    {
      name: 'http on a host that only starts with localhost',
      s: sender({ url: 'http://localhost.evil.example/', origin: 'http://localhost.evil.example' }),
      why: /Only https/,
    },
    { name: 'a file: url', s: sender({ url: 'file:///home/user/page.html', origin: undefined }), why: /Opaque/ },
    { name: 'a data: url', s: sender({ url: 'data:text/html,<script>1</script>', origin: undefined }), why: /Opaque/ },
    {
      name: 'a chrome-extension: url',
      s: sender({ url: `chrome-extension://${EXTENSION_ID}/popup.html`, origin: `chrome-extension://${EXTENSION_ID}` }),
      why: /Opaque/,
    },
    {
      name: 'a moz-extension: url',
      s: sender({ url: 'moz-extension://0f0e0d0c-aaaa-bbbb-cccc-000000000000/page.html', origin: undefined }),
      why: /Opaque/,
    },
    {
      name: 'a blob: url of an https origin',
      s: sender({ url: 'blob:https://app.example/0b7c', origin: 'https://app.example' }),
      why: /Only https/,
    },
    { name: 'about:srcdoc', s: sender({ url: 'about:srcdoc', origin: 'https://app.example' }), why: /Opaque/ },
    { name: 'an ftp: url', s: sender({ url: 'ftp://files.example/', origin: undefined }), why: /Opaque|Only https/ },
    { name: 'an unparsable url', s: sender({ url: 'not a url at all', origin: undefined }), why: /no valid URL/ },
    {
      name: 'an unparsable url with a plausible origin',
      s: sender({ url: 'https://', origin: 'https://app.example' }),
      why: /no valid URL/,
    },
  ])('$name', ({ s, why }) => {
    const error = refusal(s);
    expect(error.message).toMatch(why);
    expect(error.pageName).toBe('NotAllowedError');
    expect(error.code).toBe(ErrorCodes.permissionDenied);
    expect(error.toWire().name).toBe('NotAllowedError');
  });
});

describe('the returned caller', () => {
  it('takes its origin from sender.url only, never from the tab or the path', () => {
    const caller = callerFromSender(
      sender({
        url: 'https://user:pass@frame.example/https://bank.example/?origin=https://bank.example#https://bank.example',
        origin: 'https://frame.example',
        tab: tab({ url: 'https://bank.example/', title: 'Bank' }),
      }),
      EXTENSION_ID,
    );
    expect(caller.origin).toBe('https://frame.example');
  });

  it('takes tab id 0 as a tab: only TAB_ID_NONE (-1) and below mean none', () => {
    expect(callerFromSender(sender({ tab: tab({ id: 0 }) }), EXTENSION_ID).tabId).toBe(0);
  });

  it('reports the frame id and tab id the browser gave', () => {
    const caller = callerFromSender(sender({ frameId: 42, tab: tab({ id: 99 }) }), EXTENSION_ID);
    expect(caller.frameId).toBe(42);
    expect(caller.tabId).toBe(99);
  });

  it('defaults a missing frame id to 0 and a missing title to empty', () => {
    const caller = callerFromSender(sender({ frameId: undefined, tab: tab({ title: undefined }) }), EXTENSION_ID);
    expect(caller.frameId).toBe(0);
    expect(caller.tabTitle).toBe('');
  });

  it('caps the tab title at 300 characters', () => {
    const caller = callerFromSender(sender({ tab: tab({ title: 't'.repeat(10_000) }) }), EXTENSION_ID);
    expect(caller.tabTitle).toHaveLength(300);
    expect(caller.tabTitle).toBe('t'.repeat(300));
  });
});

describe('isCallableOrigin', () => {
  it.each([
    ['https://a.example/', true],
    ['http://localhost/', true],
    ['http://127.0.0.1:1/', true],
    ['http://a.example/', false],
    ['https://localhost/', true],
    ['ws://localhost/', false],
    ['http://127.0.0.2/', false],
  ])('%s → %s', (url, expected) => {
    expect(isCallableOrigin(new URL(url))).toBe(expected);
  });
});

describe('the favicon the consent window may show', () => {
  const withIcon = (favIconUrl: string) =>
    callerFromSender({ ...sender(), tab: { ...sender().tab!, favIconUrl } } as never, EXTENSION_ID).favIconUrl;
  it.each([
    ['https://app.example/favicon.ico', 'https://app.example/favicon.ico'],
    ['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo='],
    ['javascript:alert(1)', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['data:image/svg+xml;base64,PHN2Zz4=', null],
    ['chrome://favicon/x', null],
    [`https://app.example/${'a'.repeat(5000)}`, null],
    ['http://127.0.0.1:8080/favicon.ico', 'http://127.0.0.1:8080/favicon.ico'],
    ["javascript:fetch('https://evil.example/')", null],
    ["javascript:'data:image/png;'", null],
    ['', null],
  ])('%s → %s', (url, expected) => {
    expect(withIcon(url)).toBe(expected);
  });

  // The cap is 4,000 characters, inclusive.
  it.each([
    [4_000, true],
    [4_001, false],
  ])('an icon URL of %i characters is kept: %s', (length, kept) => {
    const url = `https://app.example/${'a'.repeat(length - 'https://app.example/'.length)}`;
    expect(url).toHaveLength(length);
    expect(withIcon(url)).toBe(kept ? url : null);
  });
});
