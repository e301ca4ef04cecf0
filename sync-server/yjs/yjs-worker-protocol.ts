import type { MinutesContent, RecordKind } from '#common/schemas/minutes';
import type { MinutesEdit } from '../minutes/minutes-doc';

/**
 * Messages between the hub and its Yjs worker thread (yjs-worker.ts, yjs-worker-host.ts). The
 * worker holds every document clients may write and is the only place their updates are
 * decoded and applied; the hub persists and broadcasts what it answers.
 */

/** Why the worker did not do what was asked; `budget` names the one that would be broken. */
export type WorkerRefusal =
  | {
      readonly kind: 'malformed';
      readonly message: string;
      /** Yjs gave up half-way: the worker dropped its copy, to be read again from the log. */
      readonly dropped?: boolean;
    }
  | { readonly kind: 'subdocument'; readonly message: string }
  | { readonly kind: 'budget'; readonly scope: 'document' | 'device'; readonly message: string }
  | { readonly kind: 'not-loaded'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string };

/** What a document holds, as the budgets count it. */
export interface DocSize {
  /** Structs in the document plus structs waiting for a part they depend on. */
  readonly items: number;
  /** Bytes of updates (and deletions) waiting for a part they depend on. */
  readonly pendingBytes: number;
}

export type WorkerRequest =
  | {
      readonly op: 'load';
      readonly doc: string;
      /** The document's rows from the update log, oldest first. */
      readonly rows: Uint8Array[];
      /** The document's item budget: a stored document over it is refused, not kept. */
      readonly maxItems: number;
      /** A minutes document's template, written once if it was never seeded (its update is answered). */
      readonly seed?: MinutesEdit;
    }
  | {
      readonly op: 'apply';
      readonly doc: string;
      readonly update: Uint8Array;
      /** The document's item budget. */
      readonly maxItems: number;
      /** Structs the sending device may still add (the tighter of its two budgets). */
      readonly deviceItems: number;
    }
  | { readonly op: 'contains'; readonly doc: string; readonly update: Uint8Array }
  | { readonly op: 'stateVector'; readonly doc: string }
  | { readonly op: 'diff'; readonly doc: string; readonly stateVector: Uint8Array }
  | { readonly op: 'snapshot'; readonly doc: string }
  | { readonly op: 'unload'; readonly doc: string }
  /** A server write into a minutes document (minutes-doc.ts). */
  | { readonly op: 'edit'; readonly doc: string; readonly edit: MinutesEdit }
  /** A minutes document read as blocks (what finalise freezes). */
  | { readonly op: 'readMinutes'; readonly doc: string }
  /** The records a minutes document holds blocks of. */
  | { readonly op: 'recordKeys'; readonly doc: string };

/** The answer to each request, by its `op`. */
export interface WorkerResults {
  /** `update`: what seeding wrote, to store and send on (null: nothing). */
  load: DocSize & { readonly update?: Uint8Array | null };
  apply: DocSize & {
    /** What the document integrated, to store and send on; null when nothing changed. */
    readonly update: Uint8Array | null;
    /** Structs in the update as sent. */
    readonly structs: number;
    /** By how much `items` grew (what the device is charged). */
    readonly growth: number;
    /** The server repaired record blocks the update changed: the sender needs `update` too. */
    readonly repaired: boolean;
  };
  /** Whether the update holds nothing the document lacks (a read-only socket's SyncStep2). */
  contains: boolean;
  stateVector: Uint8Array;
  diff: Uint8Array;
  snapshot: Uint8Array;
  unload: null;
  edit: DocSize & { readonly update: Uint8Array | null };
  readMinutes: MinutesContent;
  recordKeys: { kind: RecordKind; refId: string }[];
}

/** A request as posted: numbered, so the answer can be matched. */
export type NumberedRequest = WorkerRequest & { readonly id: number };

export type WorkerResponse =
  | { readonly ready: true }
  | {
      readonly id: number;
      /** Time the worker spent on the request. */
      readonly ms: number;
      readonly ok: true;
      readonly result: WorkerResults[keyof WorkerResults];
    }
  | { readonly id: number; readonly ms: number; readonly ok: false; readonly refusal: WorkerRefusal };
