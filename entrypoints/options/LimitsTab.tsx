import { BudgetSettings } from '@/components/BudgetSettings';
import { uiText } from '@/components/i18n';
import type { TabProps } from './SetupTab';

/** The Limits tab: the spending limits. */
export function LimitsTab({ state, reread }: TabProps) {
  return (
    <>
      <h2>{uiText('tabLimits')}</h2>
      <BudgetSettings settings={state.settings} onSaved={reread} />
    </>
  );
}
