import { z } from 'zod';
import {
  AuditVerifyRequestSchema,
  AuditVerifyResponseSchema,
  CreateJoinCodeRequestSchema,
  DeviceEnvelopeSchema,
  DeviceListResponseSchema,
  DocumentDetailResponseSchema,
  DocumentEnvelopeSchema,
  HealthResponseSchema,
  JoinCodeResponseSchema,
  JoinRequestSchema,
  JoinResponseSchema,
  MeetingDetailResponseSchema,
  MeetingEnvelopeSchema,
  MeetingListResponseSchema,
  ParticipantEnvelopeSchema,
  ParticipantImportResponseSchema,
  ParticipantListResponseSchema,
  SessionInfoSchema,
  UploadResultSchema,
  AgendaEnvelopeSchema,
  AgendaItemEnvelopeSchema,
} from '../schemas/api';
import {
  ArchiveExportParamsSchema,
  ArchiveExportSchema,
  ArchiveMeetingListSchema,
  ArchiveSearchQuerySchema,
  ArchiveSearchResponseSchema,
  ArchiveVerifyResultSchema,
} from '../schemas/archive';
import {
  DocumentGrantsSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  Sha256Schema,
  UpdateDocumentRequestSchema,
  UploadDocumentQuerySchema,
  UploadVersionQuerySchema,
} from '../schemas/document';
import { IdSchema } from '../schemas/ids';
import {
  CreateAgendaItemRequestSchema,
  CreateMeetingRequestSchema,
  MoveAgendaItemRequestSchema,
  PublishResponseSchema,
  UpdateAgendaItemRequestSchema,
  UpdateMeetingRequestSchema,
} from '../schemas/meeting';
import {
  CreateParticipantRequestSchema,
  JoinSheetRequestSchema,
  MoveParticipantRequestSchema,
  ParticipantImportQuerySchema,
  UpdateParticipantRequestSchema,
} from '../schemas/participant';
import { SharedLayersResponseSchema } from '../schemas/annotation-sharing';
import {
  DocumentOpenedRequestSchema,
  DocumentOpenedResponseSchema,
  DocumentReadersResponseSchema,
} from '../schemas/read-receipt';
import type { Role } from '../schemas/roles';
import {
  AttendanceEntryEnvelopeSchema,
  AttendanceLedgerResponseSchema,
  AttendanceResponseSchema,
  ClockResponseSchema,
  GrantFloorRequestSchema,
  MarkAttendanceRequestSchema,
  MoveSpeakerRequestSchema,
  RequestFloorRequestSchema,
  SessionViewSchema,
  SetCurrentItemRequestSchema,
  SetProxyRequestSchema,
  SpeakerEnvelopeSchema,
  SpeakerHistoryResponseSchema,
  SpeakerListResponseSchema,
  SpeakersQuerySchema,
  UpdateSessionRulesRequestSchema,
} from '../schemas/session';
import {
  BallotOutcomeSchema,
  BallotStatusQuerySchema,
  BallotStatusResponseSchema,
  CastBallotRequestSchema,
  CreateVoteRequestSchema,
  OptionLabelsEnvelopeSchema,
  SetOptionLabelsRequestSchema,
  TallyRecordEnvelopeSchema,
  TurnoutResponseSchema,
  VoteEnvelopeSchema,
  VoteListResponseSchema,
} from '../schemas/vote';
import {
  NamePresenterRequestSchema,
  PresenterStateSchema,
  SharePresenterRequestSchema,
} from '../schemas/presenter';
import {
  AddendumRequestSchema,
  InsertRecordRequestSchema,
  InsertRecordResponseSchema,
  MinutesStatusSchema,
  RecordChoicesSchema,
} from '../schemas/minutes';
import { MinutesRecordsSchema } from '../schemas/minutes-records';
import {
  ConclusionNoticeResponseSchema,
  ConclusionNoticeViewSchema,
  DraftConclusionNoticeRequestSchema,
  RegisterQuerySchema,
  RegisterResponseSchema,
} from '../schemas/minutes-export';

/**
 * The room server's HTTP contract, once: method, path, parameters, query, body, answer and who
 * may call. The server registers its routes from this table (and nothing else), the renderer's
 * client and the integration tests' helpers are derived from it, and a test fails when the
 * server answers a route that is not here.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: anyone, any signed-in device, or signed-in devices with one of the roles.
 * Finer rules (membership of the meeting, grants) are the command's or query's own.
 */
export type RouteAccess = 'public' | 'device' | readonly Role[];

/** A body that is not JSON: the raw file of an upload, or a CSV file. */
export type RawBody = 'file' | 'csv';
/** An answer that is not JSON: no body, a PDF made for the caller, stored document bytes, a CSV or a Word (DOCX) export. */
export type RawResponse = 'empty' | 'pdf' | 'blob' | 'csv' | 'docx';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify-style path under API_PREFIX, with `:name` parameters. */
  readonly path: string;
  readonly params?: z.ZodType<Record<string, string>>;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType | RawBody;
  readonly response: z.ZodType | RawResponse;
  /** Status of a successful answer. */
  readonly status: number;
  readonly access: RouteAccess;
  /** Largest request body accepted (default 1 MiB for JSON, 5 MiB for CSV; uploads have their own limit). */
  readonly maxBodyBytes?: number;
}

const MeetingParams = z.strictObject({ meetingId: IdSchema });
const ItemParams = z.strictObject({ itemId: IdSchema });
const ParticipantParams = z.strictObject({ participantId: IdSchema });
const DeviceParams = z.strictObject({ deviceId: IdSchema });
const DocumentParams = z.strictObject({ documentId: IdSchema });
const BlobParams = z.strictObject({ sha256: Sha256Schema });
const VoteParams = z.strictObject({ voteId: IdSchema });
const SpeakerParams = z.strictObject({ speakerId: IdSchema });

const MANAGE: readonly Role[] = ['secretariat'];
/** Who may use the archive screen. */
const ARCHIVE: readonly Role[] = ['secretariat', 'archivist'];

/** Every route of `/api/v1`, by the name the client calls it with. */
export const ROUTES = {
  health: { method: 'GET', path: '/health', response: HealthResponseSchema, status: 200, access: 'public' },
  join: {
    method: 'POST',
    path: '/join',
    body: JoinRequestSchema,
    response: JoinResponseSchema,
    status: 201,
    access: 'public',
    // A code and a device label: a few hundred bytes. Strangers may call this, so keep it small.
    maxBodyBytes: 4096,
  },
  getSession: { method: 'GET', path: '/session', response: SessionInfoSchema, status: 200, access: 'device' },
  leave: { method: 'DELETE', path: '/session', response: 'empty', status: 204, access: 'device' },

  listMeetings: {
    method: 'GET',
    path: '/meetings',
    response: MeetingListResponseSchema,
    status: 200,
    access: 'device',
  },
  createMeeting: {
    method: 'POST',
    path: '/meetings',
    body: CreateMeetingRequestSchema,
    response: MeetingEnvelopeSchema,
    status: 201,
    access: MANAGE,
    // Title, body and place of at most 300 characters each, even \u-escaped: ~6 KB.
    maxBodyBytes: 16 * 1024,
  },
  getMeeting: {
    method: 'GET',
    path: '/meetings/:meetingId',
    params: MeetingParams,
    response: MeetingDetailResponseSchema,
    status: 200,
    access: 'device',
  },
  updateMeeting: {
    method: 'PATCH',
    path: '/meetings/:meetingId',
    params: MeetingParams,
    body: UpdateMeetingRequestSchema,
    response: MeetingEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 16 * 1024,
  },
  publishMeeting: {
    method: 'POST',
    path: '/meetings/:meetingId/publish',
    params: MeetingParams,
    response: PublishResponseSchema,
    status: 200,
    access: MANAGE,
    // No body is expected; an empty `{}` fits.
    maxBodyBytes: 1024,
  },

  createAgendaItem: {
    method: 'POST',
    path: '/meetings/:meetingId/agenda-items',
    params: MeetingParams,
    body: CreateAgendaItemRequestSchema,
    response: AgendaItemEnvelopeSchema,
    status: 201,
    access: MANAGE,
    // A description of up to 5,000 characters, even \u-escaped: ~33 KB.
    maxBodyBytes: 64 * 1024,
  },
  updateAgendaItem: {
    method: 'PATCH',
    path: '/agenda-items/:itemId',
    params: ItemParams,
    body: UpdateAgendaItemRequestSchema,
    response: AgendaItemEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 64 * 1024,
  },
  moveAgendaItem: {
    method: 'POST',
    path: '/agenda-items/:itemId/move',
    params: ItemParams,
    body: MoveAgendaItemRequestSchema,
    response: AgendaEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 1024,
  },
  deleteAgendaItem: {
    method: 'DELETE',
    path: '/agenda-items/:itemId',
    params: ItemParams,
    response: 'empty',
    status: 204,
    access: MANAGE,
    maxBodyBytes: 1024,
  },

  listParticipants: {
    method: 'GET',
    path: '/meetings/:meetingId/participants',
    params: MeetingParams,
    response: ParticipantListResponseSchema,
    status: 200,
    access: ['secretariat', 'chair', 'secretary'],
  },
  createParticipant: {
    method: 'POST',
    path: '/meetings/:meetingId/participants',
    params: MeetingParams,
    body: CreateParticipantRequestSchema,
    response: ParticipantEnvelopeSchema,
    status: 201,
    access: MANAGE,
    // Name, position, unit and group: ~4 KB even \u-escaped.
    maxBodyBytes: 16 * 1024,
  },
  importParticipants: {
    method: 'POST',
    path: '/meetings/:meetingId/participants/import',
    params: MeetingParams,
    query: ParticipantImportQuerySchema,
    body: 'csv',
    response: ParticipantImportResponseSchema,
    status: 201,
    access: MANAGE,
    // The CSV file (a few thousand rows).
    maxBodyBytes: 5 * 1024 * 1024,
  },
  moveParticipant: {
    method: 'POST',
    path: '/participants/:participantId/move',
    params: ParticipantParams,
    body: MoveParticipantRequestSchema,
    response: ParticipantListResponseSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 1024,
  },
  updateParticipant: {
    method: 'PATCH',
    path: '/participants/:participantId',
    params: ParticipantParams,
    body: UpdateParticipantRequestSchema,
    response: ParticipantEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 16 * 1024,
  },
  deleteParticipant: {
    method: 'DELETE',
    path: '/participants/:participantId',
    params: ParticipantParams,
    response: 'empty',
    status: 204,
    access: MANAGE,
    maxBodyBytes: 1024,
  },
  createJoinCode: {
    method: 'POST',
    path: '/participants/:participantId/join-codes',
    params: ParticipantParams,
    body: CreateJoinCodeRequestSchema,
    response: JoinCodeResponseSchema,
    status: 201,
    access: MANAGE,
    maxBodyBytes: 1024,
  },
  joinSheet: {
    method: 'POST',
    path: '/meetings/:meetingId/join-sheet',
    params: MeetingParams,
    body: JoinSheetRequestSchema,
    response: 'pdf',
    status: 200,
    access: MANAGE,
    // Up to 2,000 participant ids of up to 64 characters: ~134 KB.
    maxBodyBytes: 256 * 1024,
  },
  listDevices: {
    method: 'GET',
    path: '/participants/:participantId/devices',
    params: ParticipantParams,
    response: DeviceListResponseSchema,
    status: 200,
    access: MANAGE,
  },
  revokeDevice: {
    method: 'POST',
    path: '/devices/:deviceId/revoke',
    params: DeviceParams,
    response: DeviceEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 1024,
  },

  uploadDocument: {
    method: 'POST',
    path: '/meetings/:meetingId/documents',
    params: MeetingParams,
    query: UploadDocumentQuerySchema,
    body: 'file',
    response: UploadResultSchema,
    // 200 instead when the meeting already had these bytes (`duplicate: true`).
    status: 201,
    access: MANAGE,
  },
  getDocument: {
    method: 'GET',
    path: '/documents/:documentId',
    params: DocumentParams,
    response: DocumentDetailResponseSchema,
    status: 200,
    access: 'device',
  },
  updateDocument: {
    method: 'PATCH',
    path: '/documents/:documentId',
    params: DocumentParams,
    body: UpdateDocumentRequestSchema,
    response: DocumentEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 16 * 1024,
  },
  deleteDocument: {
    method: 'DELETE',
    path: '/documents/:documentId',
    params: DocumentParams,
    response: 'empty',
    status: 204,
    access: MANAGE,
    maxBodyBytes: 1024,
  },
  uploadVersion: {
    method: 'POST',
    path: '/documents/:documentId/versions',
    params: DocumentParams,
    query: UploadVersionQuerySchema,
    body: 'file',
    response: DocumentEnvelopeSchema,
    status: 201,
    access: MANAGE,
  },
  getGrants: {
    method: 'GET',
    path: '/documents/:documentId/grants',
    params: DocumentParams,
    response: DocumentGrantsSchema,
    status: 200,
    access: MANAGE,
  },
  putGrants: {
    method: 'PUT',
    path: '/documents/:documentId/grants',
    params: DocumentParams,
    body: DocumentGrantsSchema,
    response: DocumentGrantsSchema,
    status: 200,
    access: MANAGE,
    // Up to 5,000 participant ids and 200 group names: ~460 KB at worst.
    maxBodyBytes: 512 * 1024,
  },
  getBlob: {
    method: 'GET',
    path: '/blobs/:sha256',
    params: BlobParams,
    response: 'blob',
    status: 200,
    access: 'device',
  },
  headBlob: {
    method: 'HEAD',
    path: '/blobs/:sha256',
    params: BlobParams,
    response: 'blob',
    status: 200,
    access: 'device',
  },
  /**
   * The current version of a document as a copy made for the caller: every page and the PDF's
   * information name its reader ("Bản đọc của <name> — <unit> — <date time> — không sao chép").
   * How readers other than the meeting's secretariat get a "no export" document, whose raw
   * bytes /blobs refuses them. Made once per version and reader, then served from disk:
   * `ETag` is `"<sha256 of the copy>"` and `X-Content-SHA256` the same hash, `Range` and
   * `If-Range` work across requests, `Cache-Control: private, no-store`. 404 for a document
   * the caller may not read; 422 `invalid_document` for an encrypted PDF, which cannot be stamped.
   */
  getReaderCopy: {
    method: 'GET',
    path: '/documents/:documentId/reader-copy',
    params: DocumentParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** The reader copy's size (`Content-Length`) and hash (`ETag`, `X-Content-SHA256`), without its bytes. */
  headReaderCopy: {
    method: 'HEAD',
    path: '/documents/:documentId/reader-copy',
    params: DocumentParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  search: {
    method: 'GET',
    path: '/meetings/:meetingId/search',
    params: MeetingParams,
    query: SearchQuerySchema,
    response: SearchResponseSchema,
    status: 200,
    access: 'device',
  },

  // Annotations
  /**
   * The current version of a document with the caller's own annotations (their private and
   * shared layers) written in as real PDF annotations (/Highlight, /Ink, /Text, /FreeText, with
   * their own appearance streams; bookmarks as outline entries). 404 for a document the caller
   * may not read, 403 `annotations_no_export` for a "no export" one, 422 for an encrypted PDF.
   */
  getAnnotatedPdf: {
    method: 'GET',
    path: '/documents/:documentId/annotated.pdf',
    params: DocumentParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** The caller's annotations of a document as a printable list (page, kind, text, time); refused like the above. */
  getMyNotesPdf: {
    method: 'GET',
    path: '/documents/:documentId/my-notes.pdf',
    params: DocumentParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },

  /**
   * Who shares annotations of this document: the owners of its non-empty shared layers, other
   * than the caller (404 for a document the caller may not read, as for an unknown id).
   */
  listSharedLayers: {
    method: 'GET',
    path: '/documents/:documentId/shared-layers',
    params: DocumentParams,
    response: SharedLayersResponseSchema,
    status: 200,
    access: 'device',
  },

  // Read receipts
  /** The caller's viewer opened this version of the document (a read receipt; 404 when they may not read it). */
  documentOpened: {
    method: 'POST',
    path: '/documents/:documentId/opened',
    params: DocumentParams,
    body: DocumentOpenedRequestSchema,
    response: DocumentOpenedResponseSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Who may read the document, what each opened of it and when, and so who has not opened it yet. */
  getDocumentReaders: {
    method: 'GET',
    path: '/documents/:documentId/readers',
    params: DocumentParams,
    response: DocumentReadersResponseSchema,
    status: 200,
    access: ['secretariat', 'chair'],
  },

  /**
   * Recomputes the audit chain and holds its end against the head the server stored outside the
   * database after its last commit: `problem` is `broken` (an entry does not recompute),
   * `truncated` (the chain ends before the stored head) or `rewritten` (the entry at the stored
   * head's `seq` has another hash: history edited and re-hashed to the end).
   */
  verifyAudit: {
    method: 'GET',
    path: '/audit/verify',
    response: AuditVerifyResponseSchema,
    status: 200,
    access: ['secretariat', 'archivist'],
  },
  /**
   * The same, and also checks heads witnessed elsewhere — collected from laptops (each keeps the
   * heads the meeting's live document showed it), printed on minutes, found in an archive — and
   * answers, for each in the order sent, whether the chain `confirmed`, `truncated` or
   * `rewritten` it. A contradicted witness makes `ok` false.
   */
  verifyAuditWitnesses: {
    method: 'POST',
    path: '/audit/verify',
    body: AuditVerifyRequestSchema,
    response: AuditVerifyResponseSchema,
    status: 200,
    access: ['secretariat', 'archivist'],
  },

  // Session: state, attendance, speakers
  // Who may do what is the commands' rule, not the table's, so a refusal carries its reason
  // (`chair_only`, `attendance_keepers_only`, `not_yourself`): the roles are SESSION_RUNNERS,
  // ATTENDANCE_KEEPERS and MEMBER_ROLES in `schemas/session.ts`.
  /** The server's clock, for timers: a client keeps its offset to it. */
  getClock: { method: 'GET', path: '/clock', response: ClockResponseSchema, status: 200, access: 'device' },
  /** The session, its rules and `serverNow`; any participant of the meeting. */
  getMeetingSession: {
    method: 'GET',
    path: '/meetings/:meetingId/session',
    params: MeetingParams,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
  },
  /** Opens the session (khai mạc): a published meeting moves to `in_session`. Chair, secretariat. */
  startSession: {
    method: 'POST',
    path: '/meetings/:meetingId/session/start',
    params: MeetingParams,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  pauseSession: {
    method: 'POST',
    path: '/meetings/:meetingId/session/pause',
    params: MeetingParams,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  resumeSession: {
    method: 'POST',
    path: '/meetings/:meetingId/session/resume',
    params: MeetingParams,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Closes the session (bế mạc): the meeting moves to `ended`; whoever speaks stops. */
  endSession: {
    method: 'POST',
    path: '/meetings/:meetingId/session/end',
    params: MeetingParams,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** The item under discussion (null: none); every client shows it. Chair, secretariat. */
  setCurrentItem: {
    method: 'PUT',
    path: '/meetings/:meetingId/session/current-item',
    params: MeetingParams,
    body: SetCurrentItemRequestSchema,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Quorum rule, proxies, speaking times. Secretary, secretariat, chair. */
  setSessionRules: {
    method: 'PATCH',
    path: '/meetings/:meetingId/session/rules',
    params: MeetingParams,
    body: UpdateSessionRulesRequestSchema,
    response: SessionViewSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 4096,
  },
  /** Everyone's attendance and the quorum; any participant of the meeting. */
  getAttendance: {
    method: 'GET',
    path: '/meetings/:meetingId/attendance',
    params: MeetingParams,
    response: AttendanceResponseSchema,
    status: 200,
    access: 'device',
  },
  /** The caller checks in (present). */
  checkIn: {
    method: 'POST',
    path: '/meetings/:meetingId/attendance/check-in',
    params: MeetingParams,
    response: AttendanceEntryEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** The caller leaves (left early; absent before the session starts). */
  checkOut: {
    method: 'POST',
    path: '/meetings/:meetingId/attendance/check-out',
    params: MeetingParams,
    response: AttendanceEntryEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Marks a participant. Secretary, secretariat, chair. */
  markAttendance: {
    method: 'PUT',
    path: '/participants/:participantId/attendance',
    params: ParticipantParams,
    body: MarkAttendanceRequestSchema,
    response: AttendanceEntryEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 4096,
  },
  /** Records or clears who holds a member's proxy (ủy quyền). Secretary, secretariat, chair. */
  setProxy: {
    method: 'PUT',
    path: '/participants/:participantId/proxy',
    params: ParticipantParams,
    body: SetProxyRequestSchema,
    response: AttendanceEntryEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Every arrival, departure, mark and proxy with its time. Secretary, secretariat, chair. */
  attendanceLedger: {
    method: 'GET',
    path: '/meetings/:meetingId/attendance/ledger',
    params: MeetingParams,
    response: AttendanceLedgerResponseSchema,
    status: 200,
    access: 'device',
  },
  /** The ledger as CSV (UTF-8 with BOM, so Excel reads Vietnamese). */
  attendanceLedgerCsv: {
    method: 'GET',
    path: '/meetings/:meetingId/attendance/ledger.csv',
    params: MeetingParams,
    response: 'csv',
    status: 200,
    access: 'device',
  },
  /** The ledger as a PDF (A4, Vietnamese). */
  attendanceLedgerPdf: {
    method: 'GET',
    path: '/meetings/:meetingId/attendance/ledger.pdf',
    params: MeetingParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** Floor requests of an item (default: the current one), queue first. Any participant. */
  listSpeakers: {
    method: 'GET',
    path: '/meetings/:meetingId/speakers',
    params: MeetingParams,
    query: SpeakersQuerySchema,
    response: SpeakerListResponseSchema,
    status: 200,
    access: 'device',
  },
  /** Requests the floor for oneself, or (chair, secretariat) adds someone. */
  requestFloor: {
    method: 'POST',
    path: '/meetings/:meetingId/speakers',
    params: MeetingParams,
    body: RequestFloorRequestSchema,
    response: SpeakerEnvelopeSchema,
    status: 201,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** The requester takes back a queued request. */
  withdrawFloor: {
    method: 'POST',
    path: '/speakers/:speakerId/withdraw',
    params: SpeakerParams,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Chair, secretariat: reorder a queued request. */
  moveSpeaker: {
    method: 'POST',
    path: '/speakers/:speakerId/move',
    params: SpeakerParams,
    body: MoveSpeakerRequestSchema,
    response: SpeakerListResponseSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Chair, secretariat: give the floor (ends the current speech, if any) and start the timer. */
  grantFloor: {
    method: 'POST',
    path: '/speakers/:speakerId/grant',
    params: SpeakerParams,
    body: GrantFloorRequestSchema,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  rejectSpeaker: {
    method: 'POST',
    path: '/speakers/:speakerId/reject',
    params: SpeakerParams,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  pauseSpeakerTimer: {
    method: 'POST',
    path: '/speakers/:speakerId/pause',
    params: SpeakerParams,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  resumeSpeakerTimer: {
    method: 'POST',
    path: '/speakers/:speakerId/resume',
    params: SpeakerParams,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Chair, secretariat: the speech ends (also the speaker themself may end their own). */
  finishSpeaker: {
    method: 'POST',
    path: '/speakers/:speakerId/finish',
    params: SpeakerParams,
    response: SpeakerEnvelopeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Who spoke on which item for how long, and per-delegate totals. Chair, secretary, secretariat. */
  speakerHistory: {
    method: 'GET',
    path: '/meetings/:meetingId/speakers/history',
    params: MeetingParams,
    response: SpeakerHistoryResponseSchema,
    status: 200,
    access: 'device',
  },

  // Presenter
  // Follow the presenter: the chair (or the secretariat) names a presenter; the presenter or the
  // chair shares a page, which every follower's live document shows. The commands refine who
  // may (`chair_only`, `presenter_only`).
  /** Names the meeting's presenter (null: none; the chair may always present). Chair, secretariat. */
  namePresenter: {
    method: 'PUT',
    path: '/meetings/:meetingId/presenter',
    params: MeetingParams,
    body: NamePresenterRequestSchema,
    response: PresenterStateSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Shows a page of a document (a page turn is one call). The presenter or the chair. */
  sharePresenter: {
    method: 'PUT',
    path: '/meetings/:meetingId/presenter/share',
    params: MeetingParams,
    body: SharePresenterRequestSchema,
    response: PresenterStateSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Stops sharing. The presenter or the chair. */
  stopPresenter: {
    method: 'DELETE',
    path: '/meetings/:meetingId/presenter/share',
    params: MeetingParams,
    response: PresenterStateSchema,
    status: 200,
    access: 'device',
  },

  // Minutes (biên bản): the secretary writes the draft together (Yjs `meeting/<m>/minutes`) and
  // inserts record blocks; the chair finalises (frozen text, SHA-256, register number) and
  // publishes; corrections after that are addenda. The commands refine who may
  // (`minutes_secretary_only`, `minutes_chair_only`) and when (`minutes_final`, `minutes_not_final`).
  /** The minutes' state, number, hash and addenda. Whoever may read the minutes (delegates once published). */
  minutesStatus: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes',
    params: MeetingParams,
    response: MinutesStatusSchema,
    status: 200,
    access: 'device',
  },
  /** What the record pickers offer: the closed votes and the agenda items. Secretary, chair. */
  minutesRecordChoices: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes/record-choices',
    params: MeetingParams,
    response: RecordChoicesSchema,
    status: 200,
    access: 'device',
  },
  /** Inserts a record block (attendance, speakers of an item, a closed vote). Secretary; draft only. */
  insertMinutesRecord: {
    method: 'POST',
    path: '/meetings/:meetingId/minutes/records',
    params: MeetingParams,
    body: InsertRecordRequestSchema,
    response: InsertRecordResponseSchema,
    status: 201,
    access: 'device',
    maxBodyBytes: 1024,
  },
  /** Freezes the minutes as the document holds them now. Chair. */
  finaliseMinutes: {
    method: 'POST',
    path: '/meetings/:meetingId/minutes/finalise',
    params: MeetingParams,
    response: MinutesStatusSchema,
    status: 200,
    access: 'device',
  },
  /** A correction after finalising (never an edit of the final text). Secretary, chair. */
  addMinutesAddendum: {
    method: 'POST',
    path: '/meetings/:meetingId/minutes/addenda',
    params: MeetingParams,
    body: AddendumRequestSchema,
    response: MinutesStatusSchema,
    status: 201,
    access: 'device',
    maxBodyBytes: 64 * 1024,
  },
  /** Lets delegates and observers read the finalised minutes. Chair. */
  publishMinutes: {
    method: 'POST',
    path: '/meetings/:meetingId/minutes/publish',
    params: MeetingParams,
    response: MinutesStatusSchema,
    status: 200,
    access: 'device',
  },

  // Minutes exports, register numbers and the conclusion notice. The PDFs follow Decree 30/2020
  // (form 1.9 for the minutes, 1.4 for the notice); a draft prints "BẢN NHÁP / DRAFT" on every
  // page and no number. Readers: chair, secretary, secretariat, archivist; delegates and
  // observers once the minutes are published (403 `minutes_export_forbidden` before).
  // 500 `pdf_font_missing` when a font file is gone: never a PDF with boxes for letters.
  /** The minutes as a PDF (Decree 30 form 1.9). */
  minutesPdf: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes.pdf',
    params: MeetingParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** The same as archival PDF/A-2b (XMP pdfaid, sRGB output intent, fonts embedded). */
  minutesPdfA: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes-pdfa.pdf',
    params: MeetingParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** The minutes as a Word document (DOCX): form 1.9's parts, record blocks as real tables. */
  minutesDocx: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes.docx',
    params: MeetingParams,
    response: 'docx',
    status: 200,
    access: 'device',
  },
  /**
   * The minutes as data with the records they come from: the export model, the attendance
   * ledger, the speakers and every vote (a secret vote as receipts and choices only).
   */
  minutesJson: {
    method: 'GET',
    path: '/meetings/:meetingId/minutes.json',
    params: MeetingParams,
    response: MinutesRecordsSchema,
    status: 200,
    access: 'device',
  },
  /** The conclusion notice as a PDF (form 1.4, with place and date); 404 before it is drafted. */
  conclusionNoticePdf: {
    method: 'GET',
    path: '/meetings/:meetingId/conclusion-notice.pdf',
    params: MeetingParams,
    response: 'pdf',
    status: 200,
    access: 'device',
  },
  /** The notice and its status: due date and the warning ('due_soon', 'overdue') the minutes screen shows. */
  conclusionNotice: {
    method: 'GET',
    path: '/meetings/:meetingId/conclusion-notice',
    params: MeetingParams,
    response: ConclusionNoticeViewSchema,
    status: 200,
    access: 'device',
  },
  /** Drafts the notice from the minutes' conclusions (or the paragraphs sent). Chair, secretariat. */
  draftConclusionNotice: {
    method: 'POST',
    path: '/meetings/:meetingId/conclusion-notice/draft',
    params: MeetingParams,
    body: DraftConclusionNoticeRequestSchema,
    response: ConclusionNoticeResponseSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 256 * 1024,
  },
  /** Issues the notice: its register number ("08/TB-UBND") and date. Chair, secretariat. */
  issueConclusionNotice: {
    method: 'POST',
    path: '/meetings/:meetingId/conclusion-notice/issue',
    params: MeetingParams,
    response: ConclusionNoticeResponseSchema,
    status: 200,
    access: 'device',
  },
  /** The year's register of outgoing documents (one series, classified apart). Secretariat, archivist. */
  listRegister: {
    method: 'GET',
    // The year is a query, not a path segment: it names no record, so it has no place among the
    // id-taking routes the existence-oracle test walks.
    path: '/registers',
    query: RegisterQuerySchema,
    response: RegisterResponseSchema,
    status: 200,
    access: ['secretariat', 'archivist'],
  },

  // Votes (biểu quyết): the chair runs them, voting members (and present proxy holders) cast
  // ballots; the commands refine who may (the meeting's chair, an eligible seat's holder).
  listVotes: {
    method: 'GET',
    path: '/meetings/:meetingId/votes',
    params: MeetingParams,
    response: VoteListResponseSchema,
    status: 200,
    access: 'device',
  },
  createVote: {
    method: 'POST',
    path: '/meetings/:meetingId/votes',
    params: MeetingParams,
    body: CreateVoteRequestSchema,
    response: VoteEnvelopeSchema,
    status: 201,
    access: 'device',
    maxBodyBytes: 32 * 1024,
  },
  getVoteLabels: {
    method: 'GET',
    path: '/meetings/:meetingId/vote-labels',
    params: MeetingParams,
    response: OptionLabelsEnvelopeSchema,
    status: 200,
    access: 'device',
  },
  setVoteLabels: {
    method: 'PUT',
    path: '/meetings/:meetingId/vote-labels',
    params: MeetingParams,
    body: SetOptionLabelsRequestSchema,
    response: OptionLabelsEnvelopeSchema,
    status: 200,
    access: MANAGE,
    maxBodyBytes: 4096,
  },
  getVote: {
    method: 'GET',
    path: '/votes/:voteId',
    params: VoteParams,
    response: VoteEnvelopeSchema,
    status: 200,
    access: 'device',
  },
  openVote: {
    method: 'POST',
    path: '/votes/:voteId/open',
    params: VoteParams,
    response: VoteEnvelopeSchema,
    status: 200,
    access: 'device',
  },
  closeVote: {
    method: 'POST',
    path: '/votes/:voteId/close',
    params: VoteParams,
    response: VoteEnvelopeSchema,
    status: 200,
    access: 'device',
  },
  cancelVote: {
    method: 'POST',
    path: '/votes/:voteId/cancel',
    params: VoteParams,
    response: VoteEnvelopeSchema,
    status: 200,
    access: 'device',
  },
  /** A new draft vote on the same motion (biểu quyết lại); the old one must be closed or cancelled. */
  rerunVote: {
    method: 'POST',
    path: '/votes/:voteId/rerun',
    params: VoteParams,
    response: VoteEnvelopeSchema,
    status: 201,
    access: 'device',
  },
  /** Answered only once the ballot is durable (synchronous=FULL, group commit). */
  castBallot: {
    method: 'POST',
    path: '/votes/:voteId/ballots',
    params: VoteParams,
    body: CastBallotRequestSchema,
    response: BallotOutcomeSchema,
    status: 200,
    access: 'device',
    maxBodyBytes: 4096,
  },
  /** Whether a ballot counted, by its idempotency key (the caller's own) or its receipt. */
  ballotStatus: {
    method: 'GET',
    path: '/votes/:voteId/ballot-status',
    params: VoteParams,
    query: BallotStatusQuerySchema,
    response: BallotStatusResponseSchema,
    status: 200,
    access: 'device',
  },
  /** Who has and has not voted (never what), while open and after. */
  voteTurnout: {
    method: 'GET',
    path: '/votes/:voteId/turnout',
    params: VoteParams,
    response: TurnoutResponseSchema,
    status: 200,
    access: ['chair', 'secretary', 'secretariat'],
  },
  /** The kiểm phiếu record of a closed vote (receipts of a secret one). */
  voteRecord: {
    method: 'GET',
    path: '/votes/:voteId/record',
    params: VoteParams,
    response: TallyRecordEnvelopeSchema,
    status: 200,
    access: 'device',
  },

  // Archive (lưu trữ): the archivist's screen. The archivist and the secretariat only; each sees
  // the meetings they belong to (room staff: every meeting). An export writes the meeting's
  // BagIt package under the data directory as a job with progress; the finished package is
  // downloaded and verified (or an uploaded one is). Export ids are checked by the routes
  // themselves: 404 for a job of a meeting the caller does not belong to.
  /** Past meetings (ended, or past their end time), newest first, with minutes state, documents and last export. */
  archiveMeetings: {
    method: 'GET',
    path: '/archive/meetings',
    response: ArchiveMeetingListSchema,
    status: 200,
    access: ARCHIVE,
  },
  /** Full-text search over the past meetings' minutes and documents, by the meeting search's phrase rules. */
  archiveSearch: {
    method: 'GET',
    path: '/archive/search',
    query: ArchiveSearchQuerySchema,
    response: ArchiveSearchResponseSchema,
    status: 200,
    access: ARCHIVE,
  },
  /** Starts exporting the meeting's package (or answers the export already running for it). */
  startArchiveExport: {
    method: 'POST',
    path: '/archive/meetings/:meetingId/exports',
    params: MeetingParams,
    response: ArchiveExportSchema,
    status: 202,
    access: ARCHIVE,
    maxBodyBytes: 1024,
  },
  /** An export job's state and progress (poll while it runs). */
  getArchiveExport: {
    method: 'GET',
    path: '/archive/exports/:exportId',
    params: ArchiveExportParamsSchema,
    response: ArchiveExportSchema,
    status: 200,
    access: ARCHIVE,
  },
  /** The finished package (application/zip); 409 while the job runs or after it failed. */
  downloadArchiveExport: {
    method: 'GET',
    path: '/archive/exports/:exportId/package',
    params: ArchiveExportParamsSchema,
    response: 'blob',
    status: 200,
    access: ARCHIVE,
  },
  /** Verifies an exported package as stored on the server: ok, or every problem named. */
  verifyArchiveExport: {
    method: 'POST',
    path: '/archive/exports/:exportId/verify',
    params: ArchiveExportParamsSchema,
    response: ArchiveVerifyResultSchema,
    status: 200,
    access: ARCHIVE,
    maxBodyBytes: 1024,
  },
  /** Verifies an uploaded package (the zip as the request body, up to the upload limit). */
  verifyArchiveUpload: {
    method: 'POST',
    path: '/archive/verify',
    body: 'file',
    response: ArchiveVerifyResultSchema,
    status: 200,
    access: ARCHIVE,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
export type Route<N extends RouteName = RouteName> = (typeof ROUTES)[N];

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Sent<S> = S extends z.ZodType ? z.input<S> : undefined;

/** Path parameters of a route, after validation. */
export type RouteParams<R extends RouteSpec> = R extends { params: infer P }
  ? Parsed<P>
  : Record<string, never>;
/** Query of a route, after validation. */
export type RouteQuery<R extends RouteSpec> = R extends { query: infer Q } ? Parsed<Q> : undefined;
/** JSON body of a route, after validation (undefined for raw and bodiless routes). */
export type RouteBody<R extends RouteSpec> = R extends { body: infer B } ? Parsed<B> : undefined;
/** What a client may send as the JSON body (before defaults are applied). */
export type RouteBodyInput<R extends RouteSpec> = R extends { body: infer B } ? Sent<B> : undefined;
/** The JSON answer of a route as the server produces it. */
export type RouteResponse<R extends RouteSpec> = R['response'] extends z.ZodType
  ? z.input<R['response']>
  : undefined;
/** The JSON answer of a route as a client reads it after validation. */
export type RouteResult<R extends RouteSpec> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : undefined;

/** Fills a route's path template: `/meetings/:meetingId` + {meetingId} → `/meetings/01H…`. */
export function routePath(route: RouteSpec, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${route.path}`);
    return encodeURIComponent(value);
  });
}

/** Whether a role may call a route (the table's coarse rule; commands refine it). */
export function roleMayCall(route: RouteSpec, role: Role | null): boolean {
  if (route.access === 'public') return true;
  if (role === null) return false;
  if (route.access === 'device') return true;
  return route.access.includes(role);
}
