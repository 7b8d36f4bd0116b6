import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage, type ProviderInput, type TestResult, type UiState } from '@/lib/messages';

interface Props {
  hasKey: boolean;
  initial?: Omit<ProviderInput, 'apiKey'>;
  onSave(change: () => Promise<UiState>): Promise<boolean>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'provider';
}

/**
 * Asks for the provider's host only, and only when it is not a local server, which the
 * manifest already covers. Must run inside the click, before any await.
 */
function requestHostAccess(baseURL: string): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return Promise.resolve(true); // the worker's schema check explains a bad URL
  }
  if (LOOPBACK.has(url.hostname)) return Promise.resolve(true);
  return browser.permissions.request({ origins: [`${url.protocol}//${url.hostname}/*`] });
}

/** Adds or edits one OpenAI-compatible provider: base URL, key and models, with a live test. */
export function ProviderForm({ hasKey, initial, onSave }: Props) {
  const [label, setLabel] = useState(initial?.label ?? '');
  const [baseURL, setBaseURL] = useState(initial?.baseURL ?? 'https://api.openai.com/v1');
  const [apiKey, setApiKey] = useState('');
  const [models, setModels] = useState(initial?.models.join(', ') ?? '');
  const [test, setTest] = useState<TestResult | 'running' | null>(null);
  const [permissionError, setPermissionError] = useState<string | null>(null);

  const input = (): ProviderInput => ({
    id: initial?.id ?? slug(label),
    label: label.trim(),
    baseURL: baseURL.trim(),
    models: models.split(',').map((m) => m.trim()).filter(Boolean),
    ...(apiKey && { apiKey }),
  });

  const withHostAccess = async (action: () => Promise<void>) => {
    const granted = await requestHostAccess(baseURL.trim());
    if (!granted) return setPermissionError(`The extension needs your permission to reach ${baseURL}.`);
    setPermissionError(null);
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
      setTest('running');
      setTest(await sendMessage('testConnection', { provider, model: provider.models[0] ?? '' }).catch((e: Error) => ({ ok: false as const, error: e.message })));
    });

  return (
    <form className="card" onSubmit={submit} data-testid="provider-form">
      <label>
        Name
        <input name="label" required value={label} onChange={(e) => setLabel(e.target.value)} placeholder="OpenAI, Ollama, LM Studio…" />
      </label>
      <label>
        Base URL
        <input name="baseURL" required type="url" value={baseURL} onChange={(e) => setBaseURL(e.target.value)} />
      </label>
      <label>
        API key {hasKey && <small>(stored; leave empty to keep it)</small>}
        <input name="apiKey" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={hasKey ? '••••••••' : 'Not needed for local servers'} />
      </label>
      <label>
        Models <small>(comma-separated; the first is tested)</small>
        <input name="models" required value={models} onChange={(e) => setModels(e.target.value)} placeholder="gpt-4o-mini, llama3.2" />
      </label>
      <div className="row">
        <button type="submit">Save provider</button>
        <button type="button" onClick={() => void runTest()} disabled={test === 'running'}>
          {test === 'running' ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {permissionError && <p className="error" role="alert">{permissionError}</p>}
      {test && test !== 'running' && (
        <p className={test.ok ? 'ok' : 'error'} data-testid="test-result" role="status">
          {test.ok ? `Connected: the model replied “${test.reply}” in ${test.latencyMs} ms.` : `Connection failed: ${test.error}`}
        </p>
      )}
    </form>
  );
}
