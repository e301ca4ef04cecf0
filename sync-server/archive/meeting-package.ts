import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { MeetingDocument } from '#common/schemas/document';
import type { AgendaItem } from '#common/schemas/meeting';
import { currentAuditHead } from '../audit/audit-log';
import type { WritableDB } from '../db/database';
import { AttendanceStore } from '../store/attendance-store';
import { DocumentStore } from '../store/document-store';
import { MeetingStore } from '../store/meeting-store';
import { ParticipantStore } from '../store/participant-store';
import { SpeakerStore } from '../store/speaker-store';
import { VoteStore } from '../store/vote-store';
import { UpdateLog } from '../yjs/update-log';
import { type BagInfoField, type BagSource, type BagSummary, BagWriter } from './bagit/bag-writer';
import { packageMinutesModel } from './package-minutes';
import {
  MEETING_PAYLOAD_PARTS,
  type NumberedDocument,
  type PackageSource,
  type PayloadPart,
  recordSetDocuments,
  slug,
} from './payload-parts';

export interface MeetingPackageOptions {
  readonly db: WritableDB;
  /** Where a blob's bytes are on disk (`BlobStore.pathOf`). */
  readonly blobPath: (sha256: string) => string;
  readonly meetingId: string;
  /** The zip to write; written beside it under a temporary name and renamed when complete. */
  readonly outPath: string;
  /** The record set's file code (mã hồ sơ); defaults to `HOP.<year>.<first 8 of the meeting id>`. */
  readonly fileCode?: string;
  readonly at?: Date;
  /** The parts to write; the meeting package's own by default (tests pass fewer). */
  readonly parts?: readonly PayloadPart[];
  /** Called as payload bytes go into the zip (the archive screen's progress bar). */
  readonly onProgress?: (done: PackageProgress) => void;
}

/** Payload files completed and payload bytes written so far. */
export interface PackageProgress {
  readonly files: number;
  readonly bytes: number;
}

export interface MeetingPackageSummary extends BagSummary {
  readonly bagName: string;
  readonly documents: number;
  readonly auditHead: { seq: number; hash: string };
  readonly notes: readonly string[];
}

/** The software named in `Bag-Software-Agent`. */
const AGENT = 'Paperless Room (phòng họp không giấy) archive exporter';

/** A payload source that adds each chunk's length to `progress` as the writer takes it. */
async function* counted(
  source: BagSource,
  progress: { files: number; bytes: number; report: ((done: PackageProgress) => void) | undefined },
): AsyncIterable<Uint8Array> {
  const whole =
    typeof source === 'string'
      ? new TextEncoder().encode(source.normalize('NFC'))
      : source instanceof Uint8Array
        ? source
        : null;
  // Whole sources in slices, as the writer would cut them, so a large annotated copy still streams.
  const chunks = whole ? slices(whole) : source;
  for await (const chunk of chunks as AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    progress.bytes += chunk.length;
    progress.report?.(progress);
    yield chunk;
  }
}

function* slices(bytes: Uint8Array): Iterable<Uint8Array> {
  const size = 256 * 1024;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Agenda items depth-first, parents before their children: the order the record set lists documents in. */
function agendaIndex(items: readonly AgendaItem[]): Map<string, number> {
  const children = new Map<string | null, AgendaItem[]>();
  for (const item of items) children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
  const index = new Map<string, number>();
  const visit = (parent: string | null) => {
    for (const item of [...(children.get(parent) ?? [])].sort((a, b) => a.position - b.position)) {
      index.set(item.id, index.size);
      visit(item.id);
    }
  };
  visit(null);
  return index;
}

/** Documents numbered from 1: those of no agenda item first, then by agenda order and position. */
function numberDocuments(
  documents: readonly MeetingDocument[],
  agenda: readonly AgendaItem[],
): NumberedDocument[] {
  const index = agendaIndex(agenda);
  const at = (d: MeetingDocument) =>
    d.agendaItemId === null ? -1 : (index.get(d.agendaItemId) ?? index.size);
  return [...documents]
    .sort((a, b) => at(a) - at(b) || a.position - b.position)
    .map((document, i) => ({ number: i + 1, document, folder: `${i + 1}-${slug(document.title)}` }));
}

/**
 * Writes one meeting's archive package: a BagIt zip streamed to disk (see bagit/bag-writer.ts)
 * holding the parts of {@link MEETING_PAYLOAD_PARTS}. Everything is read inside one read
 * transaction, so the documents, records and audit chain are one consistent moment of the room,
 * and the audit head stated in `bag-info.txt` covers exactly what the package holds.
 */
export async function writeMeetingPackage(opts: MeetingPackageOptions): Promise<MeetingPackageSummary> {
  const { db } = opts;
  const at = opts.at ?? new Date();
  const tmpPath = `${opts.outPath}.part-${process.pid}`;
  db.exec('BEGIN');
  try {
    const meetings = new MeetingStore(db);
    const meeting = meetings.get(opts.meetingId);
    const documents = new DocumentStore(db);
    const participants = new ParticipantStore(db);
    const numbered = numberDocuments(documents.inMeeting(meeting.id), meetings.agenda(meeting.id));
    const updateLog = new UpdateLog(db);
    const src: PackageSource = {
      db,
      meeting,
      documents,
      meetings,
      attendance: new AttendanceStore(db),
      speakers: new SpeakerStore(db),
      votes: new VoteStore(db),
      updateLog,
      people: [...participants.listForMeeting(meeting.id), ...participants.listStaff()],
      blobPath: opts.blobPath,
      numbered,
      fileCode: opts.fileCode ?? `HOP.${meeting.startsAt.slice(0, 4)}.${meeting.id.slice(0, 8)}`,
      at,
      notes: [],
      minutes: { model: packageMinutesModel(db, updateLog, meeting.id, at), pages: null },
    };
    const auditHead = currentAuditHead(db);
    const bagName = `meeting-${meeting.id}`;
    const writer = new BagWriter(createWriteStream(tmpPath, { mode: 0o600 }), { bagName, baggingDate: at });
    let summary: BagSummary;
    const progress = { files: 0, bytes: 0, report: opts.onProgress };
    try {
      await writer.start();
      for (const part of opts.parts ?? MEETING_PAYLOAD_PARTS) {
        for await (const file of part.files(src)) {
          await writer.addPayload(file.path, opts.onProgress ? counted(file.source, progress) : file.source);
          progress.files++;
          opts.onProgress?.(progress);
        }
      }
      // The record set's totals, as ho-so.xml states them (the minutes included once written).
      const recordSet = recordSetDocuments(src);
      const pages = recordSet.reduce((sum, d) => sum + d.pages, 0);
      const minutes = src.minutes.model;
      const info: BagInfoField[] = [
        ['Source-Organization', meeting.body || '(không ghi / not stated)'],
        ['External-Identifier', meeting.id],
        ['External-Description', meeting.title],
        ['Internal-Sender-Identifier', src.fileCode],
        ['Bag-Software-Agent', AGENT],
        ['Meeting-Title', meeting.title],
        ['Meeting-Type', meeting.type],
        ['Meeting-Place', meeting.place],
        ['Meeting-Starts-At', meeting.startsAt],
        ['Meeting-Ends-At', meeting.endsAt],
        ['Meeting-Time-Zone', meeting.timeZone],
        ['Meeting-Status', meeting.status],
        ['Document-Count', String(recordSet.length)],
        ['Page-Count', String(pages)],
        ['Minutes-State', minutes.state],
        ...(minutes.registerNumber
          ? [['Minutes-Register-Number', minutes.registerNumber] as BagInfoField]
          : []),
        ...(minutes.sha256 ? [['Minutes-SHA-256', minutes.sha256] as BagInfoField] : []),
        ['Audit-Chain-Head', `${auditHead.seq} ${auditHead.hash}`],
        ...(minutes.state === 'draft'
          ? [
              [
                'Export-Note',
                'The minutes are a draft, not finalised by the chair: their files are marked BẢN NHÁP / DRAFT.',
              ] as BagInfoField,
            ]
          : []),
        ...src.notes.map((note): BagInfoField => ['Export-Note', note]),
      ];
      summary = await writer.finish(info);
    } catch (err) {
      writer.abort();
      throw err;
    }
    await rename(tmpPath, opts.outPath);
    return { ...summary, bagName, documents: numbered.length, auditHead, notes: src.notes };
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  } finally {
    db.exec('COMMIT');
  }
}
