import { useTranslation } from 'react-i18next';
import { useAuditWitness } from '../../lib/audit/use-audit-witness';
import { auditHeadOf } from '../../lib/audit/witness';
import type { LiveSnapshot } from '../../lib/yjs/live-doc';

/** Props of {@link AuditWitnessBanner}. */
export interface AuditWitnessBannerProps {
  serverUrl: string;
  meetingId: string | null;
  live: LiveSnapshot | null;
}

/** Enough of a hash to compare by eye with what `/audit/verify` shows the secretariat. */
const short = (hash: string): string => hash.slice(0, 16);

/**
 * This laptop's witness of the room's audit log: renders nothing while the head the meeting's
 * live document shows agrees with every head seen here before, and a warning for everyone in
 * the room to see — and to tell the secretariat — once the server shows a shorter or a
 * rewritten log.
 */
export function AuditWitnessBanner({ serverUrl, meetingId, live }: AuditWitnessBannerProps) {
  const { t } = useTranslation();
  const alarm = useAuditWitness(serverUrl, meetingId, auditHeadOf(live?.live));
  if (!alarm) return null;
  return (
    <div
      className="alert alert--with-action"
      role="alert"
      data-testid="audit-witness-alarm"
      data-kind={alarm.kind}
    >
      <span>{t('auditWitness.alarm')}</span>
      <span>
        {alarm.kind === 'truncated'
          ? t('auditWitness.truncated', { seenSeq: alarm.seen.seq, shownSeq: alarm.shown.seq })
          : t('auditWitness.rewritten', {
              seq: alarm.seen.seq,
              seenHash: short(alarm.seen.hash),
              shownHash: short(alarm.shown.hash),
            })}
      </span>
    </div>
  );
}
