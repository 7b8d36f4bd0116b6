import { uiText } from './i18n';
import type { SpendLine as Line } from '@/lib/budgets/spend';
import { formatUsd } from './money';

/** "$0.12 of $0.50" with a bar that turns orange at 80% and red at 100%. */
export function SpendLine({ label, line, testId }: { label: string; line: Line; testId: string }) {
  const share = line.limitUsd ? Math.min(1, line.spentUsd / line.limitUsd) : 0;
  const level = share >= 1 ? 'over' : share >= 0.8 ? 'near' : 'fine';
  return (
    <div className="spend-line" data-testid={testId} data-level={level}>
      <div className="row spread">
        <span>{label}</span>
        <span>
          <strong>{formatUsd(line.spentUsd)}</strong>
          {line.limitUsd !== null ? (
            <span className="muted">{uiText('spendOfLimit', formatUsd(line.limitUsd))}</span>
          ) : (
            <span className="muted">{uiText('spendNoLimit')}</span>
          )}
        </span>
      </div>
      {line.limitUsd !== null && (
        <div
          className="meter"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={line.limitUsd}
          aria-valuenow={line.spentUsd}
          aria-label={label}
        >
          <span style={{ width: `${share * 100}%` }} />
        </div>
      )}
    </div>
  );
}
