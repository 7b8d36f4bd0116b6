import type { UiState } from '@/lib/messages';
import { AddProvider } from './AddProvider';
import { uiText } from './i18n';
import './providers.css';

/** First run: three short steps to a working model. */
export function Setup({ apply }: { apply(change: () => Promise<UiState>): Promise<boolean> }) {
  return (
    <section data-testid="setup">
      <h2>{uiText('setupTitle')}</h2>
      <ol className="steps">
        <li>{uiText('setupStepWhere')}</li>
        <li>{uiText('setupStepKey')}</li>
        <li>{uiText('setupStepTest')}</li>
      </ol>
      <AddProvider onSave={apply} />
    </section>
  );
}
