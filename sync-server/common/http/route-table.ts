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
import type { Role } from '../schemas/roles';

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
/** An answer that is not JSON: no body, a PDF made for the caller, or stored document bytes. */
export type RawResponse = 'empty' | 'pdf' | 'blob';

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

const MANAGE: readonly Role[] = ['secretariat'];

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
