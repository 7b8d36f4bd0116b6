import { useState, type FormEvent } from 'react';
import { sendMessage, type ProviderInput, type TestResult, type UiState } from '@/lib/messages';
import type { ListModelsResult } from '@/lib/ui-service/list-models';
import { kindInfo } from '@/lib/providers/kinds';
import type { ProviderKind } from '@/lib/settings/schema';
import { connectOpenRouter } from './connect-openrouter';
import { uiCount, uiText } from './i18n';
import { kindHint } from './kind-text';
import { formatCount } from './usage/format';
import { requestHostAccess } from './host-access';
import './providers.css';

interface Props {
  kind: ProviderKind;
  hasKey: boolean;
  initial?: Omit<ProviderInput, 'apiKey'>;
  onSave(change: () => Promise<UiState>): Promise<boolean>;
}

function slug(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'provider'
  );
}

/** Adds or edits one provider of a family: address, key and models, with a model list and a live test. */
export function ProviderForm({ kind, hasKey, initial, onSave }: Props) {
  const info = kindInfo(kind);
  const [label, setLabel] = useState(
    initial?.label ?? (kind === 'openai-compatible' ? '' : info.label.replace(/ \(.*\)$/, '')),
  );
  const [baseURL, setBaseURL] = useState(initial?.baseURL ?? info.baseURL);
  const [apiKey, setApiKey] = useState('');
  const [models, setModels] = useState(initial?.models.join(', ') ?? info.exampleModel);
  const [test, setTest] = useState<TestResult | 'running' | null>(null);
  const [found, setFound] = useState<ListModelsResult | 'running' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const modelList = () =>
    models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  const input = (): ProviderInput => ({
    id: initial?.id ?? slug(label),
    kind,
    label: label.trim(),
    baseURL: baseURL.trim(),
    models: modelList(),
    ...(apiKey && { apiKey }),
  });

  const withHostAccess = async (action: () => Promise<void>) => {
    const granted = await requestHostAccess(baseURL.trim());
    if (!granted) return setProblem(uiText('needsPermission', baseURL));
    setProblem(null);
    await action();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void withHostAccess(async () => {
      if (await onSave(() => sendMessage('saveProvider', input()))) setApiKey('');
    });
  };

  const runTest = () =>
    withHostAccess(async () => {
      const provider = input();
      if (!provider.models[0]) return setProblem(uiText('providerNameAModel'));
      setTest('running');
      setTest(
        await sendMessage('testConnection', { provider, model: provider.models[0] }).catch((e: Error) => ({
          ok: false as const,
          error: e.message,
        })),
      );
    });

  const findModels = () =>
    withHostAccess(async () => {
      setFound('running');
      const result = await sendMessage('listModels', input()).catch((e: Error) => ({
        ok: false as const,
        error: e.message,
      }));
      setFound(result);
      // A local server's installed models are few and all usable: take them all.
      if (result.ok && result.models.length > 0 && (kind === 'ollama' || modelList().length === 0)) {
        setModels(
          result.models
            .slice(0, 20)
            .map((m) => m.id)
            .join(', '),
        );
      }
    });

  const pick = (model: string) => setModels([model, ...modelList().filter((m) => m !== model)].join(', '));

  const connect = () =>
    void connectOpenRouter()
      .then((change) => onSave(change))
      .catch((e: Error) => setProblem(e.message));

  return (
    <form className="card" onSubmit={submit} data-testid="provider-form" data-kind={kind}>
      <p className="hint">{kindHint(kind)}</p>
      {kind === 'openrouter' && (
        <div className="row">
          <button type="button" className="primary" onClick={connect} data-testid="connect-openrouter">
            {uiText('providerConnectOpenRouter')}
          </button>
          <small>{uiText('providerOrPasteKey')}</small>
        </div>
      )}
      <label>
        {uiText('name')}
        <input
          name="label"
          required
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder={uiText('providerNamePlaceholder')}
        />
      </label>
      <label>
        {kind === 'ollama' ? uiText('providerOllamaAddress') : uiText('providerBaseUrl')}
        <input name="baseURL" required type="url" value={baseURL} onChange={(e) => setBaseURL(e.target.value)} />
      </label>
      {kind !== 'ollama' && (
        <label>
          {uiText('providerApiKey')}{' '}
          {hasKey ? (
            <small>{uiText('providerKeyKept')}</small>
          ) : (
            !info.needsKey && <small>{uiText('providerKeyNotNeeded')}</small>
          )}
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder={
              hasKey ? '••••••••' : info.needsKey ? uiText('providerKeyPlaceholder') : uiText('providerKeyOptional')
            }
          />
        </label>
      )}
      <label>
        {uiText('models')} <small>{uiText('providerModelsHint')}</small>
        <input
          name="models"
          required
          value={models}
          onChange={(e) => setModels(e.target.value)}
          placeholder={info.exampleModel || uiText('providerModelPlaceholder')}
        />
      </label>
      {found && found !== 'running' && (
        <p className={found.ok ? 'muted' : 'error'} data-testid="found-result" role="status">
          {found.ok
            ? found.models.length === 0
              ? uiText('providerNoModels')
              : uiCount(
                  found.models.length,
                  'providerFoundOne',
                  'providerFoundMany',
                  found.models.length,
                  `${found.models
                    .slice(0, 6)
                    .map((m) => m.id)
                    .join(', ')}${found.models.length > 6 ? '…' : ''}`,
                )
            : uiText('providerListFailed', found.error)}
        </p>
      )}
      {found && found !== 'running' && found.ok && found.models.length > 1 && (
        <label className="found">
          {uiText('providerPutFirst')}
          <select data-testid="found-models" value="" onChange={(e) => pick(e.target.value)}>
            <option value="" disabled>
              {uiText('chooseModel')}
            </option>
            {found.models.slice(0, 500).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name && m.name !== m.id ? `${m.name} (${m.id})` : m.id}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="row">
        <button
          type="button"
          onClick={() => void findModels()}
          disabled={found === 'running'}
          data-testid="find-models"
        >
          {found === 'running'
            ? uiText('providerLooking')
            : kind === 'ollama'
              ? uiText('providerDetectOllama')
              : uiText('providerFindModels')}
        </button>
        <button type="button" onClick={() => void runTest()} disabled={test === 'running'}>
          {test === 'running' ? uiText('providerTesting') : uiText('providerTest')}
        </button>
        <button type="submit">{uiText('providerSave')}</button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {test && test !== 'running' && (
        <p className={test.ok ? 'ok' : 'error'} data-testid="test-result" role="status">
          {test.ok
            ? uiText('providerConnected', test.reply, formatCount(test.latencyMs))
            : uiText('providerConnectionFailed', test.error)}
        </p>
      )}
    </form>
  );
}
