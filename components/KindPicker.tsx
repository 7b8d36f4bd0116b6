import { KINDS } from '@/lib/providers/kinds';
import type { ProviderKind } from '@/lib/settings/schema';
import { uiText } from './i18n';
import { kindLabel, kindNote } from './kind-text';
import './providers.css';

/** The provider families, as radio cards, each with a line on what it is. */
export function KindPicker({
  value,
  onChange,
  without = [],
}: {
  value: ProviderKind;
  onChange(kind: ProviderKind): void;
  without?: ProviderKind[];
}) {
  return (
    <fieldset className="kinds" data-testid="kind-picker">
      <legend className="sr-only">{uiText('provider')}</legend>
      {KINDS.filter((k) => !without.includes(k.kind)).map((k) => (
        <label key={k.kind} data-kind={k.kind}>
          <input type="radio" name="kind" value={k.kind} checked={value === k.kind} onChange={() => onChange(k.kind)} />
          <span>
            <strong>{kindLabel(k.kind)}</strong>
            <small>{kindNote(k.kind)}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
