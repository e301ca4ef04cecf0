import { useCallback, useState } from 'react';
import { type Failure, usePrepare } from './prepare-context';

/**
 * The state every secretariat form needs around a server call: which action is running (so
 * its button shows progress and others wait) and the last failure, shown under the form.
 */
export function useBusyAction<K extends string = string>() {
  const { fail } = usePrepare();
  const [busy, setBusy] = useState<K | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  /** Runs `action` as `key`; resolves with its failure (null when it succeeded or the session ended). */
  const run = useCallback(
    async (key: K, action: () => Promise<void>): Promise<Failure | null> => {
      setBusy(key);
      setFailure(null);
      try {
        await action();
        return null;
      } catch (error) {
        const failed = fail(error);
        setFailure(failed);
        return failed;
      } finally {
        setBusy(null);
      }
    },
    [fail],
  );
  return { busy, setBusy, failure, setFailure, run };
}
