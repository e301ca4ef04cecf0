import { JoinRequestSchema } from '#common/schemas/api';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionBadge } from '../../components/ConnectionBadge';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import {
  ApiRequestError,
  type ClientErrorCode,
  createApiClient,
  defaultDeviceLabel,
  type ReasonMessage,
} from '../../lib/api';
import { useBrowserOnline } from '../../lib/connection';
import { errorCodeOf, translateReason } from '../../lib/errors';
import { type FieldIssues, issuesFor, issuesFromApi, translateIssue } from '../../lib/form-issues';
import { normaliseJoinCode, normaliseServerUrl, parseJoinLink } from '../../lib/server-url';
import { type StoredSession, saveSession } from '../../lib/session';

/** Why the join screen is shown again after having been signed in. */
export type JoinNotice = 'signedOut' | 'sessionEnded';

/** Props of {@link JoinScreen}. */
export interface JoinScreenProps {
  initialServer: string;
  initialCode: string;
  /** Join at once with the initial values (the app was opened from a join link). */
  autoJoin: boolean;
  notice: JoinNotice | null;
  onJoined: (session: StoredSession) => void;
}

/**
 * Problems the join request's schema cannot see: the server address and the join link are
 * not part of the request, and a code the schema accepts may still not look like XXXX-XXXX.
 */
interface FieldErrors {
  server?: 'serverRequired' | 'serverInvalid';
  code?: 'codeInvalid';
  link?: 'linkRequired' | 'linkInvalid';
}

/**
 * First screen: redeem a join code at a room server, by typing the server address and the
 * code, or by pasting the join link from the invitation (which carries both).
 */
export function JoinScreen({ initialServer, initialCode, autoJoin, notice, onJoined }: JoinScreenProps) {
  const { t, i18n } = useTranslation();
  const online = useBrowserOnline();
  const ids = { server: useId(), code: useId(), link: useId(), error: useId() };
  const [server, setServer] = useState(initialServer);
  const [code, setCode] = useState(initialCode);
  const [link, setLink] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  /** Problems of the join request itself (`code`, `deviceLabel`), from its schema or the server. */
  const [requestIssues, setRequestIssues] = useState<FieldIssues>({});
  const [requestError, setRequestError] = useState<ClientErrorCode | null>(null);
  /** Why the server refused, when it said so ("this code has already been used"). */
  const [requestReason, setRequestReason] = useState<ReasonMessage | null>(null);
  const [busy, setBusy] = useState(false);
  /** Guards the auto-join so React's development double-mount does not redeem the code twice. */
  const autoJoinStarted = useRef(false);

  const deviceLabel = useMemo(defaultDeviceLabel, []);

  const join = async (serverInput: string, codeInput: string): Promise<void> => {
    // A link pasted into the code field is understood as a link: people paste what they have.
    const pasted = parseJoinLink(codeInput);
    const serverUrl = pasted?.serverUrl ?? normaliseServerUrl(serverInput);
    // The code as typed goes through the request's schema first (missing, too long), then
    // through the display form's stricter shape (8 characters), which the server also expects.
    const issues = issuesFor(JoinRequestSchema, { code: pasted?.code ?? codeInput, deviceLabel });
    const joinCode = pasted?.code ?? normaliseJoinCode(codeInput);
    const errors: FieldErrors = {};
    if (serverUrl === null) errors.server = serverInput.trim() === '' ? 'serverRequired' : 'serverInvalid';
    if (joinCode === null && !issues.code) errors.code = 'codeInvalid';
    setFieldErrors(errors);
    setRequestIssues(issues);
    // Only the code has a field on this screen; any other refused part is reported as a whole.
    setRequestError(Object.keys(issues).some((path) => path !== 'code') ? 'validation_failed' : null);
    setRequestReason(null);
    if (serverUrl === null || joinCode === null || Object.keys(issues).length > 0) return;

    setServer(serverUrl);
    setCode(joinCode);
    setBusy(true);
    try {
      const result = await createApiClient(serverUrl, null).join({ code: joinCode, deviceLabel });
      const session: StoredSession = { serverUrl, token: result.token, info: result.session };
      saveSession(session);
      onJoined(session);
    } catch (error) {
      setRequestError(errorCodeOf(error));
      setRequestReason(error instanceof ApiRequestError ? error.reason : null);
      // A refused field (the server's check or the client's) is also shown beside the field.
      if (error instanceof ApiRequestError) setRequestIssues(issuesFromApi(error.issues));
      setBusy(false);
    }
  };

  // Runs once on mount by design: the initial values are what the join link carried.
  // biome-ignore lint/correctness/useExhaustiveDependencies: mount-only auto-join, see above
  useEffect(() => {
    if (!autoJoin || autoJoinStarted.current) return;
    autoJoinStarted.current = true;
    void join(initialServer, initialCode);
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void join(server, code);
  };

  const onSubmitLink = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const parsed = parseJoinLink(link);
    if (parsed === null) {
      setFieldErrors({ link: link.trim() === '' ? 'linkRequired' : 'linkInvalid' });
      setRequestIssues({});
      setRequestError(null);
      setRequestReason(null);
      return;
    }
    setLink('');
    void join(parsed.serverUrl, parsed.code);
  };

  const codeIssue = requestIssues.code;
  const hasError = (field: keyof FieldErrors): boolean =>
    fieldErrors[field] !== undefined || (field === 'code' && codeIssue !== undefined);
  const describedBy = (field: keyof FieldErrors, hint?: string): string | undefined =>
    [hint, hasError(field) ? `${ids[field]}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <div className="join-page">
      <header className="join-page__bar">
        <span className="join-page__app-name">{t('app.name')}</span>
        <div className="join-page__tools">
          {!online && <ConnectionBadge state="offline" />}
          <LanguageSwitch />
        </div>
      </header>

      <main className="join-card" data-testid="join-screen">
        <h1 className="join-card__title">{t('join.title')}</h1>
        <p className="join-card__intro">{t('join.intro')}</p>

        {notice && (
          <p className="notice" data-testid="join-notice">
            {t(`join.notice.${notice}`)}
          </p>
        )}

        <form
          className="form"
          onSubmit={onSubmit}
          noValidate
          aria-describedby={requestError ? ids.error : undefined}
        >
          <div className="field">
            <label htmlFor={ids.server}>{t('join.serverLabel')}</label>
            <input
              id={ids.server}
              data-testid="join-server"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              placeholder={t('join.serverPlaceholder')}
              value={server}
              onChange={(e) => setServer(e.target.value)}
              aria-invalid={fieldErrors.server ? true : undefined}
              aria-describedby={describedBy('server')}
            />
            {fieldErrors.server && (
              <p className="field__error" id={`${ids.server}-error`} data-testid="join-server-error">
                {t(`join.errors.${fieldErrors.server}`)}
              </p>
            )}
          </div>

          <div className="field">
            <label htmlFor={ids.code}>{t('join.codeLabel')}</label>
            <input
              id={ids.code}
              data-testid="join-code"
              className="field__code"
              type="text"
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder={t('join.codePlaceholder')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onBlur={() => setCode((value) => normaliseJoinCode(value) ?? value)}
              aria-invalid={hasError('code') ? true : undefined}
              aria-describedby={describedBy('code', `${ids.code}-hint`)}
            />
            <p className="field__hint" id={`${ids.code}-hint`}>
              {t('join.codeHint')}
            </p>
            {hasError('code') && (
              <p
                className="field__error"
                id={`${ids.code}-error`}
                data-testid="join-code-error"
                data-issue={codeIssue?.kind}
              >
                {codeIssue
                  ? translateIssue(codeIssue, t)
                  : t(`join.errors.${fieldErrors.code ?? 'codeInvalid'}`)}
              </p>
            )}
          </div>

          {requestError && (
            <p
              className="alert"
              role="alert"
              id={ids.error}
              data-testid="join-error"
              data-code={requestError}
              data-reason={requestReason?.reason}
            >
              {requestReason ? translateReason(requestReason, t, i18n.language) : t(`errors.${requestError}`)}
            </p>
          )}

          <button type="submit" className="button button--primary" data-testid="join-submit" disabled={busy}>
            {busy ? t('join.submitting') : t('join.submit')}
          </button>
        </form>

        <p className="join-card__or">
          <span>{t('join.or')}</span>
        </p>

        <form className="form" onSubmit={onSubmitLink} noValidate>
          <div className="field">
            <label htmlFor={ids.link}>{t('join.linkLabel')}</label>
            <input
              id={ids.link}
              data-testid="join-link"
              type="url"
              inputMode="url"
              spellCheck={false}
              placeholder={t('join.linkPlaceholder')}
              value={link}
              onChange={(e) => setLink(e.target.value)}
              aria-invalid={fieldErrors.link ? true : undefined}
              aria-describedby={describedBy('link')}
            />
            {fieldErrors.link && (
              <p className="field__error" id={`${ids.link}-error`} data-testid="join-link-error">
                {t(`join.errors.${fieldErrors.link}`)}
              </p>
            )}
          </div>
          <button type="submit" className="button" data-testid="join-link-submit" disabled={busy}>
            {t('join.linkSubmit')}
          </button>
        </form>
      </main>
    </div>
  );
}
