import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { useExtension } from './harness/fixture';
import { languageTaskReply } from '../servers/language-tasks';

// Real, unmodified web apps written for the browsers' built-in AI (test/apps/SOURCES.md), run
// with the extension and a configured provider, and used as a user would: type, click, read.
// Each must show the model's answer and raise no uncaught error nor console.error.
const appsDir = join(__dirname, '..', 'apps');

/** Every vendored app's files, served under /<app>/ as they are in their repository. */
function appRoutes(): Record<string, string> {
  // The fixture's own plain page has no icon; the browser asks for one, which is not the apps' fault.
  const routes: Record<string, string> = { '/favicon.ico': '' };
  for (const app of readdirSync(appsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(appsDir, app.name))) {
      const text = readFileSync(join(appsDir, app.name, file), 'utf8');
      routes[`/${app.name}/${file}`] = text;
      if (file === 'index.html') routes[`/${app.name}/`] = text;
    }
  }
  return routes;
}

type Body = { messages: Array<{ role: string; content: unknown }> };
const lastUser = (body: Body) => {
  const content = body.messages.filter((m) => m.role === 'user').at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
};

describe.each(browsers)('real apps in %s', (name) => {
  const f = useExtension(name, { routes: appRoutes() });
  const open = async (app: string) => {
    f.page.problems.length = 0;
    await f.page.goto(`${f.site.origin}/${app}/`);
  };
  afterEach(() => {
    // An app that broke says so in its console; nothing it printed may be an error.
    expect(f.page.problems).toEqual([]);
  });

  it('ai-session-management: params(), create() with initialPrompts, streamed chat, usage and a streamed summary', async () => {
    f.provider.script((body: Body) =>
      languageTaskReply(body, /Summarize the conversation/.test(lastUser(body)) ? { deltas: ['A chat ', 'about cats.'] } : { deltas: ['Cats ', 'purr when ', 'content.'] }),
    );
    const from = f.provider.requests.length;
    await open('ai-session-management');
    await f.page.click('.new-assistant');
    await f.page.fill('.prompt-input', 'Why do cats purr?');
    await f.page.click('.prompt-form button[type=submit]');
    await f.page.waitForText('.item.assistant', /^Cats purr when content\.$/, 20_000);
    await f.page.waitForText('details[open] summary', /^A chat about cats\.$/, 20_000);
    const usage = await f.page.evaluate(() => [document.querySelector('.tokens-so-far')!.textContent, document.querySelector('.tokens-left')!.textContent], undefined);
    expect(Number(usage[0])).toBeGreaterThan(0);
    expect(Number(usage[1])).toBeGreaterThan(0);
    // The summary session was created from the chat so far, as initialPrompts.
    const summary = f.provider.requests.slice(from).map((r) => r.body as Body).find((b) => /Summarize the conversation/.test(lastUser(b)))!;
    expect(summary.messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'Why do cats purr?' },
      { role: 'assistant', content: 'Cats purr when content.' },
    ]);
  });
});
