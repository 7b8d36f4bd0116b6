import { useState, type FormEvent } from 'react';
import { sendMessage, type ProviderInput, type TestResult, type UiState } from '@/lib/messages';
import type { ListModelsResult } from '@/lib/providers/list-models';
import { kindInfo } from '@/lib/providers/kinds';
import type { ProviderKind } from '@/lib/settings/schema';
import { connectOpenRouter } from './connect-openrouter';
import { requestHostAccess } from './host-access';
import './providers.css';

interface Props {
  kind: ProviderKind;
  hasKey: boolean;
  initial?: Omit<ProviderInput, 'apiKey'>;
  onSave(change: () => Promise<UiState>): Promise<boolean>;
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'provider';
}

/** Adds or edits one provider of a family: address, key and models, with a model list and a live test. */
export function ProviderForm({ kind, hasKey, initial, onSave }: Props) {
  const info = kindInfo(kind);
  const [label, setLabel] = useState(initial?.label ?? (kind === 'openai-compatible' ? '' : info.label.replace(/ \(.*\)$/, '')));
  const [baseURL, setBaseURL] = useState(initial?.baseURL ?? info.baseURL);
  const [apiKey, setApiKey] = useState('');
  const [models, setModels] = useState(initial?.models.join(', ') ?? info.exampleModel);
  const [test, setTest] = useState<TestResult | 'running' | null>(null);
  const [found, setFound] = useState<ListModelsResult | 'running' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const modelList = () => models.split(',').map((m) => m.trim()).filter(Boolean);
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
    if (!granted) return setProblem(`The extension needs your permission to reach ${baseURL}.`);
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
      if (!provider.models[0]) return setProblem('Name a model to test, or use “Find models” first.');
      setTest('running');
      setTest(await sendMessage('testConnection', { provider, model: provider.models[0] }).catch((e: Error) => ({ ok: false as const, error: e.message })));
    });

  const findModels = () =>
    withHostAccess(async () => {
      setFound('running');
      const result = await sendMessage('listModels', input()).catch((e: Error) => ({ ok: false as const, error: e.message }));
      setFound(result);
      // A local server's installed models are few and all usable: take them all.
      if (result.ok && result.models.length > 0 && (kind === 'ollama' || modelList().length === 0)) {
        setModels(result.models.slice(0, 20).map((m) => m.id).join(', '));
      }
    });

  const pick = (model: string) => setModels([model, ...modelList().filter((m) => m !== model)].join(', '));

  const connect = () =>
    void connectOpenRouter()
      .then((change) => onSave(change))
      .catch((e: Error) => setProblem(e.message));

  return (
    <form className="card" onSubmit={submit} data-testid="provider-form" data-kind={kind}>
      <p className="hint">{info.hint}</p>
      {kind === 'openrouter' && (
        <div className="row">
          <button type="button" className="primary" onClick={connect} data-testid="connect-openrouter">
            Connect OpenRouter
          </button>
          <small>or paste a key below</small>
        </div>
      )}
      <label>
        Name
        <input name="label" required value={label} onChange={(e) => setLabel(e.target.value)} placeholder="LM Studio, Groq, my server…" />
      </label>
      <label>
        {kind === 'ollama' ? 'Ollama address' : 'API base URL'}
        <input name="baseURL" required type="url" value={baseURL} onChange={(e) => setBaseURL(e.target.value)} />
      </label>
      {kind !== 'ollama' && (
        <label>
          API key {hasKey ? <small>(stored; leave empty to keep it)</small> : !info.needsKey && <small>(not needed for local servers)</small>}
          <input name="apiKey" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={hasKey ? '••••••••' : info.needsKey ? 'Paste your key' : 'Optional'} />
        </label>
      )}
      <label>
        Models <small>(comma-separated; the first is the one tested)</small>
        <input name="models" required value={models} onChange={(e) => setModels(e.target.value)} placeholder={info.exampleModel || 'the model name your server shows'} />
      </label>
      {found && found !== 'running' && (
        <p className={found.ok ? 'muted' : 'error'} data-testid="found-result" role="status">
          {found.ok
            ? found.models.length === 0
              ? 'The server answered, but lists no models.'
              : `Found ${found.models.length} models: ${found.models.slice(0, 6).map((m) => m.id).join(', ')}${found.models.length > 6 ? '…' : ''}`
            : `Could not list models: ${found.error}`}
        </p>
      )}
      {found && found !== 'running' && found.ok && found.models.length > 1 && (
        <label className="found">
          Put one first, to test it and use it:
          <select data-testid="found-models" value="" onChange={(e) => pick(e.target.value)}>
            <option value="" disabled>
              Choose a model…
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
        <button type="button" onClick={() => void findModels()} disabled={found === 'running'} data-testid="find-models">
          {found === 'running' ? 'Looking…' : kind === 'ollama' ? 'Detect Ollama and its models' : 'Find models'}
        </button>
        <button type="button" onClick={() => void runTest()} disabled={test === 'running'}>
          {test === 'running' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit">Save provider</button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {test && test !== 'running' && (
        <p className={test.ok ? 'ok' : 'error'} data-testid="test-result" role="status">
          {test.ok ? `Connected: the model replied “${test.reply}” in ${test.latencyMs} ms.` : `Connection failed: ${test.error}`}
        </p>
      )}
    </form>
  );
}
