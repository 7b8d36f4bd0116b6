import type { Settings } from '@/lib/settings/schema';

interface Props {
  settings: Settings;
  onChange(modelId: string): void;
}

/** Every model of every configured provider, grouped by provider. */
export function ModelSelect({ settings, onChange }: Props) {
  return (
    <select
      aria-label="Default model"
      data-testid="default-model"
      value={settings.defaultModel ?? ''}
      onChange={(event) => onChange(event.target.value)}
    >
      {settings.defaultModel === null && <option value="">No model chosen</option>}
      {settings.providers.map((provider) => (
        <optgroup key={provider.id} label={provider.label}>
          {provider.models.map((model) => (
            <option key={model} value={`${provider.id}/${model}`}>
              {model}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
