// A write a page starts (a form's submit, a row's button): whether it is under way, and its error.
import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  error: unknown;
  /** Runs `work`; its result, or undefined when it threw (the error is then kept). */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
