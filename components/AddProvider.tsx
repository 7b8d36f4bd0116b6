import { useState } from 'react';
import type { UiState } from '@/lib/messages';
import type { ProviderKind } from '@/lib/settings/schema';
import { KindPicker } from './KindPicker';
import { ProviderForm } from './ProviderForm';

/** Choose a family, then fill in its form; the form starts afresh for each family. */
export function AddProvider({ onSave }: { onSave(change: () => Promise<UiState>): Promise<boolean> }) {
  const [kind, setKind] = useState<ProviderKind>('openai');
  return (
    <>
      <KindPicker value={kind} onChange={setKind} />
      <ProviderForm key={kind} kind={kind} hasKey={false} onSave={onSave} />
    </>
  );
}
