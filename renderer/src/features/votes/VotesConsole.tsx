import { ROUTES } from '#common/http/route-table';
import type { Turnout, Vote, VoteSecrecy } from '#common/schemas/vote';
import { VoteSecrecySchema } from '#common/schemas/vote';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { itemLabel, type NumberedItem } from '../session/agenda-outline';
import { formatTimer, serverNow } from '../session/server-clock';
import { useAction } from '../session/use-action';
import { useNow } from '../session/use-server-clock';
import { VoteResultView } from './VoteResultView';

/** Props of {@link VotesConsole}. */
export interface VotesConsoleProps {
  call: Call;
  meetingId: string;
  live: LiveState | null;
  items: readonly NumberedItem[];
  offsetMs: number | null;
  onUnauthenticated: () => void;
}

/**
 * The chair's votes: a new vote on the current item (motion, secrecy, optional countdown,
 * whether ballots may change), then open it, watch the turnout (who has not voted yet, never
 * what anybody chose), close or cancel it, read the result, and re-run it.
 */
export function VotesConsole({
  call,
  meetingId,
  live,
  items,
  offsetMs,
  onUnauthenticated,
}: VotesConsoleProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const [votes, setVotes] = useState<Vote[]>([]);
  const [reload, setReload] = useState(0);
  const currentItemId = live?.currentItemId ?? null;
  /** The live document shows opened votes only; drafts are read from the server. */
  const signature = JSON.stringify((live?.votes ?? []).map((vote) => [vote.id, vote.status, vote.voted]));

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` and `reload` are refetch triggers
  useEffect(() => {
    let cancelled = false;
    call(ROUTES.listVotes, { params: { meetingId } }).then(
      (answer) => {
        if (!cancelled) setVotes(answer.votes);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, meetingId, signature, reload]);

  const after = (task: () => Promise<unknown>) => void action.run(task).then(() => setReload((n) => n + 1));

  const shown = [...votes].sort(
    (a, b) =>
      Number(b.agendaItemId === currentItemId) - Number(a.agendaItemId === currentItemId) ||
      b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <section
      className="console-card votes-console"
      aria-labelledby="votes-heading"
      data-testid="votes-console"
    >
      <h3 id="votes-heading" className="console-card__heading">
        {t('votes.heading')}
      </h3>
      {currentItemId === null ? (
        <p className="muted">{t('votes.create.needItem')}</p>
      ) : (
        <CreateVoteForm
          key={currentItemId}
          itemTitle={items.find((item) => item.id === currentItemId)?.title ?? ''}
          busy={action.busy}
          onCreate={(body) =>
            after(() =>
              call(ROUTES.createVote, {
                params: { meetingId },
                body: { agendaItemId: currentItemId, ...body },
              }),
            )
          }
        />
      )}
      {action.error && (
        <p className="alert" role="alert" data-testid="votes-error">
          {action.error}
        </p>
      )}
      <ul className="vote-list">
        {shown.map((vote) => (
          <VoteRow
            key={vote.id}
            vote={vote}
            item={itemLabel(items, vote.agendaItemId)}
            call={call}
            busy={action.busy}
            offsetMs={offsetMs}
            onAct={after}
          />
        ))}
      </ul>
    </section>
  );
}

interface CreateBody {
  title: string;
  secrecy: VoteSecrecy;
  durationSeconds: number | null;
  allowChange: boolean;
}

function CreateVoteForm({
  itemTitle,
  busy,
  onCreate,
}: {
  itemTitle: string;
  busy: boolean;
  onCreate: (body: CreateBody) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(() => t('votes.create.defaultTitle', { item: itemTitle }));
  const [secrecy, setSecrecy] = useState<VoteSecrecy>('open');
  const [countdown, setCountdown] = useState('');
  const [allowChange, setAllowChange] = useState(true);
  const seconds = countdown.trim() === '' ? null : Math.round(Number(countdown) * 60);
  const validCountdown = seconds === null || (Number.isFinite(seconds) && seconds >= 5 && seconds <= 3600);
  return (
    <form
      className="vote-create"
      data-testid="vote-create"
      onSubmit={(event) => {
        event.preventDefault();
        if (title.trim() === '' || !validCountdown) return;
        onCreate({ title: title.trim(), secrecy, durationSeconds: seconds, allowChange });
      }}
    >
      <label className="vote-create__title">
        {t('votes.create.title')}
        <input
          type="text"
          data-testid="vote-title"
          maxLength={500}
          required
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <label>
        {t('votes.create.secrecy')}{' '}
        <select
          data-testid="vote-secrecy"
          value={secrecy}
          onChange={(event) => setSecrecy(VoteSecrecySchema.parse(event.target.value))}
        >
          {VoteSecrecySchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`votes.secrecy.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('votes.create.countdown')}{' '}
        <input
          type="number"
          min={0.1}
          max={60}
          step={0.5}
          className="vote-create__minutes"
          data-testid="vote-countdown"
          aria-invalid={!validCountdown}
          value={countdown}
          onChange={(event) => setCountdown(event.target.value)}
        />
      </label>
      <label className="vote-create__check">
        <input
          type="checkbox"
          data-testid="vote-allow-change"
          checked={allowChange}
          onChange={(event) => setAllowChange(event.target.checked)}
        />{' '}
        {t('votes.create.allowChange')}
      </label>
      <button
        type="submit"
        className="button button--primary"
        data-testid="vote-create-submit"
        disabled={busy || !validCountdown}
      >
        {t('votes.create.submit')}
      </button>
    </form>
  );
}

interface VoteRowProps {
  vote: Vote;
  item: string | null;
  call: Call;
  busy: boolean;
  offsetMs: number | null;
  onAct: (task: () => Promise<unknown>) => void;
}

function VoteRow({ vote, item, call, busy, offsetMs, onAct }: VoteRowProps) {
  const { t } = useTranslation();
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const open = vote.status === 'open';
  const now = useNow(open && vote.closesAt !== null, 500);
  const params = { params: { voteId: vote.id } };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `vote.voted` is the refetch trigger
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    call(ROUTES.voteTurnout, { params: { voteId: vote.id } }).then(
      (answer) => {
        if (!cancelled) setTurnout(answer);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, vote.id, open, vote.voted]);

  const secondsLeft =
    vote.closesAt === null ? null : Math.ceil((Date.parse(vote.closesAt) - serverNow(now, offsetMs)) / 1000);

  return (
    <li
      className={`vote-row vote-row--${vote.status}`}
      data-testid="vote-row"
      data-vote-id={vote.id}
      data-status={vote.status}
    >
      <p className="vote-row__head">
        <span className={`tag tag--vote-${vote.status}`}>{t(`votes.status.${vote.status}`)}</span>{' '}
        <strong>{vote.title}</strong> <span className="muted">· {t(`votes.secrecy.${vote.secrecy}`)}</span>
      </p>
      {item && <p className="muted vote-row__item">{item}</p>}
      {open && (
        <div className="vote-row__progress" aria-live="polite">
          <p data-testid="vote-progress">
            {t('votes.progress', { voted: vote.voted, eligible: vote.eligible ?? 0 })}
            {secondsLeft !== null &&
              ` · ${t('votes.ballot.closesIn', { time: formatTimer(Math.max(0, secondsLeft)) })}`}
          </p>
          {turnout && turnout.notVoted.length > 0 && (
            <details className="vote-row__turnout">
              <summary>{t('votes.notVoted', { count: turnout.notVoted.length })}</summary>
              <ul data-testid="not-voted">
                {turnout.notVoted.map((seat) => (
                  <li key={seat.memberId}>{seat.name}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {vote.status === 'closed' && vote.result && <VoteResultView title={vote.title} result={vote.result} />}
      <div className="button-row">
        {vote.status === 'draft' && (
          <button
            type="button"
            className="button button--primary"
            data-testid="vote-open"
            disabled={busy}
            onClick={() => onAct(() => call(ROUTES.openVote, params))}
          >
            {t('votes.actions.open')}
          </button>
        )}
        {open && (
          <button
            type="button"
            className="button button--primary"
            data-testid="vote-close"
            disabled={busy}
            onClick={() => onAct(() => call(ROUTES.closeVote, params))}
          >
            {t('votes.actions.close')}
          </button>
        )}
        {(vote.status === 'draft' || open) && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="vote-cancel"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('votes.actions.confirmCancel')))
                onAct(() => call(ROUTES.cancelVote, params));
            }}
          >
            {t('votes.actions.cancel')}
          </button>
        )}
        {(vote.status === 'closed' || vote.status === 'cancelled') && (
          <button
            type="button"
            className="button"
            data-testid="vote-rerun"
            disabled={busy}
            onClick={() => onAct(() => call(ROUTES.rerunVote, params))}
          >
            {t('votes.actions.rerun')}
          </button>
        )}
      </div>
    </li>
  );
}
