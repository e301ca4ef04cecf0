import type { FastifyRequest } from 'fastify';
import type { ArchiveExport, ArchiveHit, ArchiveMeeting, ArchiveVerifyResult } from '#common/schemas/archive';
import type { Participant } from '#common/schemas/participant';
import type { Logger } from 'pino';
import type { FailedAttemptLimiter } from '../auth/failed-attempt-limiter';
import type { BlobMemoryCache } from '../blobs/blob-memory-cache';
import type { BlobStore } from '../blobs/blob-store';
import type { ReaderCopyStore } from '../blobs/reader-copy-store';
import type { CommandPipeline } from '../commands/pipeline';
import type { VoteDeadlines } from '../commands/votes/vote-deadlines';
import type { WritableDB } from '../db/database';
import type { AuthContext, AuthStore } from '../store/auth-store';
import type { DocumentStore } from '../store/document-store';
import { UnauthenticatedError } from '../errors/domain-errors';
import type { MeetingStore } from '../store/meeting-store';
import type { AttendanceStore } from '../store/attendance-store';
import type { ParticipantStore } from '../store/participant-store';
import type { SessionStore } from '../store/session-store';
import type { MinutesStore } from '../store/minutes-store';
import type { PresenterStore } from '../store/presenter-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';
import type { VoteProgress } from '../yjs/votes-section';
import type { YjsHub } from '../yjs/yjs-hub';

/**
 * The archive screen's work (`sync-server/archive/archive-desk.ts`, built in app.ts: the archive
 * sits beside this layer, so routes reach it through the context).
 */
export interface ArchiveDeskApi {
  pastMeetings(p: Participant): ArchiveMeeting[];
  search(p: Participant, query: string, limit: number): ArchiveHit[];
  startExport(p: Participant, meetingId: string): ArchiveExport;
  exportJob(p: Participant, exportId: string): ArchiveExport;
  packageOf(p: Participant, exportId: string): { path: string; job: ArchiveExport };
  verifyExport(p: Participant, exportId: string): Promise<ArchiveVerifyResult>;
  verifyFile(path: string): Promise<ArchiveVerifyResult>;
}

/** Everything a route needs, built once at start-up. Reads go to the stores; writes only through `commands`. */
export interface RoomContext {
  readonly db: WritableDB;
  readonly logger: Logger;
  readonly meetings: MeetingStore;
  readonly participants: ParticipantStore;
  readonly auth: AuthStore;
  readonly documents: DocumentStore;
  readonly session: SessionStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
  readonly presenter: PresenterStore;
  readonly minutes: MinutesStore;
  readonly votes: VoteStore;
  readonly hub: YjsHub;
  readonly blobs: BlobStore;
  /** Hot blobs in memory for room-wide download bursts. */
  readonly blobCache: BlobMemoryCache;
  /** Copies of documents stamped with their reader (`GET /documents/:id/reader-copy`). */
  readonly readerCopies: ReaderCopyStore;
  /** Where uploads are staged (same file system as the blobs, so adopting is a rename) and how big they may be. */
  readonly uploads: { readonly tmpDir: string; readonly limitBytes: number };
  /** The one way to change authoritative state. */
  readonly commands: CommandPipeline;
  /** Ends votes (chair, cancel, countdown) and scrubs the database after a secret one. */
  readonly voteDeadlines: VoteDeadlines;
  /** Writes open votes' progress to the live document, coalesced. */
  readonly voteProgress: VoteProgress;
  readonly joinLimiter: FailedAttemptLimiter;
  /** Past meetings, archive search, package export and verification (the archivist's screen). */
  readonly archive: ArchiveDeskApi;
  readonly version: string;
  readonly startedAt: number;
  /** The address participants reach this server at, for join links. */
  readonly publicUrl: () => string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route registered, as "METHOD /api/v1/path" (the route-table test reads it). */
    apiRoutes: readonly string[];
  }
  interface FastifyRequest {
    /** The authenticated device, set by the auth hook on every route but health and join. */
    authContext: AuthContext | null;
  }
}

/** The authenticated device of a request; throws 401 when there is none. */
export function requireAuth(req: FastifyRequest): AuthContext {
  if (!req.authContext) throw new UnauthenticatedError();
  return req.authContext;
}
