import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, isUnauthenticated } from '../../lib/api';
import { errorCodeOf, translateReason } from '../../lib/errors';

/** What {@link useAction} gives a screen: run a call, whether one is running, the last failure. */
export interface Action {
  /** Runs `task` unless one is already running; resolves with its value, or null when it failed. */
  run<T>(task: () => Promise<T>): Promise<T | null>;
  busy: boolean;
  /** The failure in the user's language (the server's reason when it gave one); null when none. */
  error: string | null;
  clearError(): void;
}

/**
 * One button's worth of server call: no double submission while it runs, the failure worded
 * for the user, and a revoked session handed to `onUnauthenticated`. The result of the call
 * reaches every screen through the live document, so nothing here keeps it.
 */
export function useAction(onUnauthenticated: () => void): Action {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async <T>(task: () => Promise<T>): Promise<T | null> => {
      if (running.current) return null;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        return await task();
      } catch (caught) {
        if (isUnauthenticated(caught)) {
          onUnauthenticated();
          return null;
        }
        const reason = caught instanceof ApiRequestError ? caught.reason : null;
        setError(reason ? translateReason(reason, t, i18n.language) : t(`errors.${errorCodeOf(caught)}`));
        return null;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [onUnauthenticated, t, i18n.language],
  );

  return { run, busy, error, clearError: useCallback(() => setError(null), []) };
}
