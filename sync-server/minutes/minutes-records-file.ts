import {
  MINUTES_RECORDS_FORMAT,
  type MeetingRecords,
  type MinutesRecords,
} from '#common/schemas/minutes-records';
import type { MinutesExportModel } from '#common/schemas/minutes-export';

/**
 * The minutes' JSON export: the minutes as every export shows them (the export model: state,
 * number, hash, the text as blocks with their recorded figures, addenda) beside the records
 * they come from. Served as `minutes.json` and written into the archive package as
 * `minutes/bien-ban.json`; the shape is `MinutesRecordsSchema`.
 */
export function minutesRecordsFile(
  model: MinutesExportModel,
  records: MeetingRecords,
  at: Date,
): MinutesRecords {
  return { format: MINUTES_RECORDS_FORMAT, exportedAt: at.toISOString(), minutes: model, records };
}

/** The file's text: indented, ending with a newline (a file an archivist can read and diff). */
export function minutesRecordsJson(file: MinutesRecords): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
