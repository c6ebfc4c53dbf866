import { useCallback, useState } from 'react';
import { MisuseError } from '../core/errors';

/**
 * What failed, as the message bar says it: a user's error in the words the host gave it (a
 * protected sheet, a write Excel refused: WorkbookWriteError and the like), or a bug of Phụ lục,
 * said in the pane's own words with the developer's text kept as the detail for support.
 */
export type ActionError = { readonly kind: 'user'; readonly message: string } | { readonly kind: 'internal'; readonly detail: string };

/** Errors that only a bug throws: misuse of a function, and the JavaScript engine's own. */
const isInternal = (e: unknown): boolean =>
  !(e instanceof Error) || e instanceof MisuseError || e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError;

export function actionError(e: unknown): ActionError {
  if (!isInternal(e)) return { kind: 'user', message: (e as Error).message };
  return { kind: 'internal', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/**
 * Runs one user action at a time: busy while it runs, its error kept for the message bar. `shown`
 * counts the results to reveal (see Outcome): an error reveals itself; a tab calls reveal() once
 * it has set what succeeded, in the same update, so the result is there when it is revealed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | undefined>();
  const [shown, setShown] = useState(0);
  const reveal = useCallback(() => setShown((n) => n + 1), []);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      // Shown to the user with what to do; the detail is what support needs.
      setError(actionError(e));
      setShown((n) => n + 1);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, shown, reveal, clearError: () => setError(undefined) };
}
