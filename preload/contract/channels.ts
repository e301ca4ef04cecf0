import { z } from 'zod';
import { type CacheEntryInfo, type CacheEntryState, type CacheRange, SHA256_HEX } from './cache';

/**
 * The main ⇄ renderer IPC contract: one entry per channel, named `namespace:verb`, with
 * the zod schema that main uses to check the arguments. This file is std code (zod only):
 * main, preload and renderer all import it, so it may not touch Node, DOM or Electron.
 * `URL` is a WHATWG global in every one of those runtimes.
 */

/** Error codes a handler may answer with. Add codes; never rename one the renderer checks. */
export const IPC_ERROR_CODES = [
  'forbidden',
  'bad-request',
  'internal',
  /** `cache:write-chunk`: the chunk does not continue the stored copy; ask `cache:has` where it ends. */
  'conflict',
  /** `cache:commit`: the stored bytes do not hash to their name; the partial copy was deleted. */
  'checksum-mismatch',
] as const;
/** One of {@link IPC_ERROR_CODES}. */
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

/** The error half of {@link IpcResult}; only `code` and `message` cross the process boundary. */
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

/** Every invoke answers with this envelope; handlers never throw across IPC. */
export type IpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IpcError };

/**
 * Parses `value` as an absolute http(s) URL without embedded credentials.
 * Returns `null` for anything else (other schemes, `user:pass@`, malformed input).
 */
export function parseHttpUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url;
}

/** An http(s) URL, normalised to its `href` (`HTTP://Host:80` → `http://host/`). */
export const HttpUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => parseHttpUrl(value) !== null, {
    message: 'must be an http:// or https:// URL without credentials',
  })
  .transform((value) => (parseHttpUrl(value) as URL).href);

/** UI languages; Vietnamese is the default. */
export const LanguageSchema = z.enum(['vi', 'en']);
/** One of the UI languages. */
export type Language = z.infer<typeof LanguageSchema>;

/** Settings persisted per user in main (`userData/settings.json`). */
export const SettingsSchema = z.object({
  /** The room server this client joins; `null` until the user (or the launcher) picks one. */
  serverUrl: HttpUrlSchema.nullable(),
  /** UI language. */
  language: LanguageSchema,
});
/** The persisted settings. */
export type Settings = z.output<typeof SettingsSchema>;

/** A partial update for `settings:set`; unknown keys are refused. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
/** What the renderer sends to `settings:set`. */
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** What `app:get-info` answers. */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  electron: z.string(),
  chrome: z.string(),
  node: z.string(),
});
/** Version and platform facts for the About box and bug reports. */
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** A document's name in the cache: the SHA-256 of its bytes, 64 lowercase hex digits. */
export const CacheNameSchema = z.string().regex(SHA256_HEX, 'must be a sha256 hex digest');

/** The largest chunk one `cache:write-chunk` call may carry. */
export const MAX_CACHE_CHUNK_BYTES = 16 * 1024 * 1024;

/** Bytes crossing the bridge (a Buffer is a Uint8Array too), at most {@link MAX_CACHE_CHUNK_BYTES}. */
export const CacheChunkSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength <= MAX_CACHE_CHUNK_BYTES, { message: 'chunk too large' });

/** How many bytes one `cache:read-range` call may ask for (0 only sizes the file). */
export const CacheRangeLengthSchema = z.number().int().min(0).max(MAX_CACHE_CHUNK_BYTES);

/** Where an append continues: a byte offset into the partial copy. */
export const CacheOffsetSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A meeting id as the room server makes them (the shared `IdSchema`'s rule; contract code imports no domain). */
export const ProjectorMeetingIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'not a meeting id');

/** What `projector:open` did: a window on an external display, or (none attached) on the app's own. */
export const ProjectorOpenResultSchema = z.object({ external: z.boolean() });
/** The answer of `projector:open`. */
export type ProjectorOpenResult = z.infer<typeof ProjectorOpenResultSchema>;

/**
 * An offline annotation store's key (renderer/src/lib/yjs/offline-persistence.ts): server,
 * participant and layer document name. Main hashes it into a file name, so it is never a path.
 */
export const AnnotationStoreKeySchema = z
  .string()
  .max(1024)
  .regex(/^paperless-ann\|[^|]+\|[^|]+\|[^|]+$/, 'not an annotation store key');

/** Annotation layer updates are small (a stroke is a few KB); a merged 5,000-annotation layer is a few MB. */
export const MAX_ANNOTATION_UPDATE_BYTES = 32 * 1024 * 1024;

/** One Yjs update crossing the bridge. */
export const AnnotationUpdateSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength <= MAX_ANNOTATION_UPDATE_BYTES, { message: 'update too large' });

/** What `annotations:load` answers: the layer's stored updates in order, and its unsent-edit count. */
export interface StoredAnnotationLayer {
  readonly updates: Uint8Array[];
  readonly pending: number;
}

/** Channel → argument tuple and result type. The single source of truth for the bridge. */
export interface IpcContract {
  'app:get-info': { args: []; result: AppInfo };
  'settings:get': { args: []; result: Settings };
  'settings:set': { args: [patch: SettingsPatch]; result: Settings };
  'shell:open-external': { args: [url: string]; result: null };
  'cache:has': { args: [sha256: string]; result: CacheEntryState };
  'cache:read': { args: [sha256: string]; result: Uint8Array | null };
  /** Part of a complete copy (null when there is none), so the viewer never holds the whole file. */
  'cache:read-range': { args: [sha256: string, offset: number, length: number]; result: CacheRange | null };
  'cache:write-chunk': { args: [sha256: string, offset: number, bytes: Uint8Array]; result: number };
  'cache:commit': { args: [sha256: string, expectedSize: number]; result: null };
  'cache:discard-partial': { args: [sha256: string]; result: null };
  'cache:list': { args: []; result: CacheEntryInfo[] };
  'cache:delete': { args: [sha256: string]; result: null };
  /** Opens (or brings back) the projector window of a meeting, full screen on an external display if any. */
  'projector:open': { args: [meetingId: string]; result: ProjectorOpenResult };
  /** The user's own annotation layers kept on the device while offline (main/cache/annotation-store.ts). */
  'annotations:load': { args: [key: string]; result: StoredAnnotationLayer };
  'annotations:append': { args: [key: string, update: Uint8Array]; result: null };
  'annotations:replace': { args: [key: string, update: Uint8Array]; result: null };
  'annotations:set-pending': { args: [key: string, count: number]; result: null };
  /** Removes every stored layer (leaving the meeting). */
  'annotations:clear': { args: []; result: null };
}

/** Every invoke channel name. */
export type IpcChannel = keyof IpcContract;

/** The zod schema main parses each channel's raw arguments with. */
export const argSchemas = {
  'app:get-info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([SettingsPatchSchema]),
  'shell:open-external': z.tuple([HttpUrlSchema]),
  'cache:has': z.tuple([CacheNameSchema]),
  'cache:read': z.tuple([CacheNameSchema]),
  'cache:read-range': z.tuple([CacheNameSchema, CacheOffsetSchema, CacheRangeLengthSchema]),
  'cache:write-chunk': z.tuple([CacheNameSchema, CacheOffsetSchema, CacheChunkSchema]),
  'cache:commit': z.tuple([CacheNameSchema, CacheOffsetSchema]),
  'cache:discard-partial': z.tuple([CacheNameSchema]),
  'cache:list': z.tuple([]),
  'cache:delete': z.tuple([CacheNameSchema]),
  'projector:open': z.tuple([ProjectorMeetingIdSchema]),
  'annotations:load': z.tuple([AnnotationStoreKeySchema]),
  'annotations:append': z.tuple([AnnotationStoreKeySchema, AnnotationUpdateSchema]),
  'annotations:replace': z.tuple([AnnotationStoreKeySchema, AnnotationUpdateSchema]),
  'annotations:set-pending': z.tuple([AnnotationStoreKeySchema, z.number().int().min(0).max(1_000_000_000)]),
  'annotations:clear': z.tuple([]),
} satisfies { [K in IpcChannel]: z.ZodType<IpcContract[K]['args'], unknown> };

/** Events main sends to the renderer: event name → payload. */
export interface IpcEvents {
  'settings:changed': Settings;
}

/** Every main → renderer event name. */
export type IpcEventName = keyof IpcEvents;
