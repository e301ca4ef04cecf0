import type { TFunction } from 'i18next';
import {
  type ContentKind,
  type CsvField,
  ERROR_REASONS,
  PUBLISH_WARNING_PARAMS,
  type ReasonParamKind,
  type ReasonParamValues,
} from '#common/schemas/error-reasons';
import type { PublishWarning } from '#common/schemas/meeting';
import { ApiRequestError, type ClientErrorCode, type ReasonMessage } from './api';
import { numberFormat } from '#common/intl/formats';

/**
 * The translatable code of any error the UI catches. Errors that are not API errors are
 * programming mistakes or local validation; they still get a readable message ("internal")
 * and are logged with their detail, so nothing fails silently.
 */
export function errorCodeOf(error: unknown): ClientErrorCode {
  if (error instanceof ApiRequestError) {
    if (error.code === 'invalid_response' || error.code === 'internal') console.error(error);
    return error.code;
  }
  console.error(error);
  return 'internal';
}

/**
 * A size as the room server counts its limits (1 MB = 1024 × 1024 bytes, the way it writes
 * "200 MB"), in the language's number format: "10 MB", "1,5 MB", "512 KB".
 */
export function formatLimitBytes(bytes: number, language: string): string {
  const number = (value: number) => numberFormat(language, { maximumFractionDigits: 1 }).format(value);
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${number(gb)} GB`;
  const mb = bytes / 1024 ** 2;
  if (mb >= 1) return `${number(mb)} MB`;
  return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** A time limit in seconds, in the language: "120 giây", "120 seconds", "1.5 seconds". */
function formatSeconds(ms: number, language: string): string {
  return numberFormat(language, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(ms / 1000);
}

/**
 * The parameters of a reason (or publish warning) as its message shows them: numbers in the
 * language's format, sizes and durations with their units, content kinds and CSV columns
 * translated, text as sent. Parameters the table does not list are not passed on.
 */
export function formatReasonParams(
  spec: Readonly<Record<string, ReasonParamKind>>,
  params: ReasonParamValues,
  t: TFunction,
  language: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const value = params[name];
    if (value === undefined) continue;
    switch (kind) {
      case 'number':
        out[name] = numberFormat(language).format(Number(value));
        break;
      case 'bytes':
        out[name] = formatLimitBytes(Number(value), language);
        break;
      case 'ms':
        out[name] = formatSeconds(Number(value), language);
        break;
      case 'contentKind':
        out[name] = t(`reasonValues.contentKind.${value as ContentKind}`);
        break;
      case 'csvField':
        out[name] = t(`reasonValues.csvField.${value as CsvField}`);
        break;
      case 'text':
        out[name] = String(value);
        break;
      default:
        out[name] = String(value);
    }
  }
  return out;
}

/** A server's reason in the user's language, under `reasons.<reason>`. */
export function translateReason(message: ReasonMessage, t: TFunction, language: string): string {
  const spec: Readonly<Record<string, ReasonParamKind>> = ERROR_REASONS[message.reason];
  // The key is built from the shared table, so i18next cannot type its interpolation; the unit
  // test that walks the table checks every key and its placeholders in both languages instead.
  const key: string = `reasons.${message.reason}`;
  return t(key, { ...formatReasonParams(spec, message.params, t, language), defaultValue: key });
}

/**
 * A publish warning in the user's language, under `prepare.publish.warnings.<code>`. A warning
 * from an older server without parameters says what it can from `fallback` (the meeting's
 * lead time); a code this client does not know keeps the server's words.
 */
export function translatePublishWarning(
  warning: PublishWarning,
  t: TFunction,
  language: string,
  fallback: { readonly required: number },
): string {
  const code = warning.code;
  if (!Object.hasOwn(PUBLISH_WARNING_PARAMS, code)) return warning.message;
  const spec: Readonly<Record<string, ReasonParamKind>> = PUBLISH_WARNING_PARAMS[code];
  if (code === 'late_publication' && typeof warning.params?.days !== 'number') {
    return t('prepare.publish.warnings.lateUnknown', {
      required: numberFormat(language).format(fallback.required),
    });
  }
  const key: string = `prepare.publish.warnings.${code}`;
  return t(key, { ...formatReasonParams(spec, warning.params ?? {}, t, language), defaultValue: key });
}
