import { uiText, type MessageKey } from './i18n';
import type { GrantChoice } from '@/lib/permissions/site-state';

const GRANT_KEYS: Record<GrantChoice, MessageKey> = {
  'allow-always': 'grantAllowAlways',
  ask: 'grantAsk',
  deny: 'grantDeny',
};

export const grantLabel = (grant: GrantChoice) => uiText(GRANT_KEYS[grant]);

export function GrantSelect({ value, onChange }: { value: GrantChoice; onChange(grant: GrantChoice): void }) {
  return (
    <select
      aria-label={uiText('siteAccessLabel')}
      data-testid="site-grant"
      value={value}
      onChange={(e) => onChange(e.target.value as GrantChoice)}
    >
      {(Object.keys(GRANT_KEYS) as GrantChoice[]).map((grant) => (
        <option key={grant} value={grant}>
          {grantLabel(grant)}
        </option>
      ))}
    </select>
  );
}
