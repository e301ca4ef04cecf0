/**
 * Per-user settings in one JSON file under `userData`. Pure Node (no Electron import) so
 * it is unit-tested with a temp folder. Reads never crash the app: a missing, unreadable
 * or corrupt file means defaults. Writes are atomic (temp file, fsync, rename) and
 * serialised, so a crash mid-write leaves the previous file whole.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  HttpUrlSchema,
  LanguageSchema,
  type Settings,
  type SettingsPatch,
  SettingsPatchSchema,
} from '#ipc/channels';

/** The settings file name inside `userData`. */
export const SETTINGS_FILE_NAME = 'settings.json';

/** What a fresh install starts with. */
export const DEFAULT_SETTINGS: Settings = { serverUrl: null, language: 'vi' };

/**
 * The file's shape. Each field falls back on its own (`catch`), so one bad value does not
 * throw the others away; unknown keys from a newer version are ignored.
 */
const StoredSettingsSchema = z.object({
  serverUrl: HttpUrlSchema.nullable().optional().catch(undefined),
  language: LanguageSchema.optional().catch(undefined),
});
type StoredSettings = z.output<typeof StoredSettingsSchema>;

/** Logger for recoverable problems; `console` by default. */
export interface SettingsLogger {
  warn(message: string, ...details: unknown[]): void;
}

/** Options for {@link openSettingsStore}. */
export interface SettingsStoreOptions {
  readonly filePath: string;
  /** Used for every field the file does not set, e.g. the launcher's room server URL. Never written. */
  readonly defaults?: Settings;
  readonly logger?: SettingsLogger;
}

/** The live settings of this run. */
export interface SettingsStore {
  /** The effective settings: the file's values over the defaults. */
  get(): Settings;
  /** Validates `patch`, writes the file atomically, then returns the new effective settings. */
  set(patch: SettingsPatch): Promise<Settings>;
}

function effective(stored: StoredSettings, defaults: Settings): Settings {
  return {
    serverUrl: stored.serverUrl ?? defaults.serverUrl,
    language: stored.language ?? defaults.language,
  };
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Reads the stored (partial) settings. A missing file is `{}`; an unreadable or corrupt one
 * is logged, renamed to `<file>.corrupt` for diagnosis (best effort) and read as `{}`.
 */
export async function readStoredSettings(
  filePath: string,
  logger: SettingsLogger = console,
): Promise<StoredSettings> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') logger.warn(`settings: cannot read ${filePath}; using defaults`, err);
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StoredSettingsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  logger.warn(`settings: ${filePath} is not a settings object; using defaults`);
  await rename(filePath, `${filePath}.corrupt`).catch(() => undefined);
  return {};
}

const RENAME_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      // Windows: a virus scanner or indexer briefly holding the target makes rename fail.
      if (attempt >= 4 || process.platform !== 'win32' || !RENAME_RETRY_CODES.has(errorCode(err) ?? '')) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/**
 * Replaces `filePath` with `data` atomically: write a sibling temp file, fsync it, rename it
 * over the target, then fsync the folder (POSIX) so the rename itself survives a power cut.
 * On failure the temp file is removed and the old file is untouched.
 */
export async function writeFileAtomic(filePath: string, data: string): Promise<void> {
  const dir = path.dirname(filePath);
  await mkdir(dir, { recursive: true });
  const tempPath = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(tempPath, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(tempPath, filePath);
  } catch (err) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw err;
  }
  if (process.platform !== 'win32') await syncFolder(dir);
}

/** Best effort: some file systems refuse to fsync a folder, and the data is already safe. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Ignored on purpose: see above.
  }
}

/** Loads the settings file once and returns the store that serves and updates it. */
export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const { filePath } = options;
  const defaults = options.defaults ?? DEFAULT_SETTINGS;
  const logger = options.logger ?? console;
  let stored = await readStoredSettings(filePath, logger);
  /** The last queued write; writes run one after another so the file ends with the last `set`. */
  let queue: Promise<unknown> = Promise.resolve();

  const write = async (patch: SettingsPatch): Promise<Settings> => {
    const next: StoredSettings = { ...stored, ...SettingsPatchSchema.parse(patch) };
    await writeFileAtomic(filePath, `${JSON.stringify(next, null, 2)}\n`);
    stored = next;
    return effective(stored, defaults);
  };

  return {
    get: () => effective(stored, defaults),
    set: (patch) => {
      const run = queue.then(() => write(patch));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
