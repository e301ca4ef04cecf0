import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { foldVietnamese } from '#common/search/fold';
import type { MeetingDocument } from '#common/schemas/document';
import type { Meeting } from '#common/schemas/meeting';
import type { Participant } from '#common/schemas/participant';
import { type AuditRow, currentAuditHead } from '../audit/audit-log';
import type { ReadableDB } from '../db/database';
import { AnnotationExportError, writeAnnotatedPdf } from '../pdf/annotations/write-annotations';
import { attendanceLedgerCsv } from '../session/attendance-ledger-csv';
import { speakerHistory } from '../session/speaker-history';
import type { AttendanceStore } from '../store/attendance-store';
import type { DocumentStore } from '../store/document-store';
import type { MeetingStore } from '../store/meeting-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';
import type { UpdateLog } from '../yjs/update-log';
import { AUDIT_HEAD_PATH, AUDIT_LOG_PATH, auditLine } from './audit-chain-file';
import type { BagSource } from './bagit/bag-writer';
import { recordSetXml } from './ho-so-xml';
import { sharedAnnotations } from './shared-annotations';

/** What the parts read from: the room's stores, opened on one read transaction. */
export interface PackageSource {
  readonly db: ReadableDB;
  readonly meeting: Meeting;
  readonly documents: DocumentStore;
  readonly meetings: MeetingStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
  readonly votes: VoteStore;
  readonly updateLog: UpdateLog;
  /** Everyone who may own an annotation layer of the meeting: its participants and the room's staff. */
  readonly people: readonly Participant[];
  /** Where a blob's bytes are on disk. */
  readonly blobPath: (sha256: string) => string;
  /** The meeting's documents in record-set order, numbered from 1, with their folder names. */
  readonly numbered: readonly NumberedDocument[];
  /** The record set's file code (mã hồ sơ). */
  readonly fileCode: string;
  /** The time the package is made. */
  readonly at: Date;
  /** Notes for `bag-info.txt` (e.g. an annotated copy that could not be made). */
  readonly notes: string[];
}

export interface NumberedDocument {
  readonly number: number;
  readonly document: MeetingDocument;
  /** `<n>-<slug>`, the document's folder under `data/documents/`. */
  readonly folder: string;
}

/** One file of the payload, relative to `data/`. */
export interface PayloadFile {
  readonly path: string;
  readonly source: BagSource;
}

/**
 * A part of the package: what it holds, and the files it yields (lazily, one at a time, so a
 * document is read only while it is written into the zip).
 */
export interface PayloadPart {
  /** Folder or file names under `data/` this part writes. */
  readonly layout: string;
  files(src: PackageSource): AsyncIterable<PayloadFile>;
}

/** "Tờ trình về dự toán" → "to-trinh-ve-du-toan": a folder name any file system and `sha256sum` accept. */
export function slug(title: string): string {
  const s = foldVietnamese(title.normalize('NFC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'tai-lieu';
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The minutes (biên bản): `data/minutes/bien-ban.pdf` (PDF/A), `bien-ban.docx` and
 * `bien-ban.json`, once the minutes editor and their finalisation exist (a later part of issue
 * 17). Until then this part yields nothing and `bag-info.txt` says the minutes are not included.
 */
const minutes: PayloadPart = {
  layout: 'minutes/',
  async *files() {},
};

/** Every version of every document, as stored: `documents/<n>-<slug>/v<k>.pdf`. */
const documentVersions: PayloadPart = {
  layout: 'documents/<n>-<slug>/v<k>.pdf',
  async *files(src) {
    for (const { document, folder } of src.numbered) {
      for (const v of src.documents.versions(document.id)) {
        yield {
          path: `documents/${folder}/v${v.version}.pdf`,
          source: createReadStream(src.blobPath(v.sha256)),
        };
      }
    }
  },
};

/**
 * The current version of each document with every shared annotation written in as real PDF
 * annotations: `annotated/<n>-<slug>.pdf`; none for a document without shared annotations.
 * pdf-lib holds one document at a time in memory while it writes.
 */
const annotated: PayloadPart = {
  layout: 'annotated/<n>-<slug>.pdf',
  async *files(src) {
    for (const { document, folder } of src.numbered) {
      const annotations = sharedAnnotations(src.updateLog, document.id, src.people);
      if (annotations.length === 0) continue;
      let bytes: Uint8Array;
      try {
        const source = await readFile(src.blobPath(document.sha256));
        bytes = (await writeAnnotatedPdf(source, annotations, src.at)).bytes;
      } catch (err) {
        if (!(err instanceof AnnotationExportError)) throw err;
        src.notes.push(`No annotated copy of document ${folder}: ${err.message}`);
        continue;
      }
      yield { path: `annotated/${folder}.pdf`, source: bytes };
    }
  },
};

/** Read receipts, attendance ledger (CSV and JSON), speakers and votes: `records/`. */
const records: PayloadPart = {
  layout: 'records/',
  async *files(src) {
    const names = new Map(src.people.map((p) => [p.id, p.name]));
    yield {
      path: 'records/read-receipts.json',
      source: json({
        documents: src.numbered.map(({ number, document }) => ({
          number,
          documentId: document.id,
          title: document.title,
          receipts: [...src.documents.receipts.forDocument(document.id)].map(([participantId, receipts]) => ({
            participantId,
            name: names.get(participantId) ?? null,
            receipts,
          })),
        })),
      }),
    };
    const ledger = src.attendance.ledger(src.meeting.id);
    yield {
      path: 'records/attendance-ledger.csv',
      source: attendanceLedgerCsv(ledger, src.meeting.timeZone),
    };
    yield {
      path: 'records/attendance-ledger.json',
      source: json({
        timeZone: src.meeting.timeZone,
        events: ledger,
        final: src.attendance.list(src.meeting.id),
      }),
    };
    yield {
      path: 'records/speakers.json',
      source: json(
        speakerHistory(src.meetings.agenda(src.meeting.id), src.speakers.speeches(src.meeting.id)),
      ),
    };
    yield {
      path: 'records/votes.json',
      source: json({ votes: src.votes.list(src.meeting.id).map((v) => voteRecord(src, v.id, names)) }),
    };
  },
};

/**
 * One vote as the archive keeps it: the vote, and once closed its tally record. An open or named
 * vote's ballots carry who chose what; a secret vote carries its receipts and choices only (the
 * tally record's `receipts`), never who voted — the two are not joined anywhere in the room.
 */
function voteRecord(src: PackageSource, voteId: string, names: ReadonlyMap<string, string>) {
  const vote = src.votes.get(voteId);
  const record = vote.status === 'closed' ? src.votes.record(voteId) : null;
  const ballots =
    vote.status === 'closed' && vote.secrecy !== 'secret'
      ? [...src.votes.openChoices(voteId)].map(([memberId, optionId]) => ({
          memberId,
          name: names.get(memberId) ?? null,
          optionId,
        }))
      : [];
  return { vote, record, ballots };
}

/** The whole audit chain up to the head of this export (see audit-chain-file.ts), and that head. */
const audit: PayloadPart = {
  layout: 'audit/',
  async *files(src) {
    const head = currentAuditHead(src.db);
    const rows = src.db
      .prepare('SELECT * FROM audit_log WHERE seq <= ? ORDER BY seq')
      .iterate(head.seq) as IterableIterator<AuditRow>;
    async function* lines() {
      const encoder = new TextEncoder();
      let batch = '';
      for (const row of rows) {
        batch += auditLine(row, src.meeting.id);
        if (batch.length >= 64 * 1024) {
          yield encoder.encode(batch);
          batch = '';
        }
      }
      if (batch) yield encoder.encode(batch);
    }
    yield { path: AUDIT_LOG_PATH, source: lines() };
    yield { path: AUDIT_HEAD_PATH, source: json(head) };
  },
};

/** The record-set metadata of Decree 30/2020 Appendix VI: `metadata/ho-so.xml`. */
const metadata: PayloadPart = {
  layout: 'metadata/ho-so.xml',
  async *files(src) {
    yield {
      path: 'metadata/ho-so.xml',
      source: recordSetXml({
        fileCode: src.fileCode,
        title: src.meeting.title,
        startsAt: src.meeting.startsAt,
        endsAt: src.meeting.endsAt,
        timeZone: src.meeting.timeZone,
        documents: src.numbered.map(({ number, document, folder }) => ({
          number,
          date: document.updatedAt,
          issuer: src.meeting.body,
          subject: document.title,
          kind: document.kind,
          classification: document.classification,
          pages: document.pageCount,
          file: `data/documents/${folder}/v${document.version}.pdf`,
        })),
      }),
    };
  },
};

/** The parts of a meeting package, in the order they go into the zip. */
export const MEETING_PAYLOAD_PARTS: readonly PayloadPart[] = [
  minutes,
  documentVersions,
  annotated,
  records,
  audit,
  metadata,
];
