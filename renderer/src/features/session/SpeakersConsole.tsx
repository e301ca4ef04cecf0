import { ROUTES } from '#common/http/route-table';
import {
  type AttendanceEntry,
  type SpeakerHistoryResponse,
  type SpeakerKind,
  SpeakerKindSchema,
} from '#common/schemas/session';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { inviteToPresent } from './presenter-choices';
import { formatTimer } from './server-clock';
import { SpeakerTimerView } from './SpeakerTimerView';
import { useAction } from './use-action';

/** Props of {@link SpeakersConsole}. */
export interface SpeakersConsoleProps {
  call: Call;
  meetingId: string;
  live: LiveState | null;
  /** Participants the chair may add to the list. */
  entries: readonly AttendanceEntry[];
  offsetMs: number | null;
  onUnauthenticated: () => void;
}

/**
 * The chair's speaker list for the current item: who speaks now with the running timer (pause,
 * resume, end), the queue in order with grant, reject and move up/down, and adding someone.
 * Changes are announced politely to screen readers.
 */
export function SpeakersConsole({
  call,
  meetingId,
  live,
  entries,
  offsetMs,
  onUnauthenticated,
}: SpeakersConsoleProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const speakers = live?.speakers ?? null;
  const current = speakers?.current ?? null;
  const queue = speakers?.queue ?? [];
  const [addWho, setAddWho] = useState('');
  const [addKind, setAddKind] = useState<SpeakerKind>('phat_bieu');
  const noItem = (live?.currentItemId ?? null) === null;
  /** Who "Mời trình bày" would name: the speaker who has the floor, unless they present already. */
  const invitee = inviteToPresent(current?.participantId ?? null, live?.presenter ?? null, entries);

  const grant = (speakerId: string) =>
    void action.run(() => call(ROUTES.grantFloor, { params: { speakerId }, body: {} }));
  const simple = (
    route:
      | typeof ROUTES.rejectSpeaker
      | typeof ROUTES.pauseSpeakerTimer
      | typeof ROUTES.resumeSpeakerTimer
      | typeof ROUTES.finishSpeaker,
    speakerId: string,
  ) => void action.run(() => call(route, { params: { speakerId } }));

  return (
    <section
      className="console-card speakers-console"
      aria-labelledby="speakers-heading"
      data-testid="speakers-console"
    >
      <h3 id="speakers-heading" className="console-card__heading">
        {t('session.speakers.heading')}
      </h3>
      <div aria-live="polite" data-testid="console-speaker">
        {current ? (
          <p className="speakers-console__now">
            {t('session.speakers.nowSpeaking', { name: current.name })}{' '}
            <span className="muted">({t(`session.speakers.kind.${current.kind}`)})</span>
          </p>
        ) : (
          <p className="muted">{t('session.speakers.nobody')}</p>
        )}
      </div>
      {current && (
        <div className="speakers-console__timer">
          <SpeakerTimerView timer={current.timer} offsetMs={offsetMs} testId="console-timer" />
          <div className="button-row">
            {current.timer.pausedAt === null ? (
              <button
                type="button"
                className="button"
                disabled={action.busy}
                onClick={() => simple(ROUTES.pauseSpeakerTimer, current.id)}
              >
                {t('session.speakers.pauseTimer')}
              </button>
            ) : (
              <button
                type="button"
                className="button"
                disabled={action.busy}
                onClick={() => simple(ROUTES.resumeSpeakerTimer, current.id)}
              >
                {t('session.speakers.resumeTimer')}
              </button>
            )}
            <button
              type="button"
              className="button"
              data-testid="finish-speaker"
              disabled={action.busy}
              onClick={() => simple(ROUTES.finishSpeaker, current.id)}
            >
              {t('session.speakers.finish')}
            </button>
            {invitee !== null && (
              <button
                type="button"
                className="button"
                data-testid="invite-presenter"
                disabled={action.busy}
                onClick={() =>
                  void action.run(() =>
                    call(ROUTES.namePresenter, { params: { meetingId }, body: { participantId: invitee } }),
                  )
                }
              >
                {t('session.presenter.invite')}
              </button>
            )}
          </div>
        </div>
      )}

      <h4 className="speakers-console__queue-heading">
        {t('session.speakers.queue', { count: queue.length })}
      </h4>
      {queue.length === 0 ? (
        <p className="muted">{t('session.speakers.queueEmpty')}</p>
      ) : (
        <ol className="speaker-queue" data-testid="speaker-queue">
          {queue.map((entry, index) => (
            <li
              key={entry.id}
              className="speaker-queue__item"
              data-testid="queue-entry"
              data-participant-id={entry.participantId}
            >
              <span className="speaker-queue__name">
                {entry.name} <span className="muted">({t(`session.speakers.kind.${entry.kind}`)})</span>
              </span>
              <span className="button-row">
                <button
                  type="button"
                  className="button button--primary"
                  data-testid="grant-floor"
                  disabled={action.busy}
                  onClick={() => grant(entry.id)}
                >
                  {t('session.speakers.grant')}
                </button>
                <button
                  type="button"
                  className="button"
                  aria-label={t('session.speakers.moveUpOf', { name: entry.name })}
                  disabled={action.busy || index === 0}
                  onClick={() =>
                    void action.run(() =>
                      call(ROUTES.moveSpeaker, {
                        params: { speakerId: entry.id },
                        body: { index: index - 1 },
                      }),
                    )
                  }
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button"
                  aria-label={t('session.speakers.moveDownOf', { name: entry.name })}
                  disabled={action.busy || index === queue.length - 1}
                  onClick={() =>
                    void action.run(() =>
                      call(ROUTES.moveSpeaker, {
                        params: { speakerId: entry.id },
                        body: { index: index + 1 },
                      }),
                    )
                  }
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  data-testid="reject-floor"
                  disabled={action.busy}
                  onClick={() => simple(ROUTES.rejectSpeaker, entry.id)}
                >
                  {t('session.speakers.reject')}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}

      <form
        className="speakers-console__add"
        onSubmit={(event) => {
          event.preventDefault();
          if (addWho === '') return;
          void action
            .run(() =>
              call(ROUTES.requestFloor, {
                params: { meetingId },
                body: { kind: addKind, participantId: addWho },
              }),
            )
            .then((done) => {
              if (done !== null) setAddWho('');
            });
        }}
      >
        <label>
          {t('session.speakers.addWho')}{' '}
          <select
            data-testid="add-speaker-who"
            value={addWho}
            onChange={(event) => setAddWho(event.target.value)}
          >
            <option value="">—</option>
            {entries.map((entry) => (
              <option key={entry.participantId} value={entry.participantId}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('session.speakers.addKind')}{' '}
          <select
            data-testid="add-speaker-kind"
            value={addKind}
            onChange={(event) => setAddKind(SpeakerKindSchema.parse(event.target.value))}
          >
            {SpeakerKindSchema.options.map((kind) => (
              <option key={kind} value={kind}>
                {t(`session.speakers.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={action.busy || addWho === '' || noItem}>
          {t('session.speakers.add')}
        </button>
      </form>
      <SpeakerHistory call={call} meetingId={meetingId} revision={JSON.stringify(current?.id ?? null)} />
      {action.error && (
        <p className="alert" role="alert" data-testid="speakers-error">
          {action.error}
        </p>
      )}
    </section>
  );
}

/** "Lịch sử phát biểu": who spoke on which item for how long, and the totals per delegate. */
function SpeakerHistory({ call, meetingId, revision }: { call: Call; meetingId: string; revision: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [history, setHistory] = useState<SpeakerHistoryResponse | null>(null);

  // Read when opened, and again when the floor changes hands while it is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` is the refetch trigger
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    call(ROUTES.speakerHistory, { params: { meetingId } }).then(
      (answer) => {
        if (!cancelled) setHistory(answer);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, meetingId, open, revision]);

  return (
    <details
      className="speaker-history"
      data-testid="speaker-history"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>{t('session.speakers.history')}</summary>
      {history === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : history.stats.length === 0 ? (
        <p className="muted">{t('session.speakers.historyEmpty')}</p>
      ) : (
        <table className="attendance-table">
          <thead>
            <tr>
              <th scope="col">{t('session.attendance.name')}</th>
              <th scope="col">{t('session.speakers.statCount')}</th>
              <th scope="col">{t('session.speakers.statTime')}</th>
            </tr>
          </thead>
          <tbody>
            {history.stats.map((stat) => (
              <tr key={stat.participantId}>
                <th scope="row">{stat.name}</th>
                <td>
                  {stat.count}{' '}
                  <span className="muted">
                    (
                    {SpeakerKindSchema.options
                      .filter((kind) => stat.byKind[kind] > 0)
                      .map((kind) => `${stat.byKind[kind]} ${t(`session.speakers.kind.${kind}`)}`)
                      .join(', ')}
                    )
                  </span>
                </td>
                <td>{formatTimer(Math.round(stat.totalSeconds))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
