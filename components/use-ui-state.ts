import { useCallback, useEffect, useState } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';

/** The worker's view of settings, with one way to change it and a plain-words error. */
export function useUiState() {
  const [state, setState] = useState<UiState | null>(null);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback(async (change: () => Promise<UiState>): Promise<boolean> => {
    try {
      setState(await change());
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }, []);

  useEffect(() => {
    void apply(() => sendMessage('getState', undefined));
  }, [apply]);

  return { state, error, apply };
}
