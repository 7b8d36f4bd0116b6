import { afterAll, beforeAll } from 'vitest';
import {
  startOpenAITestServer,
  type OpenAITestServer,
  type OpenAITestServerOptions,
} from '../../servers/openai-compatible';
import { plainPage, startPageServer, type PageServer } from '../../servers/pages';
import { addProviderThroughOptions, setSiteAccessThroughPopup } from './configure';
import { launch } from './index';
import type { BrowserName, ExtensionBrowser, LaunchOptions, TestPage } from './types';

export interface ExtensionFixture {
  browser: ExtensionBrowser;
  provider: OpenAITestServer;
  site: PageServer;
  /** A tab on the test site, opened after setup. */
  page: TestPage;
}

interface Options extends LaunchOptions {
  title?: string;
  /** More pages and scripts the test site serves, by path, next to its plain `/`. */
  routes?: Record<string, string>;
  models?: string[];
  apiKey?: string;
  /** Add the test provider through the options page before the tests run (default true). */
  configure?: boolean;
  /** Let the test site use the model, set through the popup (default true). */
  allowSite?: boolean;
  /** More of the provider server's behaviour: what it says of its models, what it refuses. */
  server?: Omit<OpenAITestServerOptions, 'models' | 'apiKey'>;
}

/**
 * Starts a provider server, a site and a browser with the extension for one describe block,
 * and tears them down after it. Fields are filled in by the time the tests run.
 */
export function useExtension(name: BrowserName, options: Options = {}): ExtensionFixture {
  const fixture = {} as ExtensionFixture;
  const models = options.models ?? ['test-model'];
  beforeAll(async () => {
    fixture.provider = await startOpenAITestServer({ ...options.server, models, apiKey: options.apiKey });
    fixture.site = await startPageServer({ '/': plainPage(options.title ?? 'Test page'), ...options.routes });
    fixture.browser = await launch(name, { colorScheme: options.colorScheme });
    if (options.configure !== false) {
      await addProviderThroughOptions(fixture.browser, {
        label: 'Local test',
        baseURL: fixture.provider.url,
        models,
        apiKey: options.apiKey,
      });
    }
    if (options.allowSite !== false)
      await setSiteAccessThroughPopup(fixture.browser, fixture.site.origin, 'allow-always');
    fixture.page = await fixture.browser.newPage();
    await fixture.page.goto(`${fixture.site.origin}/`);
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.provider?.close();
    await fixture.site?.close();
  });
  return fixture;
}
