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
  // A model whose context window the extension knows, as with a real provider's model.
  const f = useExtension(name, { routes: appRoutes(), models: ['gpt-4o-mini'] });
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
      languageTaskReply(
        body,
        /Summarize the conversation/.test(lastUser(body))
          ? { deltas: ['A chat ', 'about cats.'] }
          : { deltas: ['Cats ', 'purr when ', 'content.'] },
      ),
    );
    const from = f.provider.requests.length;
    await open('ai-session-management');
    await f.page.click('.new-assistant');
    await f.page.fill('.prompt-input', 'Why do cats purr?');
    await f.page.click('.prompt-form button[type=submit]');
    await f.page.waitForText('.item.assistant', /^Cats purr when content\.$/, 20_000);
    await f.page.waitForText('details[open] summary', /^A chat about cats\.$/, 20_000);
    const usage = await f.page.evaluate(
      () => [
        document.querySelector('.tokens-so-far')!.textContent,
        document.querySelector('.tokens-left')!.textContent,
      ],
      undefined,
    );
    expect(Number(usage[0])).toBeGreaterThan(0);
    expect(Number(usage[1])).toBeGreaterThan(0);
    // The summary session was created from the chat so far, as initialPrompts.
    const summary = f.provider.requests
      .slice(from)
      .map((r) => r.body as Body)
      .find((b) => /Summarize the conversation/.test(lastUser(b)))!;
    expect(summary.messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'Why do cats purr?' },
      { role: 'assistant', content: 'Cats purr when content.' },
    ]);
  });

  it('prompt-api-session-compacting: availability(), monitor, streamed chat, contextUsage, then LanguageDetector, Summarizer and destroy() to compact', async () => {
    const said = 'Ich habe heute einen langen Spaziergang im Park gemacht und die Sonne war sehr schön.';
    const answer = 'Das klingt wunderbar! Ein Spaziergang in der Sonne ist die beste Erholung für Körper und Geist.';
    const system = (body: Body) => String(body.messages.find((m) => m.role === 'system')?.content ?? '');
    f.provider.script((body: Body) =>
      languageTaskReply(
        body,
        system(body).startsWith('You summarize')
          ? { deltas: ['Sonniger ', 'Spaziergang.'] }
          : { deltas: [answer.slice(0, 20), answer.slice(20)] },
      ),
    );
    const from = f.provider.requests.length;
    await open('prompt-api-session-compacting');
    await f.page.waitForText('#status', /^Ready\.$/, 20_000);
    await f.page.fill('#user-input', said);
    await f.page.click('#send-btn');
    await f.page.waitForText('.msg.assistant', new RegExp(`^AI: +${answer}$`), 20_000);
    const label = await f.page.waitForText('#token-label', /^Context: [1-9]\d* \/ [1-9]\d* tokens/);
    await f.page.click('#compact-btn');
    await f.page.waitForText('#status', /^Session compacted\. Ready\.$|failed/, 30_000);
    // On failure the app says why in its chat; show that rather than only the status line.
    expect(
      await f.page.evaluate(
        () => [...document.querySelectorAll('.msg.system')].map((m) => m.textContent).join('\n'),
        undefined,
      ),
    ).not.toMatch(/error/i);
    await f.page.waitForText('#status', /^Session compacted\. Ready\.$/);
    const compacted = JSON.parse(await f.page.waitForText('#pre-compacted', /^\[/));
    expect(compacted).toEqual([
      { role: 'user', content: 'Sonniger Spaziergang.' },
      { role: 'assistant', content: 'Sonniger Spaziergang.' },
    ]);
    // The detector found German with confidence above the app's 0.7 threshold.
    await f.page.waitForText('#compact-log', /Languages\s*de/);
    expect(label).toMatch(/tokens \(\d+%\)$/);
    // Each summary was asked of the model with the app's context and the text to shorten.
    const summaries = f.provider.requests
      .slice(from)
      .map((r) => r.body as Body)
      .filter((b) => system(b).startsWith('You summarize'));
    expect(summaries.map(lastUser).join('\n')).toContain(said);
  });
});
