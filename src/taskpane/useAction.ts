import { useCallback, useState } from 'react';

/**
 * Runs one user action at a time: busy while it runs, its error kept for the message bar. `shown`
 * counts the results to reveal (see Outcome): an error reveals itself; a tab calls reveal() once
 * it has set what succeeded, in the same update, so the result is there when it is revealed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [shown, setShown] = useState(0);
  const reveal = useCallback(() => setShown((n) => n + 1), []);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      // Shown to the user with what to do; the detail is what support needs.
      setError(e instanceof Error ? e.message : String(e));
      setShown((n) => n + 1);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, shown, reveal, clearError: () => setError(undefined) };
}
