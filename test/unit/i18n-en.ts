import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const messages = JSON.parse(
  readFileSync(join(__dirname, '../../public/_locales/en/messages.json'), 'utf8'),
) as Messages;

/**
 * browser.i18n.getMessage over the English messages, as the browsers read them: each $NAME$
 * becomes its placeholder's content, then $1… the substitutions, and $$ a dollar sign.
 * (The fake browser has no i18n of its own.)
 */
export function getEnglishMessage(key: string, substitutions: string | string[] = []): string {
  const entry = messages[key];
  if (!entry) return '';
  const subs = typeof substitutions === 'string' ? [substitutions] : substitutions;
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_]+)\$/g, (whole, name?: string) =>
    name === undefined
      ? '$'
      : (placeholders[name.toLowerCase()] ?? whole).replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? ''),
  );
}
