import { useCallback, useEffect, useState } from 'react';
import { readUsage, type UsageData } from './load-usage';

export type { UsageData };

/** The usage data, read again on demand. `version` changes after each reload, so views that fetch their own data follow. */
export function useUsage() {
  const [data, setData] = useState<UsageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const reload = useCallback(async () => {
    try {
      setData(await readUsage());
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  return { data, error, version, reload };
}
