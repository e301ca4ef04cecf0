import { ROUTES } from '#common/http/route-table';
import type { Inline, MinutesBlock } from '#common/schemas/minutes';
import type { ConclusionNoticeStatus, ConclusionNoticeView } from '#common/schemas/minutes-export';
import { MINUTES_EXPORT_READERS, NOTICE_ISSUERS, type Role } from '#common/schemas/roles';
import { DEFAULT_TIME_ZONE } from '#common/time/meeting-time';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { saveBlob } from '../session/download-blob';
import { useAction } from '../session/use-action';
import { exportFileName } from './export-file-name';
import { noticeDue } from './notice-due';

/** Who sees the notice and its due warning (the server's readers of it); who drafts and issues it. */
export function noticeAccess(role: Role): { sees: boolean; issues: boolean } {
  return { sees: MINUTES_EXPORT_READERS.includes(role), issues: NOTICE_ISSUERS.includes(role) };
}

export interface ConclusionNoticePanelProps {
  readonly call: Call;
  readonly meetingId: string;
  readonly role: Role;
  /** Changes when the minutes' state does: a final text is what a new draft is taken from. */
  readonly minutesState: string;
  readonly onUnauthenticated: () => void;
}

/** "2027-01-12" as "12/01/2027": day first, as Vietnamese dates are written (and en-GB's). */
const dayText = (isoDay: string) => isoDay.split('-').reverse().join('/');

/**
 * Thông báo kết luận (Decree 30 form 1.4): its state and number, "Soạn thông báo" (from the
 * minutes' conclusions) and "Ban hành" for the chair and the secretariat, its PDF, and the
 * due warning — 5 working days after the meeting — which the secretary sees too.
 */
export function ConclusionNoticePanel(props: ConclusionNoticePanelProps) {
  const { call, meetingId, role, minutesState, onUnauthenticated } = props;
  const { t, i18n } = useTranslation();
  const action = useAction(onUnauthenticated);
  const [view, setView] = useState<ConclusionNoticeView | null>(null);
  const { issues } = noticeAccess(role);
  const { run } = action;

  // biome-ignore lint/correctness/useExhaustiveDependencies: minutesState is the signal to read again
  useEffect(() => {
    void run(async () => setView(await call(ROUTES.conclusionNotice, { params: { meetingId } })));
  }, [run, call, meetingId, minutesState]);

  const draft = () =>
    void action.run(async () => {
      const { notice } = await call(ROUTES.draftConclusionNotice, { params: { meetingId }, body: {} });
      setView({ status: notice.status, notice });
    });
  const issue = () => {
    if (!window.confirm(t('minutes.notice.confirmIssue'))) return;
    void action.run(async () => {
      const { notice } = await call(ROUTES.issueConclusionNotice, { params: { meetingId } });
      setView({ status: notice.status, notice });
    });
  };
  const savePdf = (status: ConclusionNoticeStatus) =>
    void action.run(async () =>
      saveBlob(
        await call(ROUTES.conclusionNoticePdf, { params: { meetingId }, timeoutMs: 60_000 }),
        exportFileName('notice', status.registerNumber),
      ),
    );

  const status = view?.status ?? null;
  const notice = view?.notice ?? null;
  const blocks = notice?.content.blocks.filter((b) => b.type !== 'record') ?? [];
  return (
    <section className="minutes-card" aria-labelledby="minutes-notice-heading" data-testid="minutes-notice">
      <h3 id="minutes-notice-heading" className="minutes-card__heading">
        {t('minutes.notice.heading')}
        {status && (
          <span
            className={`minutes__state minutes__state--notice-${status.state}`}
            data-testid="minutes-notice-state"
          >
            {t(`minutes.notice.state.${status.state}`)}
          </span>
        )}
      </h3>
      {status && <DueLine status={status} />}
      {status?.registerNumber && (
        <p className="minutes-card__number" data-testid="minutes-notice-number">
          {t('minutes.notice.number', { number: status.registerNumber })}
          {status.issuedAt &&
            ` — ${t('minutes.notice.issuedAt', { date: formatDateTime(status.issuedAt, i18n.language, DEFAULT_TIME_ZONE) })}`}
        </p>
      )}
      {notice && (
        <details className="minutes-card__text" open={status?.state === 'draft'}>
          <summary>{t('minutes.notice.text')}</summary>
          {blocks.length === 0 ? (
            <p className="minutes-card__note" data-testid="minutes-notice-empty">
              {t('minutes.notice.empty')}
            </p>
          ) : (
            <div className="minutes-card__body" data-testid="minutes-notice-text">
              {blocks.map((block, i) => (
                // The blocks are a snapshot of one draft: their order is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <NoticeBlock key={i} block={block} />
              ))}
            </div>
          )}
          <p className="minutes-card__note">
            {t('minutes.notice.signer', {
              title: notice.signerTitle.replace(/\n/g, ' '),
              name: notice.signerName,
            })}
          </p>
        </details>
      )}
      <div className="minutes-card__buttons">
        {issues && status && status.state !== 'issued' && (
          <button
            type="button"
            className="button"
            data-testid="minutes-notice-draft"
            disabled={action.busy}
            onClick={draft}
          >
            {status.state === 'none' ? t('minutes.notice.draft') : t('minutes.notice.redraft')}
          </button>
        )}
        {issues && status?.state === 'draft' && (
          <button
            type="button"
            className="button button--primary"
            data-testid="minutes-notice-issue"
            disabled={action.busy}
            onClick={issue}
          >
            {t('minutes.notice.issue')}
          </button>
        )}
        {status && status.state !== 'none' && (
          <button
            type="button"
            className="button"
            data-testid="minutes-notice-pdf"
            disabled={action.busy}
            onClick={() => savePdf(status)}
          >
            {t('minutes.notice.pdf')}
          </button>
        )}
      </div>
      {action.error && (
        <p role="alert" className="minutes__error">
          {action.error}
        </p>
      )}
    </section>
  );
}

/** The due day; a warning the eye cannot miss when the server says it is due or overdue. */
function DueLine({ status }: { status: ConclusionNoticeStatus }) {
  const { t } = useTranslation();
  if (status.state === 'issued') return null;
  if (!status.dueDate) return <p className="minutes-card__note">{t('minutes.notice.noDueYet')}</p>;
  const date = dayText(status.dueDate);
  const due = noticeDue(status.dueDate, new Date());
  if (status.warning) {
    const overdue = status.warning === 'overdue';
    return (
      <p
        role="alert"
        className={`minutes-warning minutes-warning--${status.warning}`}
        data-testid="minutes-notice-warning"
      >
        {overdue
          ? t('minutes.notice.overdue', { date, count: due.kind === 'overdue' ? due.days : 1 })
          : t('minutes.notice.dueSoon', { date, count: due.kind === 'left' ? due.days : 0 })}
      </p>
    );
  }
  return (
    <p className="minutes-card__note" data-testid="minutes-notice-due">
      {t('minutes.notice.due', { date, count: due.kind === 'left' ? due.days : 0 })}
    </p>
  );
}

function InlineText({ content }: { content: readonly Inline[] }) {
  return content.map((run, i) => {
    let node: ReactNode = run.text;
    if (run.underline) node = <u>{node}</u>;
    if (run.italic) node = <em>{node}</em>;
    if (run.bold) node = <strong>{node}</strong>;
    // biome-ignore lint/suspicious/noArrayIndexKey: runs of one paragraph have no other identity
    return <span key={i}>{node}</span>;
  });
}

/** One block of the notice's text, as the draft holds it (records are left out of a notice). */
function NoticeBlock({ block }: { block: MinutesBlock }) {
  if (block.type === 'heading') {
    return (
      <p className="minutes-card__para minutes-card__heading-line">
        <InlineText content={block.content} />
      </p>
    );
  }
  if (block.type === 'paragraph') {
    return (
      <p className="minutes-card__para">
        <InlineText content={block.content} />
      </p>
    );
  }
  if (block.type === 'list') {
    const items = block.items.map((item, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: list items of a snapshot
      <li key={i} className="minutes-card__para">
        <InlineText content={item} />
      </li>
    ));
    return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
  }
  return null;
}
