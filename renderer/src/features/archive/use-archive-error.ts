import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../lib/api';
import { errorCodeOf, translateReason } from '../../lib/errors';

/** An error of an archive call in the user's language: the server's reason when it sent one, else its code. */
export function useArchiveError(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) =>
      error instanceof ApiRequestError && error.reason
        ? translateReason(error.reason, t, i18n.language)
        : t(`errors.${errorCodeOf(error)}`),
    [t, i18n.language],
  );
}
