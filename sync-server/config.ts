import { join } from 'node:path';
import { parseArgs } from 'node:util';
import envPaths from 'env-paths';
import { z } from 'zod';

/** Command-line options of the room server, validated like any other input. */
export const ServerArgsSchema = z.strictObject({
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  demo: z.boolean(),
  webRoot: z.string().min(1).nullable(),
  readyFile: z.string().min(1).nullable(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  maxUploadMb: z.coerce.number().int().min(1).max(4096),
  blobCacheMb: z.coerce.number().int().min(0).max(8192),
});
export type ServerArgs = z.infer<typeof ServerArgsSchema>;

export const USAGE = `Usage: paperless-room-server [options]
  --data-dir DIR     where the database, blobs and room key live
                     (default: the user's data folder, ${join(envPaths('paperless-room', { suffix: '' }).data, 'room')})
  --host HOST        address to listen on (default 127.0.0.1; 0.0.0.0 for the whole room network)
  --port PORT        port (default 4400; 0 picks a free one)
  --demo             seed the demo meeting and print its join codes
  --web-root DIR     built web client to serve (default dist/renderer)
  --ready-file FILE  write {url, dataDir, adminCode, demo} as JSON here once listening
  --log-level LEVEL  fatal|error|warn|info|debug|trace|silent (default info)
  --max-upload-mb N  largest document upload in MB (default 200)
  --blob-cache-mb N  memory for hot document bytes in MB (default 64; 0 = always from disk)
  --help             this text`;

/** Parses argv; throws an Error whose message says what is wrong. */
export function parseServerArgs(argv: readonly string[]): ServerArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean' },
      'web-root': { type: 'string' },
      'ready-file': { type: 'string' },
      'log-level': { type: 'string' },
      'max-upload-mb': { type: 'string' },
      'blob-cache-mb': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const parsed = ServerArgsSchema.safeParse({
    dataDir: values['data-dir'] ?? join(envPaths('paperless-room', { suffix: '' }).data, 'room'),
    host: values.host ?? '127.0.0.1',
    port: values.port ?? 4400,
    demo: values.demo ?? false,
    webRoot: values['web-root'] ?? null,
    readyFile: values['ready-file'] ?? null,
    logLevel: values['log-level'] ?? 'info',
    maxUploadMb: values['max-upload-mb'] ?? 200,
    blobCacheMb: values['blob-cache-mb'] ?? 64,
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
