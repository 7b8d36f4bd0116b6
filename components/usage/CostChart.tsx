import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DailyCost } from '@/lib/ledger/queries';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from '../ErrorNote';
import { uiCount, uiText } from '../i18n';
import { formatCount, formatUsd } from './format';

/** Local midnight of "2026-11-23", in the seconds uPlot's time axis counts in. */
const midnight = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).getTime() / 1_000;
};

/** The theme's colours, read from the page's custom properties (components/styles.css). */
function themeColours(el: HTMLElement) {
  const style = getComputedStyle(el);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: style.color,
    accent: read('--accent-ink', '#3453c4'),
    grid: read('--tint', '#8883'),
    ticks: read('--line-soft', '#8884'),
  };
}

/** True while the system asks for dark colours; the chart draws its colours once, so it redraws on a change. */
function usePrefersDark(): boolean {
  const [query] = useState(() => matchMedia('(prefers-color-scheme: dark)'));
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const follow = () => setDark(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [query]);
  return dark;
}

function options(width: number, { ink, accent, grid, ticks }: ReturnType<typeof themeColours>): uPlot.Options {
  const axis = { stroke: ink, grid: { stroke: grid }, ticks: { stroke: ticks } };
  return {
    width,
    height: 180,
    legend: { show: false },
    cursor: { y: false, points: { show: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 0.01] } },
    axes: [
      { ...axis, space: 60 },
      { ...axis, size: 84, values: (_u, ticks) => ticks.map((t) => formatUsd(t)) },
    ],
    // No outline: a day without spend draws nothing rather than a stub on the axis.
    series: [
      {},
      {
        label: uiText('cost'),
        stroke: accent,
        width: 0,
        fill: `${accent}99`,
        paths: uPlot.paths.bars!({ size: [0.7, 24] }),
        points: { show: false },
      },
    ],
  };
}

/** Daily cost over the last 30 days, for one site or (origin null) for all of them. */
export function CostChart({ origin, version }: { origin: string | null; version: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [days, setDays] = useState<DailyCost[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<DailyCost | null>(null);
  const dark = usePrefersDark();

  useEffect(() => {
    sendMessage('dailyCost', { origin }).then(setDays, (e: Error) => setError(e.message));
  }, [origin, version]);

  useEffect(() => {
    const el = box.current;
    if (!el || !days) return;
    const opts = options(el.clientWidth || 640, themeColours(el));
    opts.hooks = { setCursor: [(u) => setHover(u.cursor.idx == null ? null : days[u.cursor.idx]!)] };
    const plot = new uPlot(opts, [days.map((d) => midnight(d.day)), days.map((d) => d.usd)], el);
    return () => plot.destroy();
  }, [days, dark]);

  if (error) return <ErrorNote error={error} />;
  const total = days?.reduce((sum, d) => sum + d.usd, 0) ?? 0;
  return (
    <figure className="usage-chart" data-testid="usage-chart">
      <figcaption>
        <strong>{uiText('usageChartTitle')}</strong>
        <span className="muted">
          {hover
            ? ` · ${uiCount(hover.requests, 'usageChartDayOne', 'usageChartDayMany', hover.day, formatUsd(hover.usd), formatCount(hover.requests))}`
            : days
              ? ` · ${uiText('usageChartTotal', formatUsd(total))}`
              : ''}
        </span>
      </figcaption>
      <div ref={box} />
    </figure>
  );
}
