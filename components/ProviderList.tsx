import type { UiState } from '@/lib/messages';

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
          <th>Base URL</th>
          <th>Key</th>
          <th>Models</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {state.settings.providers.map((p) => (
          <tr key={p.id}>
            <td>{p.label}</td>
            <td>{p.baseURL}</td>
            <td>{state.providersWithKey.includes(p.id) ? 'stored' : 'none'}</td>
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
