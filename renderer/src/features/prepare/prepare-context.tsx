import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApiIssue,
  ApiRequestError,
  type ClientErrorCode,
  isUnauthenticated,
  type PrepareApi,
  type ReasonMessage,
} from '../../lib/api';
import { errorCodeOf, translateReason } from '../../lib/errors';
import { type FieldIssues, issuesFromApi, messageForIssue, translateIssue } from '../../lib/form-issues';

/** A failed call as the preparation screens show it. */
export interface Failure {
  code: ClientErrorCode;
  /**
   * The server's own explanation (English), shown under the translated message only when the
   * server gave no reason this client can word (an older server, an unforeseen error).
   */
  detail: string | null;
  /** Why, as the server said it in codes: shown in the user's language. */
  reason: ReasonMessage | null;
  /** Per-field or per-line problems (e.g. CSV lines). */
  issues: readonly ApiIssue[];
}

/**
 * The field-level problems of a failure, to show beside the fields they name (a form merges
 * them with its own check's; see lib/form-issues.ts). Empty without a failure.
 */
export function failureIssues(failure: Failure | null): FieldIssues {
  return failure ? issuesFromApi(failure.issues) : {};
}

/** What every preparation component needs: the client and one way to handle failures. */
export interface PrepareContextValue {
  prepareApi: PrepareApi;
  meetingId: string;
  /** The meeting's time zone: every time on these screens is shown on its clock. */
  timeZone: string;
  /** When the meeting ends: its join codes last until then. */
  endsAt: string;
  /** Changes when somebody opens a document of the meeting (live): "Đã đọc" lists reload. */
  readersRevision?: number | null;
  /**
   * Converts a caught error into a {@link Failure}; returns null when the session has ended
   * (the shell then goes back to the join screen, so there is nothing to show).
   */
  fail(error: unknown): Failure | null;
}

const PrepareContext = createContext<PrepareContextValue | null>(null);

/** Provides {@link PrepareContextValue} to the preparation screens. */
export function PrepareProvider({ value, children }: { value: PrepareContextValue; children: ReactNode }) {
  return <PrepareContext.Provider value={value}>{children}</PrepareContext.Provider>;
}

/** The preparation context; only valid inside {@link PrepareProvider}. */
export function usePrepare(): PrepareContextValue {
  const value = useContext(PrepareContext);
  if (value === null) throw new Error('usePrepare outside PrepareProvider');
  return value;
}

/** The server's message without the "METHOD /path: " prefix the client adds for logs. */
function serverDetail(error: ApiRequestError): string | null {
  if (error.status === null) return null;
  const detail = error.message.replace(/^[A-Z]+ \S+: /, '').trim();
  return detail === '' || /^HTTP \d+$/.test(detail) ? null : detail;
}

/** Builds a {@link Failure}, or null (after `onUnauthenticated`) when the session is gone. */
export function toFailure(error: unknown, onUnauthenticated: () => void): Failure | null {
  if (isUnauthenticated(error)) {
    onUnauthenticated();
    return null;
  }
  const code = errorCodeOf(error);
  if (error instanceof ApiRequestError) {
    return { code, detail: serverDetail(error), reason: error.reason, issues: error.issues };
  }
  return { code, detail: null, reason: null, issues: [] };
}

/** Translates "line 4" (the server's CSV issue path) into "Dòng 4" / "Line 4". */
export function useIssuePath(): (path: string) => string {
  const { t } = useTranslation();
  return (path) => {
    const trimmed = path.trim();
    const line = /^line\s+(\d+)$/i.exec(trimmed);
    if (line) return t('prepare.line', { line: Number(line[1]) });
    if (trimmed === 'file') return t('prepare.issueFile');
    if (trimmed === 'header') return t('prepare.issueHeader');
    return trimmed;
  };
}

/** Props of {@link FailureMessage}. */
export interface FailureMessageProps {
  failure: Failure;
  /** Replaces the generic translated message (e.g. a more specific one for uploads). */
  message?: string;
  /** `message` already says the failure's reason: do not repeat it below. */
  reasonInMessage?: boolean;
  testId?: string;
  /** Issues about these fields are shown beside the fields, so the alert does not repeat them. */
  fields?: readonly string[];
}

/** A failure as an alert: the translated message, the server's detail, and any issues. */
export function FailureMessage({
  failure,
  message,
  reasonInMessage = false,
  testId,
  fields = [],
}: FailureMessageProps) {
  const { t, i18n } = useTranslation();
  const issuePath = useIssuePath();
  const listed = failure.issues.filter((issue) => !fields.includes(issue.path));
  return (
    <div
      className="alert prepare-alert"
      role="alert"
      data-testid={testId}
      data-code={failure.code}
      data-reason={failure.reason?.reason}
    >
      <p>{message ?? t(`errors.${failure.code}`)}</p>
      {failure.reason && !reasonInMessage && (
        <p className="prepare-alert__detail">{translateReason(failure.reason, t, i18n.language)}</p>
      )}
      {!failure.reason && failure.detail && failure.issues.length === 0 && (
        <p className="prepare-alert__detail">
          {t('prepare.serverSays')} {failure.detail}
        </p>
      )}
      {listed.length > 0 && (
        <ul className="prepare-alert__issues">
          {listed.map((issue) => {
            // An issue this device found, or one the server gave a reason for, is translated;
            // a server's issue without a known reason (an older server) keeps its words.
            const text = issue.issue
              ? translateIssue(messageForIssue(issue.issue), t)
              : issue.reason
                ? translateReason(issue.reason, t, i18n.language)
                : issue.message;
            return (
              <li key={`${issue.path}:${issue.message}`} data-reason={issue.reason?.reason}>
                {issue.path !== '' && <strong>{issuePath(issue.path)}: </strong>}
                {text}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
