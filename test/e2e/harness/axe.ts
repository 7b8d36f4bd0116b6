import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestPage } from './types';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Selectors of the first few elements at fault. */
  targets: string[];
}

/** Runs axe-core over the page as it is now shown and returns every rule it found broken. */
export async function axeViolations(page: TestPage): Promise<AxeViolation[]> {
  await page.runScript(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: any[] }> } }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n: any) => String(n.target)),
    }));
  }, undefined);
}

/** The violations a user of assistive technology cannot get past: axe's "serious" and "critical". */
export const blocking = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
