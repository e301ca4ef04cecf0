import { ROUTES } from '#common/http/route-table';
import type { AttendanceEntry } from '#common/schemas/session';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { presenterChoices } from './presenter-choices';
import { useAction } from './use-action';

/** Props of {@link PresenterConsole}. */
export interface PresenterConsoleProps {
  call: Call;
  meetingId: string;
  live: LiveState | null;
  /** The meeting's participants (the attendance list), whom the chair may name. */
  entries: readonly AttendanceEntry[];
  onUnauthenticated: () => void;
}

/**
 * "Người trình bày": who may present now besides the chair (from the live document), naming
 * another participant, and taking the name back ("Thu hồi"). Naming ends what was shared; the
 * named participant then gets "Trình chiếu" in their viewer.
 */
export function PresenterConsole({
  call,
  meetingId,
  live,
  entries,
  onUnauthenticated,
}: PresenterConsoleProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const presenter = live?.presenter ?? null;
  const presenterId = presenter?.presenterId ?? null;
  const [pick, setPick] = useState('');
  const choices = presenterChoices(entries);

  const name = (participantId: string | null) =>
    action.run(() => call(ROUTES.namePresenter, { params: { meetingId }, body: { participantId } }));

  return (
    <section
      className="console-card presenter-console"
      aria-labelledby="presenter-heading"
      data-testid="presenter-console"
      data-presenter-id={presenterId ?? ''}
    >
      <h3 id="presenter-heading" className="console-card__heading">
        {t('session.presenter.heading')}
      </h3>
      <div aria-live="polite">
        {presenterId !== null ? (
          <p data-testid="presenter-current">
            {t('session.presenter.named', { name: presenter?.presenterName ?? '—' })}
          </p>
        ) : (
          <p className="muted" data-testid="presenter-current">
            {t('session.presenter.none')}
          </p>
        )}
        {presenter?.sharedByName && (
          <p className="muted" data-testid="presenter-sharing">
            {t('follow.isPresenting', { name: presenter.sharedByName })}
          </p>
        )}
      </div>
      <form
        className="presenter-console__name"
        onSubmit={(event) => {
          event.preventDefault();
          if (pick === '') return;
          void name(pick).then((done) => {
            if (done !== null) setPick('');
          });
        }}
      >
        <label>
          {t('session.presenter.pick')}{' '}
          <select data-testid="presenter-pick" value={pick} onChange={(event) => setPick(event.target.value)}>
            <option value="">—</option>
            {choices.map((entry) => (
              <option key={entry.participantId} value={entry.participantId}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <span className="button-row">
          <button
            type="submit"
            className="button button--primary"
            data-testid="presenter-name"
            disabled={action.busy || pick === '' || pick === presenterId}
          >
            {t('session.presenter.name')}
          </button>
          {presenterId !== null && (
            <button
              type="button"
              className="button"
              data-testid="presenter-revoke"
              disabled={action.busy}
              onClick={() => void name(null)}
            >
              {t('session.presenter.revoke')}
            </button>
          )}
        </span>
      </form>
      {action.error && (
        <p className="alert" role="alert" data-testid="presenter-error">
          {action.error}
        </p>
      )}
    </section>
  );
}
