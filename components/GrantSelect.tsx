import type { GrantChoice } from '@/lib/permissions/site-state';

export const GRANT_LABELS: Record<GrantChoice, string> = {
  'allow-always': 'Always allowed',
  ask: 'Ask every time',
  deny: 'Blocked',
};

export function GrantSelect({ value, onChange }: { value: GrantChoice; onChange(grant: GrantChoice): void }) {
  return (
    <select aria-label="Access to your model" data-testid="site-grant" value={value} onChange={(e) => onChange(e.target.value as GrantChoice)}>
      {(Object.keys(GRANT_LABELS) as GrantChoice[]).map((grant) => (
        <option key={grant} value={grant}>
          {GRANT_LABELS[grant]}
        </option>
      ))}
    </select>
  );
}
