import * as Y from 'yjs';
import { formatDocName } from '#common/protocol/doc-names';
import {
  type Inline,
  MINUTES_FRAGMENT,
  type MinutesContent,
  MinutesContentSchema,
  type MinutesState,
  type RecordData,
} from '#common/schemas/minutes';
import type { ReadableDB } from '../db/database';
import { readMinutesContent } from '../minutes/read-minutes-content';
import type { UpdateLog } from '../yjs/update-log';

/** A meeting's minutes as the archive search reads them. */
export interface MinutesText {
  /** null: the room keeps no minutes state for the meeting (nothing was finalised; a draft may exist). */
  readonly state: MinutesState | null;
  /** The final text once finalised, else the draft's; '' when there is none. */
  readonly text: string;
  /** Changes whenever the text may have: what a cache of {@link text} is keyed by. */
  readonly key: string;
}

interface MinutesRow {
  state: MinutesState;
  final_json: string | null;
  sha256: string | null;
}

function hasMinutesTable(db: ReadableDB): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'minutes'").get() !== undefined
  );
}

/** The minutes state of a meeting (null: none recorded); for the archivist's table. */
export function minutesStateOf(db: ReadableDB, meetingId: string): MinutesState | null {
  if (!hasMinutesTable(db)) return null;
  const row = db.prepare('SELECT state FROM minutes WHERE meeting_id = ?').get(meetingId) as
    | { state: MinutesState }
    | undefined;
  return row?.state ?? null;
}

/**
 * Reads the minutes a search should see: the frozen final text (`minutes.final_json`) once the
 * chair has finalised them, otherwise the draft rebuilt from the update log of
 * `meeting/<m>/minutes` in a fresh Y.Doc (read offline, like the package's shared annotations).
 * `cached` is returned as is when its key still holds, so an unchanged draft is not rebuilt.
 */
export function minutesTextOf(
  db: ReadableDB,
  log: UpdateLog,
  meetingId: string,
  cached?: MinutesText,
): MinutesText {
  const row = hasMinutesTable(db)
    ? (db.prepare('SELECT state, final_json, sha256 FROM minutes WHERE meeting_id = ?').get(meetingId) as
        | MinutesRow
        | undefined)
    : undefined;
  if (row && row.state !== 'draft' && row.final_json !== null) {
    const key = `final:${row.sha256 ?? ''}`;
    if (cached?.key === key) return cached;
    const parsed = MinutesContentSchema.safeParse(JSON.parse(row.final_json));
    return { state: row.state, text: parsed.success ? contentText(parsed.data) : '', key };
  }
  const name = formatDocName({ kind: 'minutes', meetingId });
  const size = log.storedSize(name);
  const key = `draft:${size.rows}:${size.bytes}`;
  if (cached?.key === key) return cached;
  if (size.rows === 0) return { state: row?.state ?? null, text: '', key };
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of log.rows(name)) Y.applyUpdate(doc, update);
    });
    return {
      state: row?.state ?? null,
      text: contentText(readMinutesContent(doc.getXmlFragment(MINUTES_FRAGMENT))),
      key,
    };
  } finally {
    doc.destroy();
  }
}

const inline = (content: readonly Inline[]) => content.map((i) => i.text).join('');

/**
 * The minutes as plain text, one block a line: what the phrase rules search. A record block
 * reads as its figures' words (the vote's title and recorded result sentence, the speakers'
 * names), so "tán thành" finds the vote that recorded it.
 */
export function contentText(content: MinutesContent): string {
  const lines: string[] = [];
  for (const block of content.blocks) {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        lines.push(inline(block.content));
        break;
      case 'list':
        for (const item of block.items) lines.push(inline(item));
        break;
      case 'record':
        lines.push(recordText(block.record));
        break;
    }
  }
  return lines.join('\n');
}

function recordText(record: RecordData): string {
  switch (record.kind) {
    case 'vote':
      return [
        record.title,
        ...record.options.map((o) => `${o.label}: ${o.count}`),
        record.resultText,
        ...(record.named ?? []).map((n) => `${n.name}: ${n.choice}`),
      ].join('\n');
    case 'speakers':
      return [record.itemTitle, ...record.speakers.map((s) => s.name)].join('\n');
    case 'attendance':
      return [
        `Có mặt ${record.present}/${record.members}`,
        ...record.absent.map((a) => [a.name, a.reason ?? ''].join(' ').trim()),
        ...record.late.map((l) => l.name),
        ...record.leftEarly.map((l) => l.name),
        ...record.proxies.map((p) => `${p.member} ${p.holder}`),
      ].join('\n');
  }
}
