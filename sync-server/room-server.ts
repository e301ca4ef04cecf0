import { renameSync, writeFileSync } from 'node:fs';
import { type RunningRoomServer, startRoomServer } from './app';
import { parseServerArgs, USAGE } from './config';

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
    lines.push('', `  Demo meeting: ${server.demo.meetingTitle}`, '  Join codes (valid 7 days):');
    for (const c of server.demo.codes) {
      lines.push(`    ${c.code}  ${c.role.padEnd(11)} ${c.name}`);
    }
    lines.push(`  Join link example: ${server.publicUrl}/?join=${server.demo.codes[0]?.code ?? ''}`);
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseServerArgs>;
  try {
    args = parseServerArgs(process.argv.slice(2));
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
  process.stdout.write(`${banner(server)}\n`);
  if (args.readyFile) {
    const tmp = `${args.readyFile}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({
        url: server.url,
        publicUrl: server.publicUrl,
        dataDir: server.dataDir,
        adminCode: server.adminCode,
        demo: server.demo,
      }),
    );
    renameSync(tmp, args.readyFile);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.context.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.context.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Paperless Room server could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
