import { ROUTES } from '#common/http/route-table';
import type { Participant } from '#common/schemas/participant';
import {
  ATTENDANCE_KEEPERS,
  MEMBER_ROLES,
  SESSION_RUNNERS,
  type SessionRules,
} from '#common/schemas/session';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { openProjector } from '../projector/open-projector';
import { BallotDialog } from '../votes/BallotDialog';
import type { BallotStore } from '../votes/ballot-store';
import { VotesConsole } from '../votes/VotesConsole';
import { itemLabel, type NumberedItem } from './agenda-outline';
import { AttendancePanel } from './AttendancePanel';
import { PresenterConsole } from './PresenterConsole';
import { SessionStateLine } from './SessionStateLine';
import { SpeakersConsole } from './SpeakersConsole';
import { useAction } from './use-action';
import { useAttendanceEntries } from './use-attendance-entries';

/** Props of {@link SessionScreen}. */
export interface SessionScreenProps {
  call: Call;
  serverUrl: string;
  meetingId: string;
  me: Participant;
  live: LiveState | null;
  items: readonly NumberedItem[];
  offsetMs: number | null;
  /** This device's ballots: the chair is a member and votes too. */
  ballots: BallotStore;
  onUnauthenticated: () => void;
}

/**
 * "Phiên họp": the chair's console (start, pause, resume, end; the current item; speakers and
 * timer; votes), and the secretary's attendance marking. Every control is a plain button,
 * select or form, so the whole console works from the keyboard; what changes arrives through
 * the live document and is the same on every screen.
 */
export function SessionScreen({
  call,
  serverUrl,
  meetingId,
  me,
  live,
  items,
  offsetMs,
  ballots,
  onUnauthenticated,
}: SessionScreenProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const [rules, setRules] = useState<SessionRules | null>(null);
  const entries = useAttendanceEntries(call, meetingId, live);
  const runner = SESSION_RUNNERS.includes(me.role);
  const keeper = ATTENDANCE_KEEPERS.includes(me.role);
  const chair = me.role === 'chair';
  const state = live?.session?.state ?? 'not_started';
  const currentItemId = live?.currentItemId ?? null;
  const currentIndex = items.findIndex((item) => item.id === currentItemId);
  const [picked, setPicked] = useState('');
  /** The open vote whose ballot the chair (a member too) has opened here. */
  const [ballotFor, setBallotFor] = useState<string | null>(null);
  const openVotes = (live?.votes ?? []).filter((vote) => vote.status === 'open');
  const ballotVote = openVotes.find((vote) => vote.id === ballotFor) ?? null;
  const member = MEMBER_ROLES.includes(me.role);

  useEffect(() => {
    let cancelled = false;
    call(ROUTES.getMeetingSession, { params: { meetingId } }).then(
      (view) => {
        if (!cancelled) setRules(view.rules);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, meetingId]);

  const sessionCall = (
    route:
      | typeof ROUTES.startSession
      | typeof ROUTES.pauseSession
      | typeof ROUTES.resumeSession
      | typeof ROUTES.endSession,
  ) => void action.run(() => call(route, { params: { meetingId } }));
  const setItem = (itemId: string | null) =>
    void action.run(() => call(ROUTES.setCurrentItem, { params: { meetingId }, body: { itemId } }));

  return (
    <main className="session-screen" data-testid="session-screen">
      {runner && (
        <section className="console-card session-controls" aria-labelledby="session-controls-heading">
          <h2 id="session-controls-heading" className="console-card__heading">
            {t('session.console.heading')}
          </h2>
          <SessionStateLine session={live?.session ?? null} />
          <div className="button-row">
            {state === 'not_started' && (
              <button
                type="button"
                className="button button--primary"
                data-testid="session-start"
                disabled={action.busy}
                onClick={() => sessionCall(ROUTES.startSession)}
              >
                {t('session.console.start')}
              </button>
            )}
            {state === 'in_session' && (
              <button
                type="button"
                className="button"
                data-testid="session-pause"
                disabled={action.busy}
                onClick={() => sessionCall(ROUTES.pauseSession)}
              >
                {t('session.console.pause')}
              </button>
            )}
            {state === 'paused' && (
              <button
                type="button"
                className="button button--primary"
                data-testid="session-resume"
                disabled={action.busy}
                onClick={() => sessionCall(ROUTES.resumeSession)}
              >
                {t('session.console.resume')}
              </button>
            )}
            {(state === 'in_session' || state === 'paused') && (
              <button
                type="button"
                className="button button--danger"
                data-testid="session-end"
                disabled={action.busy}
                onClick={() => {
                  if (window.confirm(t('session.console.confirmEnd'))) sessionCall(ROUTES.endSession);
                }}
              >
                {t('session.console.end')}
              </button>
            )}
            <button
              type="button"
              className="button button--quiet"
              data-testid="open-projector"
              onClick={() => void openProjector(serverUrl, meetingId)}
            >
              {t('projector.open')}
            </button>
          </div>

          <div className="session-controls__item">
            <p>
              <span className="session-panel__label">{t('session.currentItem')}</span>{' '}
              <strong data-testid="console-current-item">
                {itemLabel(items, currentItemId) ?? t('session.noCurrentItem')}
              </strong>
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button"
                data-testid="item-previous"
                disabled={action.busy || currentIndex <= 0}
                onClick={() => setItem(items[currentIndex - 1]?.id ?? null)}
              >
                ← {t('session.console.previousItem')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="item-next"
                disabled={action.busy || items.length === 0 || currentIndex === items.length - 1}
                onClick={() => setItem(items[currentIndex + 1]?.id ?? null)}
              >
                {t('session.console.nextItem')} →
              </button>
            </div>
            <form
              className="session-controls__pick"
              onSubmit={(event) => {
                event.preventDefault();
                if (picked !== '') setItem(picked);
              }}
            >
              <label>
                {t('session.console.pickItem')}{' '}
                <select
                  data-testid="item-select"
                  value={picked}
                  onChange={(event) => setPicked(event.target.value)}
                >
                  <option value="">—</option>
                  {items.map((item) => (
                    <option key={item.id} value={item.id}>
                      {`${'\u2003'.repeat(item.depth)}${item.number}. ${item.title}`}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="submit"
                className="button"
                data-testid="item-set"
                disabled={action.busy || picked === ''}
              >
                {t('session.console.setItem')}
              </button>
            </form>
          </div>
          {member &&
            openVotes.map((vote) => (
              <p key={vote.id} className="session-controls__my-ballot">
                <span className="tag tag--vote">{t('votes.open')}</span> {vote.title}{' '}
                <button
                  type="button"
                  className="button"
                  data-testid="chair-ballot"
                  onClick={() => setBallotFor(vote.id)}
                >
                  {ballots.get(vote.id)?.confirmedAt ? t('votes.ballot.review') : t('votes.ballot.vote')}
                </button>
              </p>
            ))}
          {action.error && (
            <p className="alert" role="alert" data-testid="console-error">
              {action.error}
            </p>
          )}
        </section>
      )}

      <div className="session-screen__columns">
        {runner && (
          <div className="session-screen__stack">
            <SpeakersConsole
              call={call}
              meetingId={meetingId}
              live={live}
              entries={entries}
              offsetMs={offsetMs}
              onUnauthenticated={onUnauthenticated}
            />
            <PresenterConsole
              call={call}
              meetingId={meetingId}
              live={live}
              entries={entries}
              onUnauthenticated={onUnauthenticated}
            />
          </div>
        )}
        {chair && (
          <VotesConsole
            call={call}
            meetingId={meetingId}
            live={live}
            items={items}
            offsetMs={offsetMs}
            onUnauthenticated={onUnauthenticated}
          />
        )}
      </div>
      {keeper && (
        <AttendancePanel
          call={call}
          meetingId={meetingId}
          live={live}
          entries={entries}
          rules={rules}
          onRulesChanged={setRules}
          onUnauthenticated={onUnauthenticated}
        />
      )}
      {ballotVote && (
        <BallotDialog
          key={ballotVote.id}
          vote={ballotVote}
          call={call}
          store={ballots}
          offsetMs={offsetMs}
          onClose={() => setBallotFor(null)}
          onUnauthenticated={onUnauthenticated}
        />
      )}
    </main>
  );
}
