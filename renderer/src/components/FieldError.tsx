import { useTranslation } from 'react-i18next';
import { type IssueMessage, translateIssue } from '../lib/form-issues';

/** Props of {@link FieldError}. */
export interface FieldErrorProps {
  /** The element id the field's `aria-describedby` points at. */
  id: string;
  /** The field's problem; nothing is drawn without one. */
  issue: IssueMessage | undefined;
  testId?: string;
  className?: string;
}

/** A field's problem, in the current language, under the field (see lib/form-issues.ts). */
export function FieldError({ id, issue, testId, className }: FieldErrorProps) {
  const { t } = useTranslation();
  if (!issue) return null;
  return (
    <p
      id={id}
      className={className ? `field__error ${className}` : 'field__error'}
      data-testid={testId}
      data-issue={issue.kind}
    >
      {translateIssue(issue, t)}
    </p>
  );
}
