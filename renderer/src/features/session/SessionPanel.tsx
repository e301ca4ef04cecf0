import { ROUTES } from '#common/http/route-table';
import type { LiveVote } from '#common/protocol/live-doc';
import type { Participant } from '#common/schemas/participant';
import { isPresentStatus, MEMBER_ROLES, type SpeakerKind, SpeakerKindSchema } from '#common/schemas/session';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { AlertModal } from '../notifications/AlertModal';
import type { NotifyView } from '../notifications/live-events';
import { useLiveNotifications } from '../notifications/use-live-notifications';
import { BallotDialog } from '../votes/BallotDialog';
import type { BallotStore } from '../votes/ballot-store';
import { ReceiptCheck } from '../votes/ReceiptCheck';
import { VoteResultView } from '../votes/VoteResultView';
import { itemLabel, type NumberedItem } from './agenda-outline';
import { SessionStateLine } from './SessionStateLine';
import { SpeakerTimerView } from './SpeakerTimerView';
import { useAction } from './use-action';

/** Props of {@link SessionPanel}. */
export interface SessionPanelProps {
  call: Call;
  meetingId: string;
  me: Participant;
  live: LiveState | null;
  items: readonly NumberedItem[];
  offsetMs: number | null;
  ballots: BallotStore;
  onUnauthenticated: () => void;
}

/** Scrolls the agenda to an item and moves focus there ("Đến mục đang họp"). */
export function goToAgendaItem(itemId: string): void {
  const element = document.querySelector<HTMLElement>(
    `[data-testid="agenda-item"][data-item-id="${CSS.escape(itemId)}"]`,
  );
  if (element === null) return;
  element.scrollIntoView({ block: 'start', behavior: 'smooth' });
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus({ preventScroll: true });
}

/**
 * The delegate's session panel, always beside the agenda: where the meeting is (state, current
 * item, "Đến mục đang họp"), checking in, asking for the floor by kind and withdrawing, the
 * speaker and their timer (the delegate's own, large, when it is their turn), the open votes
 * with their ballot dialog, and the results with "check my ballot" for secret votes.
 */
export function SessionPanel({
  call,
  meetingId,
  me,
  live,
  items,
  offsetMs,
  ballots,
  onUnauthenticated,
}: SessionPanelProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const member = MEMBER_ROLES.includes(me.role);
  const session = live?.session ?? null;
  const speakers = live?.speakers ?? null;
  const votes = live?.votes ?? [];
  const myStatus = live?.attendance?.participants[me.id]?.status ?? null;
  const present = myStatus !== null && isPresentStatus(myStatus);
  const currentItemId = live?.currentItemId ?? null;
  const current = speakers?.current ?? null;
  const myQueued = speakers?.queue.find((entry) => entry.participantId === me.id) ?? null;
  const myPlace = speakers?.queue.findIndex((entry) => entry.participantId === me.id) ?? -1;
  const openVotes = votes.filter((vote) => vote.status === 'open');
  const running = session?.state === 'in_session';

  /** Members whose proxy this delegate holds: they vote for them too. */
  const proxySeats = Object.entries(live?.attendance?.participants ?? {})
    .filter(([, entry]) => entry.proxyHolderId === me.id)
    .map(([participantId]) => participantId)
    .sort();
  const allVoted = (voteId: string): boolean =>
    [null, ...proxySeats].every((seat) => ballots.get(voteId, seat)?.confirmedAt != null);
  const openIds = openVotes
    .filter(() => member)
    .filter((vote) => !allVoted(vote.id))
    .map((vote) => vote.id)
    .join(' ');
  const synced = live !== null;
  const speakerId = current?.participantId ?? null;
  const view = useMemo<NotifyView | null>(
    () =>
      !synced
        ? null
        : {
            currentItemId,
            openVoteIds: openIds === '' ? [] : openIds.split(' '),
            speakerId,
          },
    [synced, currentItemId, openIds, speakerId],
  );
  const [notices, notify] = useLiveNotifications(view, me.id, me.role === 'delegate');
  const last = notices.last;
  const announcedVote =
    last?.kind === 'voteOpened' ? (votes.find((vote) => vote.id === last.voteId) ?? null) : null;
  const ballotVote = openVotes.find((vote) => vote.id === notices.ballotVoteId) ?? null;
  const closedHere = votes.filter(
    (vote) =>
      vote.status === 'closed' &&
      vote.result !== null &&
      (vote.agendaItemId === currentItemId || currentItemId === null),
  );

  const requestFloor = (kind: SpeakerKind) =>
    void action.run(() => call(ROUTES.requestFloor, { params: { meetingId }, body: { kind } }));

  return (
    <aside className="session-panel" aria-labelledby="session-panel-heading" data-testid="session-panel">
      <h2 id="session-panel-heading" className="session-panel__heading">
        {t('session.panel.heading')}
      </h2>
      <SessionStateLine session={session} />
      <div className="session-panel__current" data-testid="panel-current-item">
        <span className="session-panel__label">{t('session.currentItem')}</span>{' '}
        <strong>{itemLabel(items, currentItemId) ?? t('session.noCurrentItem')}</strong>
        {currentItemId !== null && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="go-to-current"
            onClick={() => goToAgendaItem(currentItemId)}
          >
            {t('session.goToCurrent')}
          </button>
        )}
      </div>

      {session !== null && session.state !== 'ended' && (
        <div className="session-panel__attendance">
          {present ? (
            <p className="tag tag--present" data-testid="my-attendance" data-status={myStatus}>
              {t(`session.attendance.status.${myStatus}`)}
            </p>
          ) : (
            <button
              type="button"
              className="button button--primary"
              data-testid="check-in"
              disabled={action.busy}
              onClick={() => void action.run(() => call(ROUTES.checkIn, { params: { meetingId } }))}
            >
              {t('session.attendance.checkIn')}
            </button>
          )}
        </div>
      )}

      <section className="session-panel__floor" aria-label={t('session.speakers.heading')}>
        <div aria-live="polite" data-testid="panel-speaker">
          {current ? (
            <p className="session-panel__speaker">
              {current.participantId === me.id
                ? t('session.speakers.youSpeak')
                : t('session.speakers.nowSpeaking', { name: current.name })}{' '}
              <span className="muted">({t(`session.speakers.kind.${current.kind}`)})</span>
            </p>
          ) : (
            <p className="muted">{t('session.speakers.nobody')}</p>
          )}
        </div>
        {current && (
          <SpeakerTimerView
            timer={current.timer}
            offsetMs={offsetMs}
            large={current.participantId === me.id}
          />
        )}
        {current?.participantId === me.id && (
          <button
            type="button"
            className="button"
            data-testid="finish-my-speech"
            disabled={action.busy}
            onClick={() =>
              void action.run(() => call(ROUTES.finishSpeaker, { params: { speakerId: current.id } }))
            }
          >
            {t('session.speakers.finishMine')}
          </button>
        )}
        {myQueued ? (
          <p className="session-panel__queued" data-testid="my-floor-request">
            {t('session.speakers.queued', {
              place: myPlace + 1,
              kind: t(`session.speakers.kind.${myQueued.kind}`),
            })}{' '}
            <button
              type="button"
              className="button button--quiet"
              data-testid="withdraw-floor"
              disabled={action.busy}
              onClick={() =>
                void action.run(() => call(ROUTES.withdrawFloor, { params: { speakerId: myQueued.id } }))
              }
            >
              {t('session.speakers.withdraw')}
            </button>
          </p>
        ) : (
          member &&
          running &&
          currentItemId !== null &&
          current?.participantId !== me.id && (
            <fieldset className="session-panel__request">
              <legend className="visually-hidden">{t('session.speakers.request')}</legend>
              {SpeakerKindSchema.options.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  className="button"
                  data-testid={`request-floor-${kind}`}
                  disabled={action.busy}
                  onClick={() => requestFloor(kind)}
                >
                  {t(`session.speakers.requestKind.${kind}`)}
                </button>
              ))}
            </fieldset>
          )
        )}
      </section>

      {openVotes.length > 0 && (
        <section className="session-panel__votes" aria-label={t('votes.heading')}>
          {openVotes.map((vote) => (
            <OpenVoteLine
              key={vote.id}
              vote={vote}
              canVote={member}
              voted={allVoted(vote.id)}
              onOpen={() => notify.openBallot(vote.id)}
            />
          ))}
        </section>
      )}

      {closedHere.length > 0 && (
        <section className="session-panel__results" aria-label={t('votes.results')}>
          {closedHere.map((vote) =>
            vote.result ? (
              <div key={vote.id} className="session-panel__result">
                <VoteResultView title={vote.title} result={vote.result} />
                {vote.secrecy === 'secret' && ballots.get(vote.id) !== null && (
                  <ReceiptCheck
                    call={call}
                    voteId={vote.id}
                    ballots={ballots}
                    onUnauthenticated={onUnauthenticated}
                  />
                )}
              </div>
            ) : null,
          )}
        </section>
      )}

      {action.error && (
        <p className="alert" role="alert" data-testid="panel-error">
          {action.error}
        </p>
      )}

      {notices.movedTo !== null && notices.movedTo === currentItemId && (
        <div className="session-panel__moved" role="status" data-testid="item-moved-notice">
          {t('notify.itemMoved', { item: itemLabel(items, notices.movedTo) ?? '' })}{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              goToAgendaItem(currentItemId);
              notify.dismissMove();
            }}
          >
            {t('session.goToCurrent')}
          </button>
          <button type="button" className="button button--quiet" onClick={notify.dismissMove}>
            {t('notify.dismiss')}
          </button>
        </div>
      )}

      <p className="visually-hidden" aria-live="assertive" data-testid="vote-announcer">
        {announcedVote ? t('notify.voteOpened', { title: announcedVote.title }) : ''}
      </p>

      {ballotVote && (
        <BallotDialog
          key={ballotVote.id}
          vote={ballotVote}
          proxySeats={proxySeats}
          call={call}
          store={ballots}
          offsetMs={offsetMs}
          onClose={notify.closeBallot}
          onUnauthenticated={onUnauthenticated}
        />
      )}
      {notices.yourTurn && !ballotVote && (
        <AlertModal
          title={t('notify.yourTurnTitle')}
          actionLabel={t('notify.acknowledge')}
          onAction={notify.acknowledgeTurn}
          testId="your-turn"
        >
          <p>{t('notify.yourTurn')}</p>
          {current?.participantId === me.id && (
            <SpeakerTimerView timer={current.timer} offsetMs={offsetMs} large />
          )}
        </AlertModal>
      )}
    </aside>
  );
}

function OpenVoteLine({
  vote,
  canVote,
  voted,
  onOpen,
}: {
  vote: LiveVote;
  canVote: boolean;
  voted: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="open-vote" data-testid="open-vote" data-vote-id={vote.id}>
      <p className="open-vote__title">
        <span className="tag tag--vote">{t('votes.open')}</span> {vote.title}
      </p>
      <p className="open-vote__progress muted">
        {t('votes.progress', { voted: vote.voted, eligible: vote.eligible })}
      </p>
      {canVote && (
        <button type="button" className="button button--primary" data-testid="open-ballot" onClick={onOpen}>
          {voted ? t('votes.ballot.review') : t('votes.ballot.vote')}
        </button>
      )}
    </div>
  );
}
