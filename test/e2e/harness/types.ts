/** The few page operations the end-to-end tests need, the same in both browsers. */
export interface TestPage {
  /** The page's uncaught errors and console.error messages so far, as a user's devtools would show them. */
  problems: string[];
  /** Navigates; by default resolves on the new page's load event, with `until: 'commit'` once the tab holds the new document (in Firefox, at its DOMContentLoaded). */
  goto(url: string, until?: 'load' | 'commit'): Promise<void>;
  /** Runs a function in the page (MAIN world) and returns its JSON-serialisable result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  /** Picks an option of a <select> as a user would, firing its change event. */
  select(selector: string, value: string): Promise<void>;
  /** Resolves with the element's text once it matches, or throws after timeoutMs. */
  waitForText(selector: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  screenshot(path: string): Promise<void>;
  /**
   * Evaluates a script's source in the page as the browser's tools do, which the page's own
   * CSP does not apply to (extension pages allow no eval), e.g. to load axe-core.
   */
  runScript(source: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  name: 'chromium' | 'firefox';
  /** chrome-extension://<id> or moz-extension://<uuid>, without a trailing slash. */
  extensionOrigin: string;
  newPage(): Promise<TestPage>;
  /** Opens one of the extension's own pages, e.g. `options.html`, in a new tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  /** The extension pages now open at `path` (in any window), e.g. consent windows. */
  extensionPages(path: string): Promise<TestPage[]>;
  /** Stops the extension's service worker, as the browser does when it is idle or crashes. */
  killWorker?(): Promise<void>;
  close(): Promise<void>;
}

export type BrowserName = ExtensionBrowser['name'];

export interface LaunchOptions {
  /** The system theme pages see through `prefers-color-scheme` (default light). */
  colorScheme?: 'light' | 'dark';
}
