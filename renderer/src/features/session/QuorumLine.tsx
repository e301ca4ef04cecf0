import type { QuorumState } from '#common/schemas/session';
import { useTranslation } from 'react-i18next';

/** Props of {@link QuorumLine}. */
export interface QuorumLineProps {
  quorum: QuorumState | null;
  large?: boolean;
}

/**
 * "28/35 đại biểu có mặt — đủ túc số": members present of all members, and whether the
 * quorum rule is met (with how many are still missing when it is not).
 */
export function QuorumLine({ quorum, large = false }: QuorumLineProps) {
  const { t } = useTranslation();
  if (quorum === null) {
    return (
      <p className="quorum-line quorum-line--unknown" data-testid="quorum-line">
        {t('session.quorum.unknown')}
      </p>
    );
  }
  const missing = Math.max(0, quorum.required - quorum.present);
  return (
    <p
      className={`quorum-line ${quorum.met ? 'quorum-line--met' : 'quorum-line--not-met'}${large ? ' quorum-line--large' : ''}`}
      data-testid="quorum-line"
      data-present={quorum.present}
      data-members={quorum.members}
      data-met={quorum.met ? 'true' : 'false'}
    >
      <span className="quorum-line__count">
        {t('session.quorum.present', { present: quorum.present, members: quorum.members })}
      </span>
      {' — '}
      <strong className="quorum-line__verdict">
        {quorum.met ? t('session.quorum.met') : t('session.quorum.notMet', { missing })}
      </strong>
      {quorum.represented > 0 && (
        <span className="quorum-line__proxies">
          {' '}
          {t('session.quorum.represented', { count: quorum.represented })}
        </span>
      )}
    </p>
  );
}
