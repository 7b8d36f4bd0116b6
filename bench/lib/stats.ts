/** Summary of one arm's samples. Times in ms unless a figure says otherwise. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest rank: with few samples p95 is the largest, never an interpolated value nobody saw.
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/**
 * Runs both arms `rounds` times, swapping which goes first every round (ABBA), so that a
 * machine warming up or slowing down during the run weighs on both arms alike.
 */
export async function alternate<T>(
  rounds: number,
  base: () => Promise<T>,
  subject: () => Promise<T>,
): Promise<{ base: T[]; subject: T[] }> {
  const out = { base: [] as T[], subject: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.base.push(await base());
      out.subject.push(await subject());
    } else {
      out.subject.push(await subject());
      out.base.push(await base());
    }
  }
  return out;
}

/** A figure as printed and stored: both arms, their ratio, and the budget it is held to. */
export interface Figure {
  name: string;
  unit: string;
  baselineName: string;
  subject: Summary;
  baseline: Summary | null;
  /** subject median / baseline median. */
  ratio: number | null;
  /** The budgeted quantity, e.g. added ms, or subject rate / baseline rate. */
  budget?: { what: string; value: number; limit: string; met: boolean };
  note?: string;
}

export function figure(
  name: string,
  unit: string,
  subject: number[],
  baseline: number[] | null,
  baselineName: string,
  extra: Pick<Figure, 'budget' | 'note'> = {},
): Figure {
  const s = summarize(subject);
  const b = baseline ? summarize(baseline) : null;
  return { name, unit, baselineName, subject: s, baseline: b, ratio: b ? s.median / b.median : null, ...extra };
}

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function formatFigure(f: Figure): string {
  const lines = [
    `${f.name} [${f.unit}]`,
    `  extension   median ${num(f.subject.median)}  p95 ${num(f.subject.p95)}  (n=${f.subject.n})`,
  ];
  if (f.baseline) {
    lines.push(
      `  ${f.baselineName.padEnd(11)} median ${num(f.baseline.median)}  p95 ${num(f.baseline.p95)}  (n=${f.baseline.n})`,
    );
    lines.push(`  ratio       ${f.ratio!.toFixed(3)}`);
  }
  if (f.budget)
    lines.push(
      `  budget      ${f.budget.what} = ${num(f.budget.value)}, limit ${f.budget.limit}: ${f.budget.met ? 'met' : 'NOT MET'}`,
    );
  if (f.note) lines.push(`  note        ${f.note}`);
  return lines.join('\n');
}
