import type { GrantChoice } from '@/lib/permissions/site-state';

const LABELS: Record<GrantChoice, string> = {
  'allow-always': 'Always allowed',
  ask: 'Ask every time',
  deny: 'Blocked',
};

export function GrantSelect({ value, onChange }: { value: GrantChoice; onChange(grant: GrantChoice): void }) {
  return (
    <select aria-label="Access to your model" data-testid="site-grant" value={value} onChange={(e) => onChange(e.target.value as GrantChoice)}>
      {(Object.keys(LABELS) as GrantChoice[]).map((grant) => (
        <option key={grant} value={grant}>
          {LABELS[grant]}
        </option>
      ))}
    </select>
  );
}
