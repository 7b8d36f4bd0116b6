import { Fragment, useState } from 'react';
import type { UiState } from '@/lib/messages';
import { kindInfo } from '@/lib/providers/kinds';
import { ProviderForm } from './ProviderForm';
import { uiText } from './i18n';
import { kindLabel } from './kind-text';

interface Props {
  state: UiState;
  onRemove(providerId: string): void;
  onSave(change: () => Promise<UiState>): Promise<boolean>;
}

/**
 * Every provider, with Edit (its form, filled in; an empty key field keeps the stored key) and
 * Remove. The on-device provider is managed in its own section, by its models.
 */
export function ProviderList({ state, onRemove, onSave }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  if (state.settings.providers.length === 0) return <p className="muted">{uiText('noneYet')}</p>;
  const save = async (change: () => Promise<UiState>) => {
    const ok = await onSave(change);
    if (ok) setEditing(null);
    return ok;
  };
  return (
    <table data-testid="provider-list">
      <thead>
        <tr>
          <th>{uiText('name')}</th>
          <th>{uiText('providerKindAddress')}</th>
          <th>{uiText('providerKey')}</th>
          <th>{uiText('models')}</th>
          <th>
            <span className="sr-only">{uiText('actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {state.settings.providers.map((p) => {
          const info = kindInfo(p.kind);
          const hasKey = state.providersWithKey.includes(p.id);
          return (
            <Fragment key={p.id}>
              <tr data-provider={p.id}>
                <td>{p.label}</td>
                <td>
                  {kindLabel(p.kind)}
                  <br />
                  <small>{p.baseURL}</small>
                </td>
                <td>
                  {hasKey
                    ? uiText('providerKeyStored')
                    : info.needsKey
                      ? uiText('providerKeyNone')
                      : uiText('providerKeyNotNeededShort')}
                </td>
                <td>{p.models.join(', ')}</td>
                <td>
                  {p.kind !== 'on-device' && p.kind !== 'built-in' && (
                    <button
                      type="button"
                      data-action="edit"
                      onClick={() => setEditing(editing === p.id ? null : p.id)}
                      aria-expanded={editing === p.id}
                    >
                      {editing === p.id ? uiText('close') : uiText('edit')}
                    </button>
                  )}
                  <button type="button" onClick={() => onRemove(p.id)} aria-label={uiText('removeNamed', p.label)}>
                    {uiText('remove')}
                  </button>
                </td>
              </tr>
              {editing === p.id && (
                <tr>
                  <td colSpan={5}>
                    <ProviderForm kind={p.kind} hasKey={hasKey} initial={p} onSave={save} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
