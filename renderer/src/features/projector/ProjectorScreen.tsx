import type { LiveVote } from '#common/protocol/live-doc';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createApiClient, createCall } from '../../lib/api';
import type { StoredSession } from '../../lib/session';
import { useLiveDoc } from '../../lib/yjs/use-live-doc';
import { itemLabel } from '../session/agenda-outline';
import { QuorumLine } from '../session/QuorumLine';
import { formatTimer, serverNow } from '../session/server-clock';
import { SessionStateLine } from '../session/SessionStateLine';
import { SpeakerTimerView } from '../session/SpeakerTimerView';
import { useAgendaItems } from '../session/use-agenda-items';
import { useNow, useServerClockOffset } from '../session/use-server-clock';
import { VoteResultView } from '../votes/VoteResultView';
import { presenterTarget } from '../follow/presenter-position';
import { PresentedDocument } from './PresentedDocument';
import { projectorVote, turnoutShare } from './projector-vote';

/** Props of {@link ProjectorScreen}. */
export interface ProjectorScreenProps {
  session: StoredSession;
  meetingId: string;
}

/** How many of the queue the projector lists; the rest are counted. */
const QUEUE_SHOWN = 5;

/**
 * Màn hình trình chiếu: what the room reads from the back — the meeting, the current item, who
 * speaks and the time left, the queue, the quorum, a vote's progress (how many have voted,
 * never what) and its result as a bar chart. Read-only: it follows the live document with the
 * device's stored session (a chair's second window, or an observer's join on a projector PC).
 */
export function ProjectorScreen({ session, meetingId }: ProjectorScreenProps) {
  const { t } = useTranslation();
  const { serverUrl, token } = session;
  const api = useMemo(() => createApiClient(serverUrl, token), [serverUrl, token]);
  const call = useMemo(() => createCall(serverUrl, token), [serverUrl, token]);
  const snapshot = useLiveDoc(serverUrl, token, meetingId, session.info.participant.id);
  const live = snapshot?.live ?? null;
  const offsetMs = useServerClockOffset(call);
  const items = useAgendaItems(api, meetingId, live?.agendaRevision ?? null);
  const currentItemId = live?.currentItemId ?? null;
  const speakers = live?.speakers ?? null;
  const current = speakers?.current ?? null;
  const queue = speakers?.queue ?? [];
  const vote = projectorVote(live?.votes ?? [], currentItemId, current !== null);
  const connected = snapshot?.status === 'connected';
  // Follows the presenter by default: their page replaces the floor (a vote still comes first).
  const presented = presenterTarget(live?.presenter ?? null);

  return (
    <div className="projector" data-testid="projector" data-connected={connected ? 'true' : 'false'}>
      <header className="projector__header">
        <h1 className="projector__title" data-testid="projector-title">
          {live?.title ?? t('app.name')}
        </h1>
        <div className="projector__status">
          <SessionStateLine session={live?.session ?? null} large />
          <QuorumLine quorum={live?.attendance?.quorum ?? null} large />
        </div>
      </header>

      <section className="projector__item" aria-label={t('session.currentItem')}>
        <p className="projector__label">{t('session.currentItem')}</p>
        <p className="projector__item-title" data-testid="projector-item">
          {itemLabel(items, currentItemId) ?? t('session.noCurrentItem')}
        </p>
      </section>

      {vote ? (
        <section className="projector__vote" data-testid="projector-vote" data-status={vote.status}>
          {vote.status === 'open' ? (
            <VoteProgress vote={vote} offsetMs={offsetMs} />
          ) : vote.result ? (
            <VoteResultView title={vote.title} result={vote.result} large />
          ) : null}
        </section>
      ) : presented.kind === 'document' ? (
        <PresentedDocument call={call} target={presented} />
      ) : (
        <section className="projector__floor">
          <div className="projector__speaker" aria-live="polite" data-testid="projector-speaker">
            <p className="projector__label">{t('projector.speaking')}</p>
            {current ? (
              <>
                <p className="projector__speaker-name">{current.name}</p>
                <p className="projector__speaker-kind">{t(`session.speakers.kind.${current.kind}`)}</p>
                <SpeakerTimerView timer={current.timer} offsetMs={offsetMs} large testId="projector-timer" />
              </>
            ) : (
              <p className="projector__none">{t('session.speakers.nobody')}</p>
            )}
          </div>
          <div className="projector__queue">
            <p className="projector__label">{t('projector.next')}</p>
            {queue.length === 0 ? (
              <p className="projector__none">{t('session.speakers.queueEmpty')}</p>
            ) : (
              <ol className="projector__queue-list" data-testid="projector-queue">
                {queue.slice(0, QUEUE_SHOWN).map((entry) => (
                  <li key={entry.id}>
                    {entry.name}{' '}
                    <span className="projector__queue-kind">
                      · {t(`session.speakers.kind.${entry.kind}`)}
                    </span>
                  </li>
                ))}
                {queue.length > QUEUE_SHOWN && (
                  <li className="projector__queue-more">
                    {t('projector.more', { count: queue.length - QUEUE_SHOWN })}
                  </li>
                )}
              </ol>
            )}
          </div>
        </section>
      )}
      {presented.kind === 'restricted' && (
        <p className="projector__offline" role="status" data-testid="projector-restricted">
          {t('follow.projectorRestricted')}
        </p>
      )}
      {!connected && snapshot?.everConnected && (
        <p className="projector__offline" role="status">
          {t('projector.reconnecting')}
        </p>
      )}
    </div>
  );
}

/** An open vote on the projector: the motion, how many have voted (never what), the countdown. */
function VoteProgress({ vote, offsetMs }: { vote: LiveVote; offsetMs: number | null }) {
  const { t } = useTranslation();
  const now = useNow(vote.closesAt !== null, 500);
  const share = turnoutShare(vote);
  const left =
    vote.closesAt === null ? null : Math.ceil((Date.parse(vote.closesAt) - serverNow(now, offsetMs)) / 1000);
  return (
    <div className="projector-progress">
      <p className="projector__label">{t('votes.open')}</p>
      <p className="projector-progress__title">{vote.title}</p>
      <p className="projector-progress__count" data-testid="projector-vote-progress" aria-live="polite">
        {t('votes.progress', { voted: vote.voted, eligible: vote.eligible })}
      </p>
      <svg
        className="projector-progress__bar"
        viewBox="0 0 1000 40"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <rect className="projector-progress__track" x={0} y={0} width={1000} height={40} />
        <rect className="projector-progress__fill" x={0} y={0} width={Math.round(share * 1000)} height={40} />
      </svg>
      {left !== null && (
        <p className="projector-progress__countdown">
          {t('votes.ballot.closesIn', { time: formatTimer(Math.max(0, left)) })}
        </p>
      )}
    </div>
  );
}
