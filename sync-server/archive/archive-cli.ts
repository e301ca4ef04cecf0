/**
 * `npm run archive -- export --data <dataDir> --meeting <id> --out <file.zip> [--file-code CODE]`
 * `npm run archive -- verify <file.zip>`
 *
 * Export reads the room's database and blobs (it may run beside a live room server: it only
 * reads, inside one read transaction) and writes the meeting's BagIt package. Verify checks a
 * package and exits 0 printing "valid", or 1 naming every problem in English and Vietnamese.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BlobStore } from '../blobs/blob-store';
import { DATABASE_FILE, openDatabase } from '../db/database';
import { writeMeetingPackage } from './meeting-package';
import { describeProblem, verifyMeetingPackage } from './package-verifier';

const USAGE = `Usage:
  npm run archive -- export --data DIR --meeting ID --out FILE.zip [--file-code CODE]
  npm run archive -- verify FILE.zip`;

const ExportArgsSchema = z.strictObject({
  data: z.string().min(1),
  meeting: z.string().min(1),
  out: z.string().min(1),
  'file-code': z.string().min(1).max(100).optional(),
});

async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' },
      meeting: { type: 'string' },
      out: { type: 'string' },
      'file-code': { type: 'string' },
    },
  });
  const args = ExportArgsSchema.parse(values);
  const dataDir = resolve(args.data);
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    console.error(`No room database in ${dataDir} / Không có cơ sở dữ liệu phòng họp trong ${dataDir}`);
    return 2;
  }
  const db = openDatabase(dataDir);
  try {
    const blobs = new BlobStore(join(dataDir, 'blobs'));
    const started = performance.now();
    const summary = await writeMeetingPackage({
      db,
      blobPath: (sha) => blobs.pathOf(sha),
      meetingId: args.meeting,
      outPath: resolve(args.out),
      ...(args['file-code'] ? { fileCode: args['file-code'] } : {}),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Wrote ${resolve(args.out)}: ${summary.payloadFiles} files, ${summary.documents} documents, ` +
        `${summary.zipBytes} bytes, audit head ${summary.auditHead.seq}, ${seconds} s`,
    );
    console.log(`Đã ghi gói lưu trữ: ${summary.payloadFiles} tệp, ${summary.documents} tài liệu`);
    for (const note of summary.notes) console.log(`note: ${note}`);
    return 0;
  } finally {
    db.close();
  }
}

async function verifyCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file || positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const result = await verifyMeetingPackage(resolve(file));
  if (result.ok) {
    console.log(
      `valid / hợp lệ: ${result.payloadFiles} files, ${result.payloadBytes} bytes, ` +
        `audit chain of ${result.auditEntries} entries to head ${result.auditHead?.seq ?? 0}`,
    );
    return 0;
  }
  console.log(`invalid / không hợp lệ: ${result.problems.length} problem(s)`);
  for (const p of result.problems) {
    const { en, vi } = describeProblem(p);
    console.log(`- ${en}\n  ${vi}`);
  }
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'export') return await exportCommand(rest);
    if (command === 'verify') return await verifyCommand(rest);
  } catch (err) {
    console.error(err instanceof z.ZodError ? `${z.prettifyError(err)}\n${USAGE}` : String(err));
    return 2;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
