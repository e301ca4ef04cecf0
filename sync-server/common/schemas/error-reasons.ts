import { z } from 'zod';
import type { PublishWarning } from './meeting';

/**
 * Why a request failed, more precisely than its error code, with the values a message needs.
 * The room server never words a message for people: it sends `{ code, reason, params }` and
 * the client says it in the user's language (`reasons.<reason>` in the renderer's i18n files).
 * The English `message` beside them is for logs and for clients older than the reason.
 *
 * Each reason lists its parameters and how the client shows each one; a unit test walks this
 * table and fails when a reason has no translation in a UI language, or when a translation's
 * `{{placeholders}}` are not exactly the parameters listed here.
 */

/**
 * How the client shows a parameter: `number` in the language's number format, `bytes` as a
 * size ("10 MB"), `ms` as a duration in seconds, `text` as sent (a file name, a cell's text),
 * `contentKind` and `csvField` as the translation of one of {@link CONTENT_KINDS} / {@link CSV_FIELDS}.
 */
export type ReasonParamKind = 'number' | 'bytes' | 'ms' | 'text' | 'contentKind' | 'csvField';

/** What a file that is not what its name says looks like, from its first bytes; `unknown` when nothing we know. */
export const CONTENT_KINDS = [
  'png',
  'jpeg',
  'gif',
  'webp',
  'tiff',
  'bmp',
  'zip',
  'ole2',
  'rtf',
  'gzip',
  'rar',
  '7z',
  'djvu',
  'elf',
  'exe',
  'html',
  'xml',
  'text',
  'unknown',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** The columns of a participant CSV (the client shows each with its Vietnamese header). */
export const CSV_FIELDS = ['name', 'position', 'unit', 'role', 'group'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Every reason the room server sends, with its parameters. Add here, then translate (vi and en). */
export const ERROR_REASONS = {
  // Uploads (invalid_document, unsupported_media_type, payload_too_large).
  file_empty: {},
  not_pdf: { contentKind: 'contentKind' },
  pdf_password: {},
  pdf_damaged: {},
  pdf_stream_too_large: { limitBytes: 'bytes' },
  pdf_streams_too_large: { limitBytes: 'bytes', ratio: 'number' },
  pdf_too_complex: {},
  pdf_read_timeout: { limitMs: 'ms' },
  not_office: { extension: 'text', contentKind: 'contentKind' },
  office_unavailable: {},
  unsupported_type: { extension: 'text' },
  no_extension: {},
  file_too_large: { limitBytes: 'bytes' },
  office_links_web: { target: 'text' },
  office_links_file: { target: 'text' },
  office_conversion_failed: {},
  office_conversion_timeout: { limitMs: 'ms' },
  encrypted_no_export: {},
  reader_copy_encrypted: {},
  reader_copy_failed: {},
  upload_interrupted: {},
  already_current_version: {},
  // The room server's disk (insufficient_storage).
  disk_full: {},
  disk_space_low: { availableBytes: 'bytes' },
  disk_reserve: { availableBytes: 'bytes', reserveBytes: 'bytes' },
  // Participant CSV import: the file as a whole, its header row, and each participant line.
  csv_body_missing: {},
  csv_utf16: {},
  csv_xlsx: {},
  csv_windows_1258: { line: 'number' },
  csv_windows_1258_preview: { line: 'number', preview: 'text' },
  csv_ansi: { line: 'number' },
  csv_empty: {},
  csv_too_many_rows: { maxRows: 'number' },
  csv_no_rows: {},
  csv_quote_not_closed: {},
  csv_invalid: {},
  csv_duplicate_column: { field: 'csvField', first: 'number', second: 'number' },
  csv_missing_column: { field: 'csvField', found: 'text' },
  csv_unknown_columns: { columns: 'text' },
  csv_no_header: {},
  csv_too_many_cells: { cells: 'number', columns: 'number', where: 'text' },
  csv_stray_text: { where: 'text' },
  csv_role_empty: {},
  csv_role_unknown: { value: 'text' },
  csv_question_marks: { field: 'csvField', value: 'text' },
  csv_field_empty: { field: 'csvField' },
  csv_field_too_long: { field: 'csvField', length: 'number', maximum: 'number' },
  csv_field_invalid: { field: 'csvField' },
  // Join codes (invalid_code).
  code_unknown: {},
  code_used: {},
  code_expired: {},
  // Other refusals.
  remove_self: {},
  blobs_in_use: {},
  // Votes and ballots (conflict, forbidden, validation_failed).
  vote_chair_only: {},
  vote_not_draft: {},
  vote_not_open: {},
  vote_not_closed: {},
  vote_already_open: {},
  vote_no_quorum: { present: 'number', required: 'number' },
  ballot_not_eligible: {},
  ballot_already_cast: {},
  ballot_unknown_option: { optionId: 'text' },
  ballot_secret_with_voter: {},
  ballot_token_missing: {},
  ballot_token_unexpected: {},
  ballot_token_used: {},
  ballot_replaces_unknown: {},
  ballot_key_reused: {},
  // The session: its state and current item (conflict), who may run it (forbidden).
  session_not_started: {},
  session_already_started: {},
  session_ended: {},
  session_paused: {},
  session_not_paused: {},
  session_meeting_draft: {},
  item_not_in_meeting: {},
  no_current_item: {},
  chair_only: {},
  // Attendance and proxies.
  attendance_keepers_only: {},
  not_yourself: {},
  attendance_staff: {},
  already_present: {},
  not_present: {},
  attendance_unchanged: {},
  excused_needs_reason: {},
  proxy_not_allowed: {},
  proxy_self: {},
  proxy_chain: {},
  proxy_holder_absent: {},
  proxy_not_member: {},
  proxy_member_present: {},
  proxy_unchanged: {},
  // Speakers.
  speaker_not_member: {},
  already_requested: {},
  not_your_request: {},
  speaker_not_queued: {},
  speaker_not_speaking: {},
  timer_already_paused: {},
  timer_not_paused: {},
  // Annotation export (forbidden, invalid_document) and read receipts (validation_failed).
  annotations_no_export: {},
  annotations_export_encrypted: {},
  annotations_export_failed: {},
  opened_unknown_version: { version: 'number' },
  // Follow the presenter (forbidden, validation_failed).
  presenter_only: {},
  presenter_not_member: {},
  presenter_page_out_of_range: { page: 'number', pageCount: 'number' },
  // Minutes (forbidden, conflict): who may write, finalise and publish, and a frozen text.
  minutes_secretary_only: {},
  minutes_chair_only: {},
  minutes_final: {},
  minutes_not_final: {},
  minutes_already_published: {},
  // Minutes exports and the conclusion notice (forbidden, conflict, internal).
  minutes_export_forbidden: {},
  notice_issuers_only: {},
  notice_issued: {},
  notice_not_drafted: {},
  pdf_font_missing: { file: 'text' },
  pdf_unsupported_characters: { chars: 'text' },
  // Archive exports (conflict).
  archive_export_running: {},
  archive_export_unavailable: {},
} as const satisfies Record<string, Readonly<Record<string, ReasonParamKind>>>;

export type ErrorReason = keyof typeof ERROR_REASONS;

/** The parameters of publish warnings (`PublishWarningSchema` codes), translated like reasons. */
export const PUBLISH_WARNING_PARAMS = {
  late_publication: { days: 'number', required: 'number' },
  no_documents: {},
  no_participants: {},
} as const satisfies Record<PublishWarning['code'], Readonly<Record<string, ReasonParamKind>>>;

type ParamValue<K extends ReasonParamKind> = K extends 'number' | 'bytes' | 'ms'
  ? number
  : K extends 'contentKind'
    ? ContentKind
    : K extends 'csvField'
      ? CsvField
      : string;

/** The parameters reason `R` is sent with, typed by the table. */
export type ReasonParams<R extends ErrorReason> = {
  -readonly [P in keyof (typeof ERROR_REASONS)[R]]: (typeof ERROR_REASONS)[R][P] extends ReasonParamKind
    ? ParamValue<(typeof ERROR_REASONS)[R][P]>
    : never;
};

/** Parameter values on the wire. */
export const ReasonParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ReasonParamValues = z.infer<typeof ReasonParamsSchema>;

/** A reason with its parameters, as errors and CSV issues carry it. */
export interface ReasonRef {
  readonly reason: ErrorReason;
  readonly params: ReasonParamValues;
}

/**
 * A reason and its parameters, checked against the table at compile time:
 * `because('file_too_large', { limitBytes })`; `because('pdf_password')`.
 */
export function because<R extends ErrorReason>(
  reason: R,
  ...params: keyof ReasonParams<R> extends never ? [] : [ReasonParams<R>]
): ReasonRef {
  return { reason, params: (params[0] ?? {}) as ReasonParamValues };
}

/**
 * Whether a reason and parameters received from a server are one this client knows, with every
 * parameter it lists present and of the right type. An unknown (newer) reason is not an error:
 * the client then says what the error code means, and the message stays for the log.
 */
export function isKnownReason(reason: string, params: ReasonParamValues): reason is ErrorReason {
  if (!Object.hasOwn(ERROR_REASONS, reason)) return false;
  const spec: Readonly<Record<string, ReasonParamKind>> = ERROR_REASONS[reason as ErrorReason];
  return Object.entries(spec).every(([name, kind]) => {
    const value = params[name];
    switch (kind) {
      case 'number':
      case 'bytes':
      case 'ms':
        return typeof value === 'number' && Number.isFinite(value);
      case 'contentKind':
        return typeof value === 'string' && (CONTENT_KINDS as readonly string[]).includes(value);
      case 'csvField':
        return typeof value === 'string' && (CSV_FIELDS as readonly string[]).includes(value);
      case 'text':
        return typeof value === 'string';
      default:
        return false;
    }
  });
}
