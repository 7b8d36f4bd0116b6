import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage, type UiState } from '@/lib/messages';

/**
 * A view the worker answers, with one way to change it: `apply` runs the change and keeps its
 * answer, or keeps the old view and says in plain words what went wrong.
 */
export function useWorkerView<T>(load: () => Promise<T>) {
  const [view, setView] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback(async (change: () => Promise<T>): Promise<boolean> => {
    try {
      setView(await change());
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }, []);

  // `load` is read once, on mount, as the first view.
  useEffect(() => void apply(load), [apply]);

  return { view, error, apply };
}

/**
 * The worker's view of settings, with one way to change it and a plain-words error. It follows
 * every change of the stored settings while the page is open (another of the extension's pages,
 * or another browser through sync), from before its first read, so no change falls between them.
 */
export function useUiState() {
  const { view: state, error, apply } = useWorkerView<UiState>(() => sendMessage('getState', undefined));
  useEffect(() => {
    const follow = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && 'settings' in changes) void apply(() => sendMessage('getState', undefined));
    };
    browser.storage.onChanged.addListener(follow);
    return () => browser.storage.onChanged.removeListener(follow);
  }, [apply]);
  return { state, error, apply };
}
