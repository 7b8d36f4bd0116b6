import type { UiState } from '@/lib/messages';
import { kindInfo } from '@/lib/providers/kinds';

interface Props {
  state: UiState;
  onRemove(providerId: string): void;
}

export function ProviderList({ state, onRemove }: Props) {
  if (state.settings.providers.length === 0) return <p className="muted">None yet.</p>;
  return (
    <table data-testid="provider-list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind and address</th>
          <th>Key</th>
          <th>Models</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {state.settings.providers.map((p) => (
          <tr key={p.id}>
            <td>{p.label}</td>
            <td>
              {kindInfo(p.kind).label}
              <br />
              <small>{p.baseURL}</small>
            </td>
            <td>{state.providersWithKey.includes(p.id) ? 'stored' : p.kind === 'ollama' ? 'not needed' : 'none'}</td>
            <td>{p.models.join(', ')}</td>
            <td>
              <button type="button" onClick={() => onRemove(p.id)} aria-label={`Remove ${p.label}`}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
