import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { usePrepare } from './prepare-context';

/** Less than this before the meeting ends and the secretariat is warned that unused codes lapse. */
export const CODE_LAPSE_WARNING_MS = 24 * 3_600_000;

/**
 * Says until when join codes work: they last until the meeting ends. Close to the end it warns
 * that unused codes are about to lapse; after it, that no code can be issued.
 */
export function CodeValidityNotice({ now = Date.now() }: { now?: number }) {
  const { t, i18n } = useTranslation();
  const { endsAt, timeZone } = usePrepare();
  const left = Date.parse(endsAt) - now;
  const time = formatDateTime(endsAt, i18n.language, timeZone);
  if (left <= 0) {
    return (
      <p className="notice prep-notice--warn" role="status" data-testid="code-validity" data-state="ended">
        {t('prepare.participants.codesEnded', { time })}
      </p>
    );
  }
  const lapsing = left < CODE_LAPSE_WARNING_MS;
  return (
    <p
      className={lapsing ? 'notice prep-notice--warn' : 'field__hint'}
      role="status"
      data-testid="code-validity"
      data-state={lapsing ? 'lapsing' : 'valid'}
    >
      {t(lapsing ? 'prepare.participants.codesLapsing' : 'prepare.participants.codesValid', { time })}
    </p>
  );
}
