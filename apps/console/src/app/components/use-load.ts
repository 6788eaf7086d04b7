import { type DependencyList, useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/api-error';
import type { Outcome } from '../api/send';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'done'; data: T };

// A page's data: loaded when the page opens and whenever `deps` change (the
// signed-in user's roles among them, so a page refused with 403 loads by
// itself once a role arrives), and again on `reload()`.
export function useLoad<T>(load: () => Promise<Outcome<T>>, deps: DependencyList): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    void run().then((outcome) => {
      if (!current) return;
      setLoaded(outcome.ok ? { state: 'done', data: outcome.data } : { state: 'error', error: outcome.error });
    });
    return () => {
      current = false;
    };
  }, [run, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return [loaded, reload];
}
