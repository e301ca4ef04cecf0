import * as Y from 'yjs';
import { formatDocName } from '#common/protocol/doc-names';
import { MINUTES_FRAGMENT, type MinutesContent } from '#common/schemas/minutes';
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import type { ReadableDB } from '../db/database';
import { buildMinutesExportModel } from '../minutes/minutes-export-model';
import { readMinutesContent } from '../minutes/read-minutes-content';
import type { UpdateLog } from '../yjs/update-log';

/** The draft's text rebuilt offline from the update log of `meeting/<m>/minutes` (no hub needed). */
function draftFromLog(log: UpdateLog, meetingId: string): MinutesContent {
  const name = formatDocName({ kind: 'minutes', meetingId });
  if (log.storedSize(name).rows === 0) return { blocks: [] };
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of log.rows(name)) Y.applyUpdate(doc, update);
    });
    return readMinutesContent(doc.getXmlFragment(MINUTES_FRAGMENT));
  } finally {
    doc.destroy();
  }
}

/**
 * The minutes as the package holds them: the frozen text once the chair finalised them;
 * before that the draft as it stands, which every minutes file of the package then marks as a
 * draft (PDF watermark on every page, "BẢN NHÁP" in the DOCX, `state: "draft"` in the JSON,
 * `Minutes-State: draft` in bag-info.txt) rather than the export being refused: an archivist
 * may need the record of a meeting whose minutes were never finalised.
 */
export function packageMinutesModel(
  db: ReadableDB,
  log: UpdateLog,
  meetingId: string,
  at: Date,
): MinutesExportModel {
  const model = buildMinutesExportModel(db, meetingId, { now: at });
  if (model.state !== 'draft') return model;
  return buildMinutesExportModel(db, meetingId, { now: at, draftContent: draftFromLog(log, meetingId) });
}
