import type { UiState } from '@/lib/messages';
import { AddProvider } from './AddProvider';
import './providers.css';

/** First run: three short steps to a working model. */
export function Setup({ apply }: { apply(change: () => Promise<UiState>): Promise<boolean> }) {
  return (
    <section data-testid="setup">
      <h2>Set up your model</h2>
      <ol className="steps">
        <li>Choose where your model runs.</li>
        <li>Paste its API key — or connect OpenRouter, detect Ollama on this computer, or download a small model that runs inside this browser with no key at all.</li>
        <li>Test it with one real call, then save. You can add more providers later.</li>
      </ol>
      <AddProvider onSave={apply} />
    </section>
  );
}
