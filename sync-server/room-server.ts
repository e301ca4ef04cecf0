import { type RunningRoomServer, startRoomServer } from './app';
import { sweepOrphanedBytes } from './commands/documents/purge-document-bytes';
import { parseServerArgs, USAGE } from './config';
import { closeDatabase } from './db/database';
import { writeFileDurably } from './runtime/durable-files';
import {
  diskSpace,
  formatBytes,
  isDiskFullError,
  reserveBytes,
  type StorageReserve,
  storageReserveFromEnv,
} from './runtime/free-space';
import { restrictUmask } from './runtime/private-files';

/** Plain-text banner for the person who started the server: where to go and how to get in. */
function banner(server: RunningRoomServer): string {
  const lines = ['', `Paperless Room — phòng họp không giấy`, `  Web client: ${server.publicUrl}`];
  if (server.publicUrl !== server.url) lines.push(`  On this machine: ${server.url}`);
  lines.push(`  Data: ${server.dataDir}`);
  if (server.adminCode) {
    lines.push(
      '',
      `  First secretariat join code (shown once, valid 30 days): ${server.adminCode}`,
      `  Join link: ${server.publicUrl}/?join=${server.adminCode}`,
    );
  }
  if (server.demo) {
    lines.push(
      '',
      `  Demo meeting: ${server.demo.meetingTitle}`,
      `  Join codes (valid until the meeting ends, ${server.demo.codesValidUntil}):`,
    );
    for (const c of server.demo.codes) {
      lines.push(`    ${c.code}  ${c.role.padEnd(11)} ${c.name}`);
    }
    lines.push(`  Join link example: ${server.publicUrl}/?join=${server.demo.codes[0]?.code ?? ''}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Logs the disk's free space at start, with a warning when uploads are already refused. */
async function reportDiskSpace(server: RunningRoomServer, reserve: StorageReserve): Promise<void> {
  const space = await diskSpace(server.dataDir);
  if (!space) return;
  const kept = reserveBytes(space.totalBytes, reserve);
  const fields = { free: formatBytes(space.availableBytes), reserve: formatBytes(kept) };
  if (space.availableBytes <= kept) {
    server.context.logger.warn(fields, 'the disk is below its free-space reserve: uploads are refused (507)');
  } else {
    server.context.logger.info(fields, 'disk space');
  }
}

/**
 * Stops the server on SIGINT/SIGTERM. The database is closed whatever else fails — also on a
 * full disk, where the final checkpoint cannot grow room.sqlite: then the WAL keeps what was
 * committed and the next start applies it, so the process still exits 0 after saying so. Any
 * other failure exits 1, with the database closed all the same.
 */
async function shutDown(server: RunningRoomServer, signal: string): Promise<number> {
  const { logger, db } = server.context;
  logger.info({ signal }, 'shutting down');
  let failure: unknown = null;
  try {
    await server.close();
  } catch (err) {
    failure = err;
  }
  if (failure === null && !db.open) return 0;
  if (failure !== null) logger.error({ err: failure }, 'a shutdown step failed; closing the database anyway');
  try {
    const closed = closeDatabase(db);
    if (closed.checkpointed) {
      logger.info('database closed');
    } else {
      logger.warn(
        { err: closed.checkpointError },
        'database closed without its final checkpoint: nothing committed is lost, the next start applies room.sqlite-wal',
      );
    }
  } catch (err) {
    logger.fatal({ err }, 'could not close the database');
    return 1;
  }
  // A full disk is the one failure that leaves nothing to worry about once the database is closed.
  return failure === null || isDiskFullError(failure) ? 0 : 1;
}

async function main(): Promise<void> {
  // Before anything is created: the data is for this account only (0700 directories, 0600 files).
  restrictUmask();
  let args: ReturnType<typeof parseServerArgs>;
  let reserve: StorageReserve;
  try {
    args = parseServerArgs(process.argv.slice(2));
    reserve = storageReserveFromEnv();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startRoomServer({
    dataDir: args.dataDir,
    host: args.host,
    port: args.port,
    demo: args.demo,
    logLevel: args.logLevel,
    maxUploadBytes: args.maxUploadMb * 1024 * 1024,
    blobCacheBytes: args.blobCacheMb * 1024 * 1024,
    ...(args.webRoot ? { webRoot: args.webRoot } : {}),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    shutDown(server, signal).then(
      (code) => process.exit(code),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(`${banner(server)}\n`);
  // Bytes an earlier run left behind: deleted documents' files a crash kept, refused uploads.
  sweepOrphanedBytes(server.context);
  await reportDiskSpace(server, reserve).catch((err: unknown) =>
    server.context.logger.warn({ err }, 'could not read the free disk space'),
  );
  if (args.readyFile) {
    // 0600: it holds the first secretariat join code, valid 30 days.
    writeFileDurably(
      args.readyFile,
      JSON.stringify({
        url: server.url,
        publicUrl: server.publicUrl,
        dataDir: server.dataDir,
        adminCode: server.adminCode,
        demo: server.demo,
      }),
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Paperless Room server could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
