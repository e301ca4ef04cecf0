import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PDFDocument } from '@cantoo/pdf-lib';
import { foldVietnamese } from '#common/search/fold';
import type { MeetingDocument } from '#common/schemas/document';
import type { Meeting } from '#common/schemas/meeting';
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import type { Participant } from '#common/schemas/participant';
import { type AuditRow, currentAuditHead } from '../audit/audit-log';
import type { ReadableDB } from '../db/database';
import { AnnotationExportError, writeAnnotatedPdf } from '../pdf/annotations/write-annotations';
import { minutesDocx } from '../minutes/docx/minutes-docx';
import { meetingRecords } from '../minutes/meeting-records';
import { minutesRecordsFile, minutesRecordsJson } from '../minutes/minutes-records-file';
import { renderMinutesPdf } from '../pdf/minutes/minutes-pdf';
import { attendanceLedgerCsv } from '../session/attendance-ledger-csv';
import type { AttendanceStore } from '../store/attendance-store';
import type { DocumentStore } from '../store/document-store';
import type { MeetingStore } from '../store/meeting-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';
import type { UpdateLog } from '../yjs/update-log';
import { AUDIT_HEAD_PATH, AUDIT_LOG_PATH, auditLine } from './audit-chain-file';
import type { BagSource } from './bagit/bag-writer';
import { type RecordSetDocument, recordSetXml } from './ho-so-xml';
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
  /** The minutes (final, or the draft as it stands) and, once their PDF/A is written, its page count. */
  readonly minutes: PackageMinutes;
}

export interface PackageMinutes {
  readonly model: MinutesExportModel;
  /** Set by the minutes part; the record-set metadata counts these pages. */
  pages: number | null;
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

/** The minutes' files in the package, relative to `data/`. */
export const MINUTES_FILES = {
  pdfa: 'minutes/bien-ban.pdf',
  docx: 'minutes/bien-ban.docx',
  json: 'minutes/bien-ban.json',
} as const;

/**
 * The minutes (biên bản): `minutes/bien-ban.pdf` (archival PDF/A-2b, Decree 30 form 1.9),
 * `bien-ban.docx` (the same parts, for an office suite) and `bien-ban.json` (the minutes as data
 * with the attendance, speakers and votes they were made from). A draft is written marked as
 * one (see package-minutes.ts). A missing font fails the export: never a PDF with boxes.
 */
const minutes: PayloadPart = {
  layout: 'minutes/bien-ban.{pdf,docx,json}',
  async *files(src) {
    const { model } = src.minutes;
    const pdf = await renderMinutesPdf(model, { pdfa: true });
    src.minutes.pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    yield { path: MINUTES_FILES.pdfa, source: pdf };
    yield { path: MINUTES_FILES.docx, source: await minutesDocx(model) };
    const records = meetingRecords(src, src.meeting, peopleNames(src));
    yield {
      path: MINUTES_FILES.json,
      source: minutesRecordsJson(minutesRecordsFile(model, records, src.at)),
    };
  },
};

const peopleNames = (src: PackageSource) => new Map(src.people.map((p) => [p.id, p.name]));

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
    const names = peopleNames(src);
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
    // The same records as the minutes' JSON (a secret vote as receipts and choices only).
    const all = meetingRecords(src, src.meeting, names);
    yield {
      path: 'records/attendance-ledger.csv',
      source: attendanceLedgerCsv(all.attendance.events, src.meeting.timeZone),
    };
    yield { path: 'records/attendance-ledger.json', source: json(all.attendance) };
    yield { path: 'records/speakers.json', source: json(all.speakers) };
    yield { path: 'records/votes.json', source: json(all.votes) };
  },
};

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

/**
 * The documents of the record set: the meeting's documents in their order, then the minutes
 * (once the minutes part has written them), with their register number as "số và ký hiệu".
 */
export function recordSetDocuments(src: PackageSource): RecordSetDocument[] {
  const documents: RecordSetDocument[] = src.numbered.map(({ number, document, folder }) => ({
    number,
    date: document.updatedAt,
    issuer: src.meeting.body,
    subject: document.title,
    kind: document.kind,
    classification: document.classification,
    pages: document.pageCount,
    file: `data/documents/${folder}/v${document.version}.pdf`,
  }));
  const { model, pages } = src.minutes;
  if (pages !== null) {
    const draft = model.state === 'draft';
    documents.push({
      number: documents.length + 1,
      registerNumber: model.registerNumber ?? '',
      date: model.finalisedAt ?? model.meeting.endedAt ?? model.meeting.startedAt,
      issuer: model.meeting.issuingBody || src.meeting.body,
      subject: `Biên bản ${model.meeting.title}${draft ? ' (bản nháp, chưa được chủ tọa thông qua)' : ''}`,
      kind: 'bien_ban',
      classification: model.meeting.classified ? 'mat' : 'thuong',
      pages,
      file: `data/${MINUTES_FILES.pdfa}`,
    });
  }
  return documents;
}

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
        documents: recordSetDocuments(src),
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
