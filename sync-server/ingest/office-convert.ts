import { type ChildProcess, spawn } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import {
  access,
  chown,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { fileExtension } from './file-sniff';
import { IngestError } from './ingest-error';
import { findExternalReference } from './office-references';
import { type OfficeSandbox, officeSandbox, PROFILE_SETTINGS, resetOfficeSandbox } from './office-sandbox';
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
  resetOfficeSandbox();
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
 * returns the path of the new PDF, a temp file in `tmpDir` that the caller owns.
 *
 * The file is untrusted, and LibreOffice loads what a document links to. So: a file that links
 * to a file on the server's disk is refused, and one that links to a web address too unless
 * LibreOffice runs without a network (its own network namespace, where the machine allows it;
 * see office-sandbox.ts); LibreOffice never runs as root (as `nobody` when the server is root);
 * each run gets a fresh folder with its own profile (`-env:UserInstallation`), set never to load
 * linked content, update links or run macros, so it never touches — or waits for — a desktop
 * LibreOffice of the same user; its environment holds nothing of the server's. The input is
 * copied there under a plain name with the original extension, which is what LibreOffice picks
 * its import filter by. Throws IngestError: unsupported_media_type for a name that is not an
 * office format or when LibreOffice is missing, invalid_document for a file that links outside
 * itself and when conversion fails or times out.
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
  const sandbox = await officeSandbox();
  const reference = await findExternalReference(inputPath, sandbox.isolatesNetwork);
  if (reference) throw IngestError.externalReference(reference);
  // Behind unshare/setpriv a missing program would only show as an exit code.
  if (!(await isExecutableFile(soffice))) {
    throw IngestError.conversionFailed(`it could not be started (${soffice} is not an executable file)`);
  }
  await mkdir(tmpDir, { recursive: true });
  // LibreOffice's folder must be its own. Running as another user it goes in the system's temp
  // folder, which that user can reach, not under the room's data directory, which it must not.
  const work = await mkdtemp(join(sandbox.runAs ? tmpdir() : tmpDir, 'office-'));
  try {
    const inDir = join(work, 'in');
    const outDir = join(work, 'out');
    const profileDir = join(work, 'profile', 'user');
    await mkdir(inDir);
    await mkdir(outDir);
    await mkdir(join(work, 'tmp'));
    await mkdir(profileDir, { recursive: true });
    await writeFile(join(profileDir, 'registrymodifications.xcu'), PROFILE_SETTINGS);
    const input = join(inDir, `document.${extension}`);
    await copyFile(inputPath, input);
    if (sandbox.runAs) await chownTree(work, sandbox.runAs.uid, sandbox.runAs.gid);
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
    const result = await runWithTimeout(soffice, args, timeoutMs, sandbox, work);
    if (result.timedOut) {
      throw IngestError.conversionTimeout(timeoutMs);
    }
    const produced = join(outDir, 'document.pdf');
    const size = await lstat(produced).then(
      (s) => (s.isFile() ? s.size : -1),
      () => -1,
    );
    if (size <= 0) throw IngestError.conversionFailed(explainFailure(result, extension));
    const target = tempPath(tmpDir, 'converted', '.pdf');
    await takeOutput(produced, target, sandbox);
    return target;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw IngestError.conversionFailed(`it could not be started (${(err as Error).message})`);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Moves LibreOffice's PDF out of its folder. When LibreOffice ran as another user, that folder
 * was its to change: the file is opened without following a symlink, checked to be a plain file
 * and copied, so a subverted converter cannot make the server read a file in its place.
 */
async function takeOutput(produced: string, target: string, sandbox: OfficeSandbox): Promise<void> {
  if (!sandbox.runAs) {
    await rename(produced, target);
    return;
  }
  const source = await open(produced, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    if (!(await source.stat()).isFile()) throw new Error('the converted PDF is not a plain file');
    await pipeline(
      source.createReadStream({ autoClose: false }),
      createWriteStream(target, { flags: 'wx', mode: 0o600 }),
    );
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  } finally {
    await source.close();
  }
}

/** Gives a folder and everything in it to another user (LibreOffice's, when the server is root). */
async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, uid, gid);
    else await chown(path, uid, gid);
  }
}

/**
 * LibreOffice's environment: only what it needs, none of the server's own variables; its home
 * and temp folder are the conversion's folder. Windows programs need their system variables.
 */
function conversionEnv(work: string): NodeJS.ProcessEnv {
  if (process.platform === 'win32') return process.env;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: work,
    TMPDIR: join(work, 'tmp'),
    LANG: 'C.UTF-8',
    SAL_USE_VCLPLUGIN: 'svp',
  };
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

function runWithTimeout(
  command: string,
  args: string[],
  timeoutMs: number,
  sandbox: OfficeSandbox,
  work: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [program, ...prefixArgs] = [...sandbox.prefix, command];
    // Its own process group on POSIX: `soffice` is a script that starts soffice.bin, and a
    // timeout must kill both. unshare and setpriv exec the next program: the pid stays the same.
    const child = spawn(program!, [...prefixArgs, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      cwd: work,
      env: conversionEnv(work),
      ...(sandbox.uid === undefined ? {} : { uid: sandbox.uid }),
      ...(sandbox.gid === undefined ? {} : { gid: sandbox.gid }),
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
