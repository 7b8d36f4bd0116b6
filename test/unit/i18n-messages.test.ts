import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const messages = JSON.parse(readFileSync(join(root, 'public/_locales/en/messages.json'), 'utf8')) as Record<
  string,
  { message: string; description?: string; placeholders?: Record<string, { content: string }> }
>;

const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const uiFiles = [...sources('components'), ...sources('entrypoints')];
/** The pages' code: not the worker, the content scripts or the engine's document, whose errors are for developers. */
const pageFiles = uiFiles.filter((file) => !/(\.content\.ts|background\.ts|on-device-engine\/.*)$/.test(file));
/** Everything that may ask for a message: the pages, and the worker's code for what they show. */
const askingFiles = [...uiFiles, ...sources('lib')];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Attributes a user reads or hears, on HTML elements and on our own components. */
const SHOWN_ATTRIBUTES = new Set(['placeholder', 'aria-label', 'title', 'alt', 'label', 'hint', 'error']);
/** Calls whose string argument a user reads. */
const SHOWN_CALLS = new Set(['Error', 'setError', 'setProblem', 'setStatus', 'setNote', 'confirm', 'alert', 'prompt']);

/** Words, not an address or a sample value: two letters in a row, and not a URL. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !/^https?:\/\/\S*$/.test(text.trim());

/** The literal text of a string or template (its fixed parts), or null for anything else. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…');
  return null;
}

/** The strings an expression can evaluate to directly: through ?:, ||, ?? and parentheses. */
function shownLiterals(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(
      node.operatorToken.kind,
    )
  ) {
    return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  }
  const text = literalText(node);
  return text === null ? [] : [text];
}

/**
 * Words a user reads that bypass browser.i18n: JSX text; strings and templates put in JSX
 * children or in shown attributes, directly or through ?:, || and ??; and strings given to an
 * error, a status or a dialog.
 */
function shownWords(file: string, text = read(file)): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    // An API's name in <code> reads the same in every language.
    if (
      ts.isJsxText(node) &&
      !(ts.isJsxElement(node.parent) && node.parent.openingElement.tagName.getText() === 'code')
    )
      found.push(node.text.trim());
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      found.push(...shownLiterals(node.expression));
    }
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (value) found.push(...shownLiterals(value));
    }
    if (
      (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
      SHOWN_CALLS.has(node.expression.getText().replace(/^(window|globalThis)\./, ''))
    ) {
      const first = node.arguments?.[0];
      if (first) found.push(...shownLiterals(first));
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found.filter(hasWords);
}

/** A page file with one of each kind of shown string the check must catch, and things it must let be. */
const SAMPLE = `
export function Sample({ saved, name }: { saved: boolean; name: string }) {
  if (!name) throw new Error('A name is needed.');
  setError(\`Could not save \${name}\`);
  return (
    <form className="card wide" data-testid="sample-form">
      {saved ? 'Saved' : uiText('save')}
      {name || 'nobody'}
      <input placeholder="https://example.com/model.gguf" aria-label={\`Search \${name}\`} />
      <SpendLine label="This site today" testId="spend-site" />
      <a href="https://example.com/docs">{uiText('docs')}</a>
      <span>{' · '}{name}</span>
      {uiTextWith('nativeKeep', <code>LanguageModel</code>)}
      <p>Plain words</p>
    </form>
  );
}`;

describe('the check for words outside messages.json', () => {
  it('catches JSX text, strings in expressions and attributes, and error texts, but not class names, ids or URLs', () => {
    expect(shownWords('sample.tsx', SAMPLE).sort()).toEqual(
      ['A name is needed.', 'Could not save …', 'Plain words', 'Saved', 'Search …', 'This site today', 'nobody'].sort(),
    );
  });
});

describe('the pages’ words, in public/_locales/en/messages.json', () => {
  it('every message is used, by the code or the manifest', () => {
    const code = [...askingFiles.map(read), read('wxt.config.ts')].join('\n');
    const unused = Object.keys(messages).filter(
      (key) => !code.includes(`'${key}'`) && !code.includes(`__MSG_${key}__`),
    );
    expect(unused).toEqual([]);
  });

  it('every key the code asks for is a message', () => {
    const asked = askingFiles.flatMap((file) =>
      [...read(file).matchAll(/\bui(?:Text|TextWith)\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]!),
    );
    expect(asked.length).toBeGreaterThan(200);
    expect(asked.filter((key) => !(key in messages))).toEqual([]);
  });

  it('each placeholder in a message is declared and described, and each declared one is in the message', () => {
    for (const [key, { message, description, placeholders = {} }] of Object.entries(messages)) {
      const used = [...message.replaceAll('$$', '').matchAll(/\$([A-Za-z0-9_]+)\$/g)]
        .map((m) => m[1]!.toLowerCase())
        .sort();
      expect(used, key).toEqual(
        Object.keys(placeholders)
          .map((p) => p.toLowerCase())
          .sort(),
      );
      if (used.length > 0) expect(description, `${key} says what its placeholders are`).toBeTruthy();
    }
  });

  it('no page writes words a user reads outside messages.json', () => {
    expect(pageFiles).toContain('entrypoints/options/OptionsApp.tsx');
    const untranslated = pageFiles
      .map((file) => [file, shownWords(file)] as const)
      .filter(([, words]) => words.length > 0);
    expect(untranslated).toEqual([]);
  });
});
