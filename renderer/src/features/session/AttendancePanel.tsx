import { ROUTES } from '#common/http/route-table';
import {
  type AttendanceEntry,
  type AttendanceStatus,
  AttendanceStatusSchema,
  isPresentStatus,
  type QuorumRule,
  type SessionRules,
} from '#common/schemas/session';
import { useEffect, useState } from 'react';
import { RoleSchema } from '#common/schemas/roles';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { saveBlob } from './download-blob';
import { QuorumLine } from './QuorumLine';
import { useAction } from './use-action';

/** Props of {@link AttendancePanel}. */
export interface AttendancePanelProps {
  call: Call;
  meetingId: string;
  live: LiveState | null;
  /** Everyone's attendance, as last read ({@link useAttendanceEntries}). */
  entries: readonly AttendanceEntry[];
  /** The session's rules as last read (null until loaded); changed here by attendance keepers. */
  rules: SessionRules | null;
  onRulesChanged: (rules: SessionRules) => void;
  onUnauthenticated: () => void;
}

/**
 * Điểm danh for the secretary (and the chair): the live quorum line, every participant with a
 * status to mark (an excused absence needs its reason), proxies where the rules allow them,
 * the quorum rule, and the ledger as CSV or PDF.
 */
export function AttendancePanel({
  call,
  meetingId,
  live,
  entries,
  rules,
  onRulesChanged,
  onUnauthenticated,
}: AttendancePanelProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const quorum = live?.attendance?.quorum ?? null;
  const proxiesAllowed = rules?.proxiesAllowed ?? quorum?.proxiesAllowed ?? false;
  const presentMembers = entries.filter((entry) => entry.member && isPresentStatus(entry.status));

  const mark = (entry: AttendanceEntry, status: AttendanceStatus, reason: string) =>
    void action.run(() =>
      call(ROUTES.markAttendance, {
        params: { participantId: entry.participantId },
        body: { status, reason },
      }),
    );

  const setRule = (patch: { quorum?: QuorumRule; proxiesAllowed?: boolean }) =>
    void action.run(async () => {
      const view = await call(ROUTES.setSessionRules, { params: { meetingId }, body: patch });
      onRulesChanged(view.rules);
    });

  const exportLedger = (kind: 'csv' | 'pdf') =>
    void action.run(async () => {
      const blob =
        kind === 'csv'
          ? await call(ROUTES.attendanceLedgerCsv, { params: { meetingId } })
          : await call(ROUTES.attendanceLedgerPdf, { params: { meetingId } });
      saveBlob(blob, `diem-danh-${meetingId}.${kind}`);
    });

  return (
    <section
      className="console-card attendance-panel"
      aria-labelledby="attendance-heading"
      data-testid="attendance-panel"
    >
      <h3 id="attendance-heading" className="console-card__heading">
        {t('session.attendance.heading')}
      </h3>
      <QuorumLine quorum={quorum} />

      <div className="attendance-panel__rules">
        <label>
          {t('session.attendance.rule')}{' '}
          <select
            data-testid="quorum-rule"
            value={rules?.quorum.kind ?? 'more_than_half'}
            disabled={rules === null || action.busy}
            onChange={(event) => {
              const kind = event.target.value;
              if (kind === 'fixed') setRule({ quorum: { kind: 'fixed', count: quorum?.required ?? 1 } });
              else if (kind === 'two_thirds' || kind === 'more_than_half') setRule({ quorum: { kind } });
            }}
          >
            <option value="more_than_half">{t('session.attendance.rules.more_than_half')}</option>
            <option value="two_thirds">{t('session.attendance.rules.two_thirds')}</option>
            <option value="fixed">{t('session.attendance.rules.fixed')}</option>
          </select>
        </label>
        {rules?.quorum.kind === 'fixed' && (
          <label>
            {t('session.attendance.fixedCount')}{' '}
            <input
              type="number"
              min={1}
              className="attendance-panel__count"
              defaultValue={rules.quorum.count}
              onBlur={(event) => {
                const count = Number(event.target.value);
                if (Number.isInteger(count) && count >= 1) setRule({ quorum: { kind: 'fixed', count } });
              }}
            />
          </label>
        )}
        <label className="attendance-panel__check">
          <input
            type="checkbox"
            data-testid="proxies-allowed"
            checked={proxiesAllowed}
            disabled={rules === null || action.busy}
            onChange={(event) => setRule({ proxiesAllowed: event.target.checked })}
          />{' '}
          {t('session.attendance.proxiesAllowed')}
        </label>
        <span className="attendance-panel__export">
          <button
            type="button"
            className="button button--quiet"
            data-testid="ledger-csv"
            onClick={() => exportLedger('csv')}
          >
            {t('session.attendance.exportCsv')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            data-testid="ledger-pdf"
            onClick={() => exportLedger('pdf')}
          >
            {t('session.attendance.exportPdf')}
          </button>
        </span>
      </div>

      {action.error && (
        <p className="alert" role="alert" data-testid="attendance-error">
          {action.error}
        </p>
      )}

      <table className="attendance-table">
        <thead>
          <tr>
            <th scope="col">{t('session.attendance.name')}</th>
            <th scope="col">{t('session.attendance.status.label')}</th>
            <th scope="col">{t('session.attendance.reason')}</th>
            {proxiesAllowed && <th scope="col">{t('session.attendance.proxy')}</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <AttendanceRow
              key={entry.participantId}
              entry={entry}
              busy={action.busy}
              proxiesAllowed={proxiesAllowed}
              holders={presentMembers.filter((holder) => holder.participantId !== entry.participantId)}
              onMark={(status, reason) => mark(entry, status, reason)}
              onProxy={(holderId) =>
                void action.run(() =>
                  call(ROUTES.setProxy, {
                    params: { participantId: entry.participantId },
                    body: { holderId },
                  }),
                )
              }
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface AttendanceRowProps {
  entry: AttendanceEntry;
  busy: boolean;
  proxiesAllowed: boolean;
  holders: readonly AttendanceEntry[];
  onMark: (status: AttendanceStatus, reason: string) => void;
  onProxy: (holderId: string | null) => void;
}

function AttendanceRow({ entry, busy, proxiesAllowed, holders, onMark, onProxy }: AttendanceRowProps) {
  const { t } = useTranslation();
  const roleName = (role: string): string => {
    const parsed = RoleSchema.safeParse(role);
    return parsed.success ? t(`role.${parsed.data}`) : role;
  };
  const [reason, setReason] = useState(entry.reason);
  const [pending, setPending] = useState<AttendanceStatus | null>(null);
  useEffect(() => setReason(entry.reason), [entry.reason]);
  const status = pending ?? entry.status;
  const needsReason = status === 'excused';
  return (
    <tr data-testid="attendance-row" data-participant-id={entry.participantId} data-status={entry.status}>
      <th scope="row">
        {entry.name}
        {!entry.member && <span className="muted"> · {roleName(entry.role)}</span>}
      </th>
      <td>
        <select
          aria-label={t('session.attendance.statusOf', { name: entry.name })}
          data-testid="attendance-status"
          value={status}
          disabled={busy}
          onChange={(event) => {
            const next = AttendanceStatusSchema.parse(event.target.value);
            // An excused absence is recorded with its reason: wait for it.
            if (next === 'excused' && reason.trim() === '') setPending(next);
            else {
              setPending(null);
              onMark(next, next === 'excused' ? reason : '');
            }
          }}
        >
          {AttendanceStatusSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`session.attendance.status.${option}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        {needsReason || entry.reason !== '' ? (
          <form
            className="attendance-table__reason"
            onSubmit={(event) => {
              event.preventDefault();
              if (reason.trim() === '') return;
              setPending(null);
              onMark(status, reason.trim());
            }}
          >
            <input
              type="text"
              maxLength={500}
              aria-label={t('session.attendance.reasonOf', { name: entry.name })}
              data-testid="attendance-reason"
              value={reason}
              required={needsReason}
              onChange={(event) => setReason(event.target.value)}
            />
            <button type="submit" className="button button--quiet" disabled={busy || reason.trim() === ''}>
              {t('session.attendance.saveReason')}
            </button>
          </form>
        ) : null}
      </td>
      {proxiesAllowed && (
        <td>
          {entry.member && !isPresentStatus(entry.status) ? (
            <select
              aria-label={t('session.attendance.proxyOf', { name: entry.name })}
              data-testid="attendance-proxy"
              value={entry.proxyHolderId ?? ''}
              disabled={busy}
              onChange={(event) => onProxy(event.target.value === '' ? null : event.target.value)}
            >
              <option value="">{t('session.attendance.noProxy')}</option>
              {holders.map((holder) => (
                <option key={holder.participantId} value={holder.participantId}>
                  {holder.name}
                </option>
              ))}
            </select>
          ) : null}
        </td>
      )}
    </tr>
  );
}
