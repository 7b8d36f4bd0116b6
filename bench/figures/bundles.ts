import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Sizes {
  bytes: number;
  gzip: number;
}

const gz = (path: string): Sizes => {
  const data = readFileSync(path);
  return { bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
};

const add = (a: Sizes, b: Sizes): Sizes => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip });

/** Everything an HTML entrypoint loads at once: its module script, preloaded chunks and styles. */
function htmlEntry(root: string, html: string): { sizes: Sizes; files: string[] } {
  const text = readFileSync(join(root, html), 'utf8');
  const files = [...new Set([...text.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!))];
  let sizes = gz(join(root, html));
  for (const file of files) sizes = add(sizes, gz(join(root, file)));
  return { sizes, files };
}

/** Every entrypoint of the built Chromium extension, gzipped at level 9 as a store or CDN would. */
export function measureBundles(root: string) {
  const entries: Record<string, Sizes & { files?: string[] }> = {};
  entries['background.js'] = gz(join(root, 'background.js'));
  for (const file of readdirSync(join(root, 'content-scripts'))) {
    if (file.endsWith('.js') || file.endsWith('.css'))
      entries[`content-scripts/${file}`] = gz(join(root, 'content-scripts', file));
  }
  for (const file of readdirSync(root).filter((f) => f.endsWith('.html') && statSync(join(root, f)).isFile())) {
    const { sizes, files } = htmlEntry(root, file);
    entries[file] = { ...sizes, files };
  }
  const inpage = entries['content-scripts/inpage.js']!;
  const popup = entries['popup.html'];
  return {
    entries,
    budgets: {
      inpage: { gzip: inpage.gzip, limit: 4096, met: inpage.gzip <= 4096 },
      popup: popup ? { gzip: popup.gzip, limit: 150 * 1024, met: popup.gzip <= 150 * 1024 } : null,
    },
  };
}

export function formatBundles(b: ReturnType<typeof measureBundles>): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = ['Bundle sizes [gzip -9, raw]'];
  for (const [name, s] of Object.entries(b.entries))
    lines.push(`  ${name.padEnd(30)} ${kb(s.gzip).padStart(9)}  ${kb(s.bytes).padStart(9)}`);
  lines.push(
    `  budget      inpage.js ${b.budgets.inpage.gzip} B gzipped, limit 4096 B: ${b.budgets.inpage.met ? 'met' : 'NOT MET'}`,
  );
  if (b.budgets.popup)
    lines.push(
      `  budget      popup ${kb(b.budgets.popup.gzip)} gzipped, limit 150 KB: ${b.budgets.popup.met ? 'met' : 'NOT MET'}`,
    );
  return lines.join('\n');
}
