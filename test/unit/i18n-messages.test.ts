import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const messages = JSON.parse(readFileSync(join(root, 'public/_locales/en/messages.json'), 'utf8')) as Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;

const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const uiFiles = [...sources('components'), ...sources('entrypoints')];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Pages whose words are still written in English in the code, to move into messages.json. */
const NOT_YET_TRANSLATED = [
  'components/BudgetSettings.tsx', 'components/BuiltInModel.tsx', 'components/EntrySelect.tsx',
  'components/FallbackChain.tsx', 'components/InputsEditor.tsx', 'components/KindPicker.tsx', 'components/ModelSelect.tsx',
  'components/ModelSettings.tsx', 'components/NativeModelSetting.tsx', 'components/OnDeviceModels.tsx', 'components/PriceEditor.tsx',
  'components/ProviderForm.tsx', 'components/ProviderList.tsx', 'components/RecentUsage.tsx', 'components/Setup.tsx',
  'components/SiteList.tsx', 'components/WindowEditor.tsx', 'components/usage/CostChart.tsx', 'components/usage/DataActions.tsx',
  'components/usage/History.tsx', 'components/usage/SiteTable.tsx', 'components/usage/UsageView.tsx',
];

const SHOWN_ATTRIBUTES = new Set(['placeholder', 'aria-label', 'title', 'alt', 'label']);

/** JSX text and shown attributes with letters in them: words a user reads that bypass browser.i18n. */
function jsxWords(file: string): string[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) found.push(node.text.trim());
    // Attributes a user reads or hears, written as a plain string.
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}{2,}/u.test(node.initializer.text)) {
      found.push(node.initializer.text);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

describe('the pages’ words, in public/_locales/en/messages.json', () => {
  it('every message is used, by the code or the manifest', () => {
    const code = [...uiFiles.map(read), read('wxt.config.ts')].join('\n');
    const unused = Object.keys(messages).filter((key) => !code.includes(`'${key}'`) && !code.includes(`__MSG_${key}__`));
    expect(unused).toEqual([]);
  });

  it('every key the code asks for is a message', () => {
    const asked = uiFiles.flatMap((file) => [...read(file).matchAll(/\buiText\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]!));
    expect(asked.length).toBeGreaterThan(40);
    expect(asked.filter((key) => !(key in messages))).toEqual([]);
  });

  it('each placeholder in a message is declared, and each declared one is in the message', () => {
    for (const [key, { message, placeholders = {} }] of Object.entries(messages)) {
      const used = [...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
      expect(used, key).toEqual(Object.keys(placeholders).map((p) => p.toLowerCase()).sort());
    }
  });

  it('no page writes words in JSX text outside messages.json, save those listed as not yet moved', () => {
    const untranslated = uiFiles.filter((file) => file.endsWith('.tsx') && jsxWords(file).length > 0);
    expect(untranslated.filter((file) => !NOT_YET_TRANSLATED.includes(file))).toEqual([]);
    // The list only shrinks: a file moved to messages.json leaves it.
    expect(NOT_YET_TRANSLATED.filter((file) => !untranslated.includes(file))).toEqual([]);
  });
});
