import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileExtension } from './file-sniff';
import { formatDuration, IngestError } from './ingest-error';
import { tempPath } from './receive-upload';

/** Office formats we hand to LibreOffice, by file name extension (no dot, lower case). */
export const OFFICE_EXTENSIONS: readonly string[] = [
  'doc',
  'docx',
  'odt',
  'rtf',
  'xls',
  'xlsx',
  'ods',
  'ppt',
  'pptx',
  'odp',
];

/** How long one conversion may take before LibreOffice is killed. */
export const DEFAULT_CONVERSION_TIMEOUT_MS = 120_000;

/** What an upload's file name says it is: a PDF, an office file to convert, or neither. */
export type FileNameKind = 'pdf' | 'office' | 'unsupported';

/** Classifies a file name by its extension; `extension` is lower case without the dot. */
export function classifyFileName(fileName: string): { kind: FileNameKind; extension: string } {
  const extension = fileExtension(fileName);
  if (extension === 'pdf') return { kind: 'pdf', extension };
  if (OFFICE_EXTENSIONS.includes(extension)) return { kind: 'office', extension };
  return { kind: 'unsupported', extension };
}

/** Where LibreOffice is usually installed when it is not on PATH. */
function wellKnownLocations(): string[] {
  switch (process.platform) {
    case 'win32': {
      const roots = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter(
        (r): r is string => !!r,
      );
      return roots.map((r) => join(r, 'LibreOffice', 'program', 'soffice.exe'));
    }
    case 'darwin':
      return ['/Applications/LibreOffice.app/Contents/MacOS/soffice'];
    default:
      return ['/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Looks for the `soffice` program on PATH, then in the usual install folders. */
async function locateSoffice(): Promise<string | null> {
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice'];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  for (const candidate of wellKnownLocations()) if (await isExecutableFile(candidate)) return candidate;
  return null;
}

/** The detection result, found once per process: installing LibreOffice needs a restart to be seen. */
let sofficeLookup: Promise<string | null> | undefined;

/** The path of LibreOffice's `soffice`, or null when it is not installed (cached). */
export function findSoffice(): Promise<string | null> {
  sofficeLookup ??= locateSoffice();
  return sofficeLookup;
}

/** Forgets the cached detection (tests; or after installing LibreOffice without a restart). */
export function resetOfficeDetection(): void {
  sofficeLookup = undefined;
}

/** Whether this server can convert office files to PDF (LibreOffice found; cached). */
export async function officeConversionAvailable(): Promise<boolean> {
  return (await findSoffice()) !== null;
}

/** Overrides for one conversion. */
export interface ConvertOptions {
  /** Kill LibreOffice after this long (default 120 s). */
  readonly timeoutMs?: number;
  /** Use this soffice instead of the detected one. */
  readonly soffice?: string;
}

/**
 * One conversion at a time: LibreOffice is heavy (hundreds of MB per instance) and the room
 * server runs on a small box. Conversions queue behind each other; each one's timeout starts
 * when it actually runs.
 */
let conversionQueue: Promise<unknown> = Promise.resolve();

/**
 * Converts an office file to PDF with LibreOffice (`soffice --headless --convert-to pdf`) and
 * returns the path of the new PDF, a temp file in `tmpDir` that the caller owns. Each run gets
 * a fresh folder with its own LibreOffice profile (`-env:UserInstallation`), so it never
 * touches — or waits for — a desktop LibreOffice of the same user. The input is copied there
 * under a plain name with the original extension, which is what LibreOffice picks its import
 * filter by. Throws IngestError: unsupported_media_type for a name that is not an office
 * format or when LibreOffice is missing, invalid_document when conversion fails or times out.
 */
export async function convertToPdf(
  inputPath: string,
  originalName: string,
  tmpDir: string,
  opts: ConvertOptions = {},
): Promise<string> {
  const { kind, extension } = classifyFileName(originalName);
  if (kind !== 'office') throw IngestError.unsupportedType(extension);
  const soffice = opts.soffice ?? (await findSoffice());
  if (!soffice) throw IngestError.officeUnavailable();
  const run = conversionQueue.then(() =>
    runConversion(soffice, inputPath, extension, tmpDir, opts.timeoutMs ?? DEFAULT_CONVERSION_TIMEOUT_MS),
  );
  conversionQueue = run.catch(() => {});
  return run;
}

async function runConversion(
  soffice: string,
  inputPath: string,
  extension: string,
  tmpDir: string,
  timeoutMs: number,
): Promise<string> {
  await mkdir(tmpDir, { recursive: true });
  const work = await mkdtemp(join(tmpDir, 'office-'));
  try {
    const inDir = join(work, 'in');
    const outDir = join(work, 'out');
    await mkdir(inDir);
    await mkdir(outDir);
    const input = join(inDir, `document.${extension}`);
    await copyFile(inputPath, input);
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--norestore',
      '--nolockcheck',
      '--nodefault',
      '--nologo',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      input,
    ];
    const result = await runWithTimeout(soffice, args, timeoutMs);
    if (result.timedOut) {
      throw new IngestError(
        'invalid_document',
        `LibreOffice did not finish converting the file within ${formatDuration(timeoutMs)}; the file may be damaged or too large. Save it as PDF and upload the PDF`,
      );
    }
    const produced = join(outDir, 'document.pdf');
    const size = await stat(produced).then(
      (s) => s.size,
      () => -1,
    );
    if (size <= 0) throw IngestError.conversionFailed(explainFailure(result, extension));
    const target = tempPath(tmpDir, 'converted', '.pdf');
    await rename(produced, target);
    return target;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw IngestError.conversionFailed(`it could not be started (${(err as Error).message})`);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

interface RunResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The end of stdout and stderr together (LibreOffice reports load errors on either). */
  readonly output: string;
}

/** Keep at most this much of LibreOffice's chatter for the error message. */
const OUTPUT_LIMIT = 8 * 1024;

function runWithTimeout(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Its own process group on POSIX: `soffice` is a script that starts soffice.bin, and a
    // timeout must kill both.
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, timedOut, output });
    });
  });
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-child.pid, 'SIGKILL');
    }
  } catch {
    child.kill('SIGKILL');
  }
}

/** The LibreOffice part each family of formats needs; Writer alone (a common minimal install) opens only text documents. */
const MODULE_HINT: Record<string, string> = {
  xls: 'Calc',
  xlsx: 'Calc',
  ods: 'Calc',
  ppt: 'Impress',
  pptx: 'Impress',
  odp: 'Impress',
};

/** Turns LibreOffice's output into a reason a person can act on. */
function explainFailure(result: RunResult, extension: string): string {
  if (/source file could not be loaded/i.test(result.output)) {
    const module = MODULE_HINT[extension];
    return `LibreOffice could not open it; the file may be damaged, protected by a password, or not really the type its name says${module ? ` (or the room server's LibreOffice lacks ${module}, which .${extension} files need)` : ''}`;
  }
  const lastLine = result.output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/javaldx|java may not function/i.test(l))
    .at(-1);
  const how =
    result.exitCode !== null && result.exitCode !== 0
      ? `LibreOffice stopped with exit code ${result.exitCode}`
      : result.signal
        ? `LibreOffice was stopped by ${result.signal}`
        : 'LibreOffice produced no PDF';
  return `${how}${lastLine ? ` (${lastLine.slice(0, 200)})` : ''}; the file may be damaged or protected by a password`;
}
