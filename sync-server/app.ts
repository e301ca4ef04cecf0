import { mkdirSync, rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { liveDocName, parseDocName } from '#common/protocol/doc-names';
import { LiveKeys } from '#common/protocol/live-doc';
import type { RoomContext } from './api/context';
import { AuditAnchor } from './audit/audit-anchor';
import { AuditHeadBroadcaster } from './audit/audit-head-broadcast';
import { buildHttpApp } from './api/http-app';
import type { HttpLimits } from './api/http-limits';
import { pruneReaderCopies } from './api/reader-copies';
import { FailedAttemptLimiter, type ThrottleOptions } from './auth/failed-attempt-limiter';
import { loadRoomSecret } from './auth/room-secret';
import { BlobMemoryCache } from './blobs/blob-memory-cache';
import { BlobStore } from './blobs/blob-store';
import { ReaderCopyStore } from './blobs/reader-copy-store';
import { WalCheckpointer } from './db/checkpointer';
import { closeDatabase, DATABASE_FILE, openDatabase, type WritableDB } from './db/database';
import { migrate } from './db/migrate';
import { issueJoinCodes } from './commands/access/issue-join-codes';
import { SYSTEM } from './commands/command';
import { addParticipant } from './commands/participants/add-participant';
import { openCommandStores } from './commands/command-stores';
import { CommandPipeline } from './commands/pipeline';
import { ALL_SESSION_SECTIONS } from './commands/session/sections';
import { VoteDeadlines } from './commands/votes/vote-deadlines';
import { ROOM_MIGRATIONS } from './db/migrations/index';
import { closePdfInspector } from './ingest/pdf-inspect';
import { type DemoInfo, seedDemo } from './demo/seed-demo';
import { ArchiveDesk } from './archive/archive-desk';
import { ArchiveExportJobs } from './archive/export-jobs';
import { packageRoot, packageVersion } from './runtime/package-root';
import { docAccess } from './yjs/doc-access';
import { documentViews, receiptViewers } from './yjs/document-views';
import { LiveSections } from './yjs/live-sections';
import { MinutesRecordWriter } from './yjs/minutes-records-writer';
import { minutesTemplate } from './minutes/minutes-template';
import { registerSessionSections } from './yjs/session-sections';
import { LiveDocWriter } from './yjs/live-doc-writer';
import { presenterSection } from './yjs/presenter-section';
import { UpdateLog } from './yjs/update-log';
import { VoteProgress, votesSection } from './yjs/votes-section';
import { YjsHub, type YjsHubOptions } from './yjs/yjs-hub';

export interface RoomServerOptions {
  readonly dataDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Built web client; defaults to dist/renderer; null serves none. */
  readonly webRoot?: string | null;
  readonly demo?: boolean;
  readonly logger?: Logger;
  readonly logLevel?: string;
  /** Wrong join codes allowed per client address per window, and how guessers are slowed past it. */
  readonly joinFailures?: { readonly max: number; readonly windowMs: number } & Partial<ThrottleOptions>;
  /** HTTP timeouts and connection caps (see `DEFAULT_HTTP_LIMITS`). */
  readonly limits?: Partial<HttpLimits>;
  readonly yjs?: Pick<
    YjsHubOptions,
    | 'compactThreshold'
    | 'idleUnloadMs'
    | 'maxPayloadBytes'
    | 'rateLimit'
    | 'byteRate'
    | 'workRate'
    | 'budgets'
    | 'worker'
    | 'presenceBatchMs'
  >;
  readonly bodyLimitBytes?: number;
  /** Check every JSON answer against the route table (tests). */
  readonly validateResponses?: boolean;
  /** Largest document upload (default 200 MB). */
  readonly maxUploadBytes?: number;
  /** Memory for hot document bytes (default 64 MB; 0 streams everything from disk). */
  readonly blobCacheBytes?: number;
}

export interface RunningRoomServer {
  /** Where this machine reaches the server, e.g. http://127.0.0.1:4400. */
  readonly url: string;
  /** Where other devices in the room reach it (a LAN address when listening on all interfaces). */
  readonly publicUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** The first secretariat join code, only on the start that created the account; else null. */
  readonly adminCode: string | null;
  readonly demo: DemoInfo | null;
  readonly context: RoomContext;
  readonly http: FastifyInstance;
  /** Stops accepting work, closes every socket, flushes and closes the database. */
  close(): Promise<void>;
}

/** The first secretariat account: the one login a fresh install needs to do anything. */
function ensureStaffAccount(ctx: RoomContext): string | null {
  if (ctx.participants.countStaff() > 0) return null;
  const staff = ctx.commands.execute(addParticipant, SYSTEM, {
    meetingId: null,
    participant: { name: 'Văn thư phòng họp', position: 'Quản trị phòng họp', role: 'secretariat' },
  });
  const [issued] = ctx.commands.execute(issueJoinCodes, SYSTEM, {
    meetingId: null,
    participantIds: [staff.id],
    ttlHours: 24 * 30,
  });
  return issued?.code ?? null;
}

function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const addr of list ?? []) {
      if (addr.family === 'IPv4' && !addr.internal) return addr.address;
    }
  }
  return null;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Stops the HTTP server gracefully: requests in flight may finish (up to 5 s), keep-alive
 * connections are closed as soon as they fall idle — also those that were still finishing a
 * response when closing began, which `close()` alone would leave open until their keep-alive
 * timeout.
 */
async function closeHttp(app: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  const force = setTimeout(() => app.server.closeAllConnections(), 5000);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}

/** Starts a room server: database, HTTP API, Yjs hub and web client, on one port. */
export async function startRoomServer(opts: RoomServerOptions): Promise<RunningRoomServer> {
  const logger = opts.logger ?? pino({ level: opts.logLevel ?? 'info' });
  const host = opts.host ?? '127.0.0.1';
  const db: WritableDB = openDatabase(opts.dataDir);
  let started = false;
  let hub: YjsHub | null = null;
  let http: FastifyInstance | null = null;
  let checkpointer: WalCheckpointer | null = null;
  let auditAnchor: AuditAnchor | null = null;
  let auditHeads: AuditHeadBroadcaster | null = null;
  try {
    const version = migrate(db, ROOM_MIGRATIONS);
    // Checkpoints move to a worker thread (see WalCheckpointer); the writer never runs one itself.
    db.pragma('wal_autocheckpoint = 0');
    checkpointer = new WalCheckpointer(join(opts.dataDir, DATABASE_FILE), 2000, (message) =>
      logger.warn({ message }, 'WAL checkpoint failed; will retry'),
    );
    logger.info({ dataDir: opts.dataDir, schemaVersion: version }, 'database ready');
    // The audit chain's head, kept outside the database too (audit-head.json) and checked against it now.
    const anchor = AuditAnchor.open(db, logger);
    auditAnchor = anchor;
    const secret = loadRoomSecret(opts.dataDir);
    const stores = openCommandStores(db, secret);
    const { participants, documents, auth, meetings, votes, attendance, speakers, presenter } = stores;
    const minutesStore = stores.minutes;
    const sessions = stores.session;
    hub = new YjsHub({
      updateLog: new UpdateLog(db),
      logger,
      authenticate: (token) => auth.authenticate(token),
      reauthenticate: (deviceSessionId) => auth.contextOfSession(deviceSessionId),
      access: (name, a) => {
        const parsed = parseDocName(name);
        return parsed ? docAccess(parsed, a.participant, documents, (m) => minutesStore.state(m)) : 'none';
      },
      meetingOf: (name) => {
        const parsed = parseDocName(name);
        if (!parsed) return null;
        return parsed.kind === 'annotations' || parsed.kind === 'readers'
          ? (documents.find(parsed.documentId)?.meetingId ?? null)
          : parsed.meetingId;
      },
      // The Biên bản template, written into a meeting's minutes on first load (never by an editor).
      minutesSeed: (name) => {
        const parsed = parseDocName(name);
        if (parsed?.kind !== 'minutes' || !meetings.find(parsed.meetingId)) return null;
        return { kind: 'seed', blocks: minutesTemplate(parsed.meetingId, { meetings, participants }) };
      },
      ...opts.yjs,
    });
    const live = new LiveDocWriter(hub, documentViews(documents, participants));
    // Each area of the session (state, attendance, speakers, votes) registers its writer here.
    const liveSections = new LiveSections(hub);
    liveSections.register('votes', votesSection(votes));
    registerSessionSections(liveSections, { db, session: sessions, attendance, speakers });
    liveSections.register('presenter', presenterSection({ presenter, participants, documents }));
    // The minutes' state, so every participant's screen learns of a publication live.
    liveSections.register('minutes', (meetingId, map) => {
      const state = minutesStore.state(meetingId);
      if (map.get(LiveKeys.minutes) !== state) map.set(LiveKeys.minutes, state);
    });
    const liveHub = hub;
    const minutesRecords = new MinutesRecordWriter(
      hub,
      { db, meetings, attendance, speakers, votes, minutes: minutesStore },
      logger,
    );
    const heads = new AuditHeadBroadcaster({
      publish: (meetingId, head) => live.auditHeadChanged(meetingId, head),
      openMeetings: () =>
        meetings
          .list()
          .map((m) => m.id)
          .filter((id) => liveHub.isLoaded(liveDocName(id))),
      onError: (err, meetingId) => logger.warn({ err, meetingId }, 'could not publish the audit head'),
    });
    auditHeads = heads;
    // In the data directory, beside `tmp` and `blobs`: a cache that can be deleted at any time,
    // outside the blob store and whatever sweeps it.
    const readerCopies = new ReaderCopyStore(join(opts.dataDir, 'reader-copies'));
    const pruneCopies = (meetingId: string | null) => {
      const removed = pruneReaderCopies({ readerCopies, documents, participants }, meetingId);
      if (removed > 0) logger.info({ meetingId, removed }, 'reader copies deleted');
    };
    const commands = new CommandPipeline(
      db,
      stores,
      {
        meetingChanged: (meetingId, agenda) => {
          live.meetingChanged(meetings.get(meetingId), agenda);
          live.documentsSeen(meetingId);
          // The session's sections follow the meeting (a deleted current item, a first write).
          liveSections.write(meetingId, ALL_SESSION_SECTIONS);
        },
        documentsChanged: (meetingId) => {
          live.documentsChanged(meetingId);
          pruneCopies(meetingId);
          // Participant changes come this way too: members and quorum may have changed, and
          // with the members whether the presenter's document may be named.
          liveSections.write(meetingId, ['attendance', 'presenter']);
        },
        readersChanged: (meetingId, documentId) =>
          live.readersChanged(meetingId, receiptViewers(documents, participants, meetingId, documentId)),
        liveSectionsChanged: (meetingId, sections) => {
          liveSections.write(meetingId, sections);
          minutesRecords.recordsChanged(meetingId, sections);
        },
        minutesRecordInserted: (effect) => minutesRecords.insert(effect),
        accessChanged: (meetingId) => {
          liveHub.reauthorize(meetingId);
          pruneCopies(meetingId);
          // Whether the shared document may be named depends on who may read it.
          if (meetingId !== null) liveSections.write(meetingId, ['presenter']);
        },
        auditCommitted: (head, meetingIds) => {
          anchor.record(head);
          heads.committed(head, meetingIds);
        },
      },
      logger,
    );
    let publicUrl = '';
    const blobs = new BlobStore(join(opts.dataDir, 'blobs'));
    const tmpDir = join(opts.dataDir, 'tmp');
    // Uploads interrupted by a crash leave temp files; nothing refers to them.
    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true });
    // The archive reads stored updates (minutes drafts, shared layers) without loading them in the hub.
    const archiveLog = new UpdateLog(db);
    const ctx: RoomContext = {
      db,
      logger,
      meetings,
      participants,
      auth,
      documents,
      votes,
      session: sessions,
      attendance,
      speakers,
      presenter,
      minutes: minutesStore,
      voteDeadlines: new VoteDeadlines(db, commands, votes, logger),
      voteProgress: new VoteProgress(
        (meetingId) => liveSections.write(meetingId, ['votes']),
        (err, meetingId) => logger.warn({ err, meetingId }, 'could not write the progress of a vote'),
      ),
      hub,
      blobs,
      readerCopies,
      blobCache: new BlobMemoryCache(opts.blobCacheBytes ?? 64 * 1024 * 1024),
      uploads: { tmpDir, limitBytes: opts.maxUploadBytes ?? 200 * 1024 * 1024 },
      commands,
      joinLimiter: new FailedAttemptLimiter(
        opts.joinFailures?.max ?? 10,
        opts.joinFailures?.windowMs ?? 10 * 60_000,
        Date.now,
        opts.joinFailures ?? {},
      ),
      archive: new ArchiveDesk({
        db,
        meetings,
        documents,
        updateLog: archiveLog,
        jobs: new ArchiveExportJobs({
          dataDir: opts.dataDir,
          blobPath: (sha) => blobs.pathOf(sha),
          db,
          meetings,
          documents,
          updateLog: archiveLog,
          logger,
        }),
      }),
      version: packageVersion(),
      startedAt: Date.now(),
      publicUrl: () => publicUrl,
    };
    const webRoot = opts.webRoot === undefined ? join(packageRoot(), 'dist', 'renderer') : opts.webRoot;
    http = await buildHttpApp(ctx, {
      logger,
      webRoot,
      ...(opts.bodyLimitBytes ? { bodyLimitBytes: opts.bodyLimitBytes } : {}),
      ...(opts.validateResponses ? { validateResponses: true } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
    const yjsHub = hub;
    http.server.on('upgrade', (req, socket, head) => {
      if (!yjsHub.handleUpgrade(req, socket, head)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
    });
    await http.listen({ host, port: opts.port ?? 4400 });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? 4400);
    const localHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const url = `http://${hostForUrl(localHost)}:${port}`;
    const lan = host === '0.0.0.0' || host === '::' ? lanAddress() : null;
    publicUrl = lan ? `http://${lan}:${port}` : url;

    const adminCode = ensureStaffAccount(ctx);
    // A session left running by the last run: its live document shows the state as recorded,
    // even if the process stopped between a commit and its live write.
    for (const meetingId of sessions.running()) {
      try {
        liveSections.write(meetingId, ALL_SESSION_SECTIONS);
      } catch (err) {
        logger.warn({ err, meetingId }, 'could not refill the live document of a running session');
      }
    }
    // Countdowns of votes left open by the last run (one that ended meanwhile closes now).
    ctx.voteDeadlines.rearm();
    const demo = opts.demo ? await seedDemo(ctx, live) : null;
    logger.info({ url, publicUrl }, 'room server listening');

    let closing: Promise<void> | null = null;
    started = true;
    const httpApp = http;
    return {
      url,
      publicUrl,
      port,
      dataDir: opts.dataDir,
      adminCode,
      demo,
      context: ctx,
      http: httpApp,
      close() {
        closing ??= (async () => {
          try {
            heads.close();
            ctx.voteDeadlines.stop();
            ctx.voteProgress.stop();
            await yjsHub.close();
            await closeHttp(httpApp);
            await closePdfInspector();
            await checkpointer?.stop();
            await anchor.close();
          } finally {
            // Whatever failed above — and on a full disk, where the final checkpoint fails too.
            const closed = closeDatabase(db);
            if (!closed.checkpointed) {
              logger.warn(
                { err: closed.checkpointError },
                'database closed without its final checkpoint: nothing committed is lost, the next start applies room.sqlite-wal',
              );
            }
          }
          logger.info('room server stopped');
        })();
        return closing;
      },
    };
  } finally {
    if (!started) {
      // A failed start must not leave a port bound or the database open.
      auditHeads?.close();
      await hub?.close();
      await http?.close();
      await checkpointer?.stop();
      await auditAnchor?.close();
      if (db.open) db.close();
    }
  }
}
