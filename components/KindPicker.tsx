import { KINDS } from '@/lib/providers/kinds';
import type { ProviderKind } from '@/lib/settings/schema';
import './providers.css';

/** The provider families, as radio cards, each with a line on what it is. */
export function KindPicker({ value, onChange, without = [] }: { value: ProviderKind; onChange(kind: ProviderKind): void; without?: ProviderKind[] }) {
  return (
    <fieldset className="kinds" data-testid="kind-picker">
      <legend className="sr-only">Provider</legend>
      {KINDS.filter((k) => !without.includes(k.kind)).map((k) => (
        <label key={k.kind} data-kind={k.kind}>
          <input type="radio" name="kind" value={k.kind} checked={value === k.kind} onChange={() => onChange(k.kind)} />
          <span>
            <strong>{k.label}</strong>
            <small>{k.kind === 'on-device' ? 'no key, no server: runs in this browser' : k.kind === 'built-in' ? 'no key, no download of ours: the browser’s own model' : k.kind === 'openai-compatible' ? 'LM Studio, llama.cpp, Groq, Together, vLLM…' : k.needsKey ? 'needs an API key' : 'free, no key needed'}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
