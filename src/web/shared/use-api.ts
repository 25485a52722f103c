import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from './api.js';

/** Loads a GET endpoint; reloads when the url changes. */
export function useApi<T>(url: string | null): { data: T | undefined; loading: boolean; error: ApiError | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(url !== null);
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let alive = true;
    setLoading(true);
    get<T>(url)
      .then((d) => {
        if (!alive) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (alive) setError(e instanceof ApiError ? e : new ApiError(0, { ok: false, error: 'NETWORK', message: '网络异常', messageEn: 'Network error', details: [] }));
      })
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [url, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}
