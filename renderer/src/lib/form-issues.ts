/**
 * Forms check what the user typed with the same zod schemas the room server checks requests
 * with (`#common/schemas/*`), so no limit is written twice. This module turns each zod issue
 * — too long (with its maximum), missing, not a number, not a date, not one of the options,
 * "nothing to change" — into a message in the user's language, keyed by the field it is about,
 * and does the same for the issues of a `validation_failed` the server (or the API client)
 * reported. It also reads the limits of a field's schema for `maxLength`/`min`/`max`
 * attributes, which are then a typing aid derived from the schema, never a second rule.
 *
 * DOM-free and React-free: messages are descriptors ({@link IssueMessage}) translated when
 * shown, so a language switch re-translates what is already on screen.
 */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { ApiIssue } from './api';

/** The kinds of problem a form can show; translated under `form.issue.<kind>`. */
export const ISSUE_KINDS = [
  'required',
  'tooLong',
  'tooShort',
  'tooBig',
  'tooSmall',
  'tooMany',
  'tooFew',
  'notNumber',
  'notInteger',
  'datetime',
  'format',
  'choice',
  'nothingToChange',
  'invalid',
  'server',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

/** One field's problem, as a kind and the values its message needs (a limit, the server's words). */
export interface IssueMessage {
  readonly kind: IssueKind;
  readonly values?: Readonly<Record<string, string | number>>;
}

/**
 * Problems by field path, as the schema names the fields (`title`, `leadTimeWorkingDays`,
 * `groups.3`); the empty path is the form as a whole ("nothing to change").
 */
export type FieldIssues = Readonly<Record<string, IssueMessage>>;

/** The message kind for one zod issue, with the limit it names. */
export function messageForIssue(issue: z.core.$ZodIssue): IssueMessage {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { kind: 'notInteger' };
      if (issue.input === undefined || issue.input === null) return { kind: 'required' };
      if (issue.expected === 'number') return { kind: 'notNumber' };
      return { kind: 'invalid' };
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string')
        return { kind: 'tooLong', values: { count: issue.inclusive ? maximum : maximum - 1 } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { kind: 'tooMany', values: { count: issue.inclusive ? maximum : maximum - 1 } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { kind: 'tooBig', values: { maximum } };
      return { kind: 'invalid' };
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      const least = issue.inclusive ? minimum : minimum + 1;
      if (issue.origin === 'string')
        return least <= 1 ? { kind: 'required' } : { kind: 'tooShort', values: { count: least } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { kind: 'tooFew', values: { count: least } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { kind: 'tooSmall', values: { minimum } };
      return { kind: 'invalid' };
    }
    case 'invalid_format':
      return issue.format === 'datetime' || issue.format === 'date' || issue.format === 'time'
        ? { kind: 'datetime' }
        : { kind: 'format' };
    case 'invalid_value':
      return { kind: 'choice' };
    case 'custom':
      // The update schemas refuse an empty patch with this message (see `#common/schemas`).
      return issue.message === 'nothing to change' ? { kind: 'nothingToChange' } : { kind: 'invalid' };
    default:
      return { kind: 'invalid' };
  }
}

/** A zod issue path as one string: `["groups", 3]` → `groups.3`; the whole value → ``. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Checks `value` with `schema` and returns the first problem of each field (none when the
 * value would be accepted). The schema is the request's own, so what passes here passes the
 * API client's check and the server's.
 */
export function issuesFor(schema: z.ZodType, value: unknown): FieldIssues {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return {};
  const issues: Record<string, IssueMessage> = {};
  for (const issue of result.error.issues) {
    const path = issuePath(issue.path);
    issues[path] ??= messageForIssue(issue);
  }
  return issues;
}

/**
 * The issues of a failed request, by field: those this device found keep their exact kind
 * (the API client keeps the zod issue); the server's are shown with its own words.
 */
export function issuesFromApi(issues: readonly ApiIssue[]): FieldIssues {
  const fields: Record<string, IssueMessage> = {};
  for (const issue of issues) {
    fields[issue.path] ??= issue.issue
      ? messageForIssue(issue.issue)
      : { kind: 'server', values: { message: issue.message } };
  }
  return fields;
}

/** True when there is at least one problem. */
export function hasIssues(issues: FieldIssues): boolean {
  return Object.keys(issues).length > 0;
}

/** The message in the current language. */
export function translateIssue(message: IssueMessage, t: TFunction): string {
  return t(`form.issue.${message.kind}`, { ...message.values });
}

/**
 * The ARIA attributes of a field with (or without) a problem: marked invalid, and described
 * by the problem's message (`errorId`, see `FieldError`) and any hint.
 */
export function fieldAria(
  issue: IssueMessage | undefined,
  errorId: string,
  hintId?: string,
): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  const describedBy = [issue ? errorId : null, hintId ?? null].filter(Boolean).join(' ');
  return { 'aria-invalid': issue ? true : undefined, 'aria-describedby': describedBy || undefined };
}

/** The schema inside optional, nullable and default wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}

/** The most characters a string field's schema accepts, for an input's `maxLength`. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const inner = unwrapped(schema);
  return inner instanceof z.ZodString ? (inner.maxLength ?? undefined) : undefined;
}

/** The bounds a number field's schema accepts, for an input's `min` and `max`. */
export function rangeOf(schema: z.ZodType): { min?: number; max?: number } {
  const inner = unwrapped(schema);
  if (!(inner instanceof z.ZodNumber)) return {};
  const range: { min?: number; max?: number } = {};
  if (inner.minValue !== null && Number.isFinite(inner.minValue)) range.min = inner.minValue;
  if (inner.maxValue !== null && Number.isFinite(inner.maxValue)) range.max = inner.maxValue;
  return range;
}

/**
 * A number input's text as a request value: empty is NaN (refused by the schema: not a number),
 * anything else is `Number(text)` (a fraction is refused as not whole, by the schema).
 */
export function numberFromInput(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
