import { ROUTES } from '#common/http/route-table';
import type { LiveVote } from '#common/protocol/live-doc';
import { ballotReceipt, ballotTokenFromBytes } from '#common/votes/receipt';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { formatTimer, serverNow } from '../session/server-clock';
import { useAction } from '../session/use-action';
import { useNow } from '../session/use-server-clock';
import type { BallotStore, MyBallot } from './ballot-store';

/** Props of {@link BallotDialog}. */
export interface BallotDialogProps {
  vote: LiveVote;
  /**
   * The members whose proxy (ủy quyền) this participant holds: after their own ballot the dialog
   * asks for one ballot per represented seat, in this order.
   */
  proxySeats?: readonly string[];
  call: Call;
  store: BallotStore;
  offsetMs: number | null;
  /** The ballot was stored or the voter put the dialog aside ("Để sau"). */
  onClose: () => void;
  onUnauthenticated: () => void;
}

/** A fresh secret-ballot token: 32 random bytes, base64url. */
function newToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return ballotTokenFromBytes(bytes);
}

/**
 * The ballot (phiếu biểu quyết) of an open vote, as a modal dialog that takes focus: the
 * options as large buttons in a radio group (arrow keys or the digits 1–9 choose, Enter
 * sends), the countdown when there is one, and after sending what was recorded — for a
 * secret vote the receipt this device keeps to check the ballot after the vote closes.
 */
export function BallotDialog({
  vote,
  proxySeats = [],
  call,
  store,
  offsetMs,
  onClose,
  onUnauthenticated,
}: BallotDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const optionRefs = useRef<(HTMLInputElement | null)[]>([]);
  const titleId = useId();
  /** Own seat (null) first, then the represented members: the server fills seats in that order. */
  const seats: readonly (string | null)[] = [null, ...proxySeats];
  const firstOpenSeat = (): number => {
    const index = seats.findIndex((seat) => store.get(vote.id, seat)?.confirmedAt == null);
    return index === -1 ? 0 : index;
  };
  const [seatIndex, setSeatIndex] = useState(firstOpenSeat);
  const seat = seats[seatIndex] ?? null;
  const [mine, setMine] = useState<MyBallot | null>(() => store.get(vote.id, seat));
  const [selected, setSelected] = useState<string | null>(mine?.optionId ?? null);
  const nextSeat = seats.findIndex(
    (candidate, index) => index > seatIndex && store.get(vote.id, candidate)?.confirmedAt == null,
  );
  const [changing, setChanging] = useState(false);
  const action = useAction(onUnauthenticated);
  /**
   * Whether the voter may change their ballot: the live document does not carry it, so it is
   * asked once (false until known, the safe reading).
   */
  const [allowChange, setAllowChange] = useState(false);
  useEffect(() => {
    let cancelled = false;
    call(ROUTES.getVote, { params: { voteId: vote.id } }).then(
      ({ vote: full }) => {
        if (!cancelled) setAllowChange(full.allowChange);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, vote.id]);
  const now = useNow(vote.closesAt !== null, 500);
  const secret = vote.secrecy === 'secret';
  const recorded = mine !== null && mine.confirmedAt !== null && !changing;

  // Focus moves in once, when the dialog opens (to the chosen option, else the first); later
  // choices keep focus where the voter put it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the dialog opens only
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    const index = Math.max(
      0,
      vote.options.findIndex((option) => option.id === selected),
    );
    optionRefs.current[index]?.focus();
    return () => element.close();
  }, []);

  const choose = (index: number): void => {
    const option = vote.options[index];
    if (option === undefined) return;
    setSelected(option.id);
    optionRefs.current[index]?.focus();
  };

  /** Native radios already move with the arrow keys; the digits 1–9 choose directly. */
  const onOptionsKey = (event: KeyboardEvent<HTMLFieldSetElement>): void => {
    if (/^[1-9]$/.test(event.key)) {
      event.preventDefault();
      choose(Number(event.key) - 1);
    }
  };

  const send = async (): Promise<void> => {
    if (selected === null) return;
    // A retry of the same choice reuses the key: the server then answers the first outcome and
    // counts nothing twice. A new choice is a new ballot (and, if allowed, replaces the last).
    const retry = mine !== null && mine.confirmedAt === null && mine.optionId === selected ? mine : null;
    const previous = mine?.confirmedAt ? mine : null;
    const token = secret ? (retry?.token ?? newToken()) : null;
    const ballot: MyBallot = retry ?? {
      voteId: vote.id,
      optionId: selected,
      idempotencyKey: crypto.randomUUID(),
      token,
      receipt: token === null ? null : ballotReceipt(vote.id, token, selected),
      confirmedAt: null,
    };
    // Kept before sending: if the answer is lost, the receipt and the key are still here.
    store.put(ballot, seat);
    const outcome = await action.run(() =>
      call(ROUTES.castBallot, {
        params: { voteId: vote.id },
        body: {
          idempotencyKey: ballot.idempotencyKey,
          optionId: ballot.optionId,
          ...(ballot.token !== null ? { token: ballot.token } : {}),
          ...(previous?.token ? { replaces: previous.token } : {}),
          // Open and named votes name the represented seat; a secret ballot never names anyone.
          ...(seat !== null && !secret ? { memberId: seat } : {}),
        },
      }),
    );
    if (outcome === null) {
      setMine(store.get(vote.id, seat));
      return;
    }
    const confirmed = { ...ballot, confirmedAt: new Date().toISOString() };
    store.put(confirmed, seat);
    setMine(confirmed);
    setChanging(false);
  };

  const chosenLabel = vote.options.find((option) => option.id === mine?.optionId)?.label ?? '';
  const secondsLeft =
    vote.closesAt === null ? null : Math.ceil((Date.parse(vote.closesAt) - serverNow(now, offsetMs)) / 1000);

  return (
    <dialog
      ref={dialog}
      className="ballot-dialog"
      aria-labelledby={titleId}
      data-testid="ballot-dialog"
      data-vote-id={vote.id}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <p className="ballot-dialog__kicker" role="alert">
        {t('votes.ballot.opened')}
        {' · '}
        {t(`votes.secrecy.${vote.secrecy}`)}
      </p>
      <h2 id={titleId} className="ballot-dialog__title" data-testid="ballot-title">
        {vote.title}
      </h2>
      {secondsLeft !== null && (
        <p className="ballot-dialog__countdown" data-testid="ballot-countdown">
          {t('votes.ballot.closesIn', { time: formatTimer(Math.max(0, secondsLeft)) })}
        </p>
      )}

      {seats.length > 1 && (
        <p className="ballot-dialog__seat" data-testid="ballot-seat" data-seat={seatIndex}>
          {seat === null
            ? t('votes.ballot.ownSeat', { count: seats.length })
            : t('votes.ballot.proxySeat', { number: seatIndex, count: seats.length - 1 })}
        </p>
      )}
      {recorded ? (
        <div className="ballot-dialog__recorded" data-testid="ballot-recorded">
          <p className="ballot-dialog__done" role="status">
            {t('votes.ballot.recorded', { option: chosenLabel })}
          </p>
          {secret && mine?.receipt && (
            <p className="ballot-dialog__receipt">
              {t('votes.ballot.receipt')}{' '}
              <code data-testid="ballot-receipt">{mine.receipt.slice(0, 16)}</code>
            </p>
          )}
          <div className="ballot-dialog__actions">
            {allowChange && (
              <button
                type="button"
                className="button"
                data-testid="ballot-change"
                onClick={() => {
                  setChanging(true);
                  setSelected(mine?.optionId ?? null);
                }}
              >
                {t('votes.ballot.change')}
              </button>
            )}
            {nextSeat !== -1 ? (
              <button
                type="button"
                className="button button--primary"
                data-testid="ballot-next-seat"
                onClick={() => {
                  const next = seats[nextSeat] ?? null;
                  const kept = store.get(vote.id, next);
                  setSeatIndex(nextSeat);
                  setMine(kept);
                  setSelected(kept?.optionId ?? null);
                  setChanging(false);
                  optionRefs.current[0]?.focus();
                }}
              >
                {t('votes.ballot.nextSeat')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--primary"
                data-testid="ballot-close"
                onClick={onClose}
              >
                {t('votes.ballot.close')}
              </button>
            )}
          </div>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <p className="ballot-dialog__hint" id={`${titleId}-hint`}>
            {t('votes.ballot.hint')}
          </p>
          <fieldset
            className="ballot-dialog__options"
            aria-describedby={`${titleId}-hint`}
            onKeyDown={onOptionsKey}
          >
            <legend className="visually-hidden">{vote.title}</legend>
            {vote.options.map((option, index) => {
              const checked = option.id === selected;
              return (
                <label
                  key={option.id}
                  className={`ballot-option ballot-option--${option.kind}${checked ? ' ballot-option--checked' : ''}`}
                  data-testid="ballot-option"
                  data-option-id={option.id}
                >
                  <input
                    ref={(element) => {
                      optionRefs.current[index] = element;
                    }}
                    type="radio"
                    name={`ballot-${vote.id}`}
                    className="ballot-option__input"
                    value={option.id}
                    checked={checked}
                    onChange={() => setSelected(option.id)}
                  />
                  <span className="ballot-option__key" aria-hidden="true">
                    {index + 1}
                  </span>
                  {option.label}
                </label>
              );
            })}
          </fieldset>
          {action.error && (
            <p className="alert" role="alert" data-testid="ballot-error">
              {action.error}
            </p>
          )}
          <div className="ballot-dialog__actions">
            <button
              type="button"
              className="button button--quiet"
              data-testid="ballot-later"
              onClick={onClose}
            >
              {t('votes.ballot.later')}
            </button>
            <button
              type="submit"
              className="button button--primary ballot-dialog__send"
              data-testid="ballot-send"
              disabled={selected === null || action.busy}
            >
              {action.busy ? t('votes.ballot.sending') : t('votes.ballot.send')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
