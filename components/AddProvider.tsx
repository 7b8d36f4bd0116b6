import { useState } from 'react';
import type { UiState } from '@/lib/messages';
import type { ProviderKind } from '@/lib/settings/schema';
import { sendMessage } from '@/lib/messages';
import { KindPicker } from './KindPicker';
import { OnDeviceModels } from './OnDeviceModels';
import { BuiltInModel, useBuiltInAvailability } from './BuiltInModel';
import { ProviderForm } from './ProviderForm';

/**
 * Choose a family, then fill in its form. The form starts afresh for each family and after
 * each save, so a saved provider never looks like one still waiting to be saved. `without`
 * leaves out families that have their own section once set up (the on-device model) or that
 * this browser cannot run (its built-in model).
 */
export function AddProvider({
  onSave,
  without = [],
}: {
  onSave(change: () => Promise<UiState>): Promise<boolean>;
  without?: ProviderKind[];
}) {
  const [kind, setKind] = useState<ProviderKind>('openai');
  // Offered only where the browser has a model of its own that can run.
  const builtIn = useBuiltInAvailability();
  const hidden: ProviderKind[] = builtIn && builtIn !== 'unavailable' ? without : [...without, 'built-in'];
  const [saved, setSaved] = useState(0);
  const save = async (change: () => Promise<UiState>) => {
    const ok = await onSave(change);
    if (ok) setSaved((n) => n + 1);
    return ok;
  };
  return (
    <>
      <KindPicker value={kind} onChange={setKind} without={hidden} />
      {kind === 'on-device' ? (
        // Downloading a model is what sets this provider up; there is no form to fill in.
        <OnDeviceModels onReady={() => void onSave(() => sendMessage('getState', undefined))} />
      ) : kind === 'built-in' && builtIn ? (
        <BuiltInModel availability={builtIn} onSave={onSave} />
      ) : (
        <ProviderForm key={`${kind}-${saved}`} kind={kind} hasKey={false} onSave={save} />
      )}
    </>
  );
}
