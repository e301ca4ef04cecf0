/**
 * What this device keeps of the meetings a participant opened, so the client starts with the
 * room server gone: the last meeting detail (the meeting, its agenda and the participant's
 * document list, exactly as GET /meetings/:m answered it — it only lists documents granted to
 * them), and a ledger of the confidential ("mật") documents that ever reached the device, so
 * leaving the room can remove every one of them, earlier versions included.
 *
 * Kept in a small key-value storage (localStorage, which the desktop app keeps in its own
 * profile), per room server and participant: two people on one laptop never share it. It is
 * app data, not an HTTP cache: the service worker never keeps API answers. DOM-free, so it is
 * unit-tested under Node.
 */
import { type MeetingDetailResponse, MeetingDetailResponseSchema } from '#common/schemas/api';
import type { MeetingDocument } from '#common/schemas/document';
import { isSha256 } from '#ipc/cache';
import { ApiRequestError, type ApiClient } from '../api';
import type { KeyValueStorage } from './stored-map';

/** A storage that can also forget (localStorage; a Map-backed fake in tests). */
export interface ForgetfulStorage extends KeyValueStorage {
  removeItem(key: string): void;
}

/** The confidential documents that reached this device, by id and by every hash they had. */
export interface ConfidentialLedger {
  readonly documentIds: readonly string[];
  readonly sha256: readonly string[];
}

/** Upper bound on ledger entries, so a long-lived device does not grow the entry forever. */
const MAX_LEDGER = 2_000;

interface IndexRecord {
  meetings: string[];
  documentIds: string[];
  sha256: string[];
}

function strings(value: unknown, keep: (item: string) => boolean = () => true): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && keep(item))
    : [];
}

function parseIndex(raw: string | null): IndexRecord {
  try {
    const value: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      return {
        meetings: strings(record.meetings),
        documentIds: strings(record.documentIds),
        sha256: strings(record.sha256, isSha256),
      };
    }
  } catch {
    // Damaged: start over (the documents themselves stay in the document cache).
  }
  return { meetings: [], documentIds: [], sha256: [] };
}

/** Adds `items` to `list` (no duplicates, oldest dropped past the cap). */
function addAll(list: string[], items: Iterable<string>): string[] {
  const set = new Set(list);
  for (const item of items) {
    set.delete(item);
    set.add(item);
  }
  return [...set].slice(-MAX_LEDGER);
}

/** See the module comment. */
export class MeetingCopies {
  /** The index entry (meetings kept, confidential ledger); each meeting's detail is under `${base}:${id}`. */
  private readonly base: string;

  constructor(
    private readonly storage: ForgetfulStorage | null,
    serverUrl: string,
    participantId: string,
  ) {
    this.base = `paperless.meetings.v1:${serverUrl}:${participantId}`;
  }

  /** The meeting detail kept for `meetingId`, or null (none, or unreadable). */
  load(meetingId: string): MeetingDetailResponse | null {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(`${this.base}:${meetingId}`) ?? null;
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const parsed = MeetingDetailResponseSchema.safeParse(JSON.parse(raw));
      if (parsed.success && parsed.data.meeting.id === meetingId) return parsed.data;
    } catch {
      // Corrupt JSON: as if nothing were kept.
    }
    return null;
  }

  /** Keeps the detail (replacing the last one) and notes its confidential documents in the ledger. */
  save(detail: MeetingDetailResponse): void {
    const index = this.readIndex();
    this.writeIndex({
      meetings: addAll(index.meetings, [detail.meeting.id]),
      ...withConfidential(index, detail.documents),
    });
    try {
      this.storage?.setItem(`${this.base}:${detail.meeting.id}`, JSON.stringify(detail));
    } catch {
      // Full or disabled storage: the client still works online; offline it shows what it can.
    }
  }

  /** Notes confidential documents (from a list the device is downloading) in the ledger. */
  noteConfidential(documents: readonly MeetingDocument[]): void {
    const index = this.readIndex();
    const next = { meetings: index.meetings, ...withConfidential(index, documents) };
    if (next.documentIds.length !== index.documentIds.length || next.sha256.length !== index.sha256.length) {
      this.writeIndex(next);
    }
  }

  /** Every confidential document that reached the device for this participant. */
  confidential(): ConfidentialLedger {
    const { documentIds, sha256 } = this.readIndex();
    return { documentIds, sha256 };
  }

  /** Forgets every kept meeting and the ledger (after the documents it names were removed). */
  forgetAll(): void {
    const { meetings } = this.readIndex();
    try {
      for (const meetingId of meetings) this.storage?.removeItem(`${this.base}:${meetingId}`);
      this.storage?.removeItem(this.base);
    } catch {
      // Disabled storage held nothing either.
    }
  }

  private readIndex(): IndexRecord {
    try {
      return parseIndex(this.storage?.getItem(this.base) ?? null);
    } catch {
      return parseIndex(null);
    }
  }

  private writeIndex(index: IndexRecord): void {
    try {
      this.storage?.setItem(this.base, JSON.stringify(index));
    } catch {
      // Full or disabled storage: leaving still removes the documents of the current list.
    }
  }
}

function withConfidential(
  index: IndexRecord,
  documents: readonly MeetingDocument[],
): Pick<IndexRecord, 'documentIds' | 'sha256'> {
  const secret = documents.filter((document) => document.classification === 'mat');
  if (secret.length === 0) return { documentIds: index.documentIds, sha256: index.sha256 };
  return {
    documentIds: addAll(
      index.documentIds,
      secret.map((document) => document.id),
    ),
    sha256: addAll(
      index.sha256,
      secret.map((document) => document.sha256),
    ),
  };
}

/** True when the error means "no answer from the room server" (rather than a refusal). */
export function isServerUnreachable(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return false;
  if (error.code === 'network_error' || error.code === 'timeout') return true;
  return error.status === 502 || error.status === 503 || error.status === 504;
}

/** The meeting a stored session belongs to, asked for as the app starts ({@link askForMeetingEarly}). */
export interface EarlyMeeting {
  readonly serverUrl: string;
  readonly token: string;
  readonly meetingId: string;
  readonly answer: ReturnType<ApiClient['getMeeting']>;
}

let earlyMeeting: EarlyMeeting | null = null;

/**
 * Asks for a stored session's meeting as the app starts (main.tsx), before its first screen
 * has rendered (0.3–0.5 s on a laptop just started), so a document opened straight from the
 * address (`#viewer=…`) does not wait for that render to ask for the list. The first ask for the
 * meeting through {@link withMeetingCopies} with {@link takeEarlyMeeting} gets this answer;
 * every later ask sends its own request, as always, and the live document's first sync asks
 * again anyway, so nothing changed during the start is missed.
 */
export function askForMeetingEarly(
  api: ApiClient,
  serverUrl: string,
  token: string,
  meetingId: string,
): void {
  const answer = api.getMeeting(meetingId);
  // Unclaimed (the session turned out to be revoked, say), its failure is nobody's to report.
  answer.catch(() => undefined);
  earlyMeeting = { serverUrl, token, meetingId, answer };
}

/** The early ask of {@link askForMeetingEarly} for this server and token, once; null otherwise. */
export function takeEarlyMeeting(serverUrl: string, token: string): EarlyMeeting | null {
  const early = earlyMeeting;
  if (early === null || early.serverUrl !== serverUrl || early.token !== token) return null;
  earlyMeeting = null;
  return early;
}

/**
 * The API client, with GET /meetings/:m kept on the device: every answer is kept, and when the
 * room server cannot be reached the kept answer stands in for it, so the agenda, the document
 * list (and through it the documents on the device) show after a reload with the server gone.
 * A refusal (signed out, no longer a participant) is never answered from the device.
 *
 * Callers asking for the same meeting in one run of the page's code share one request: the
 * agenda, the document list and the session's panels all ask in the same render when the live
 * document says the meeting changed, and one answer read, checked and kept serves them all. A
 * later ask (after another change, perhaps) always sends its own request, so nobody is answered
 * with a state older than their question; the one exception is `early`, the ask made as the app
 * started, which answers the first ask for its meeting.
 */
export function withMeetingCopies(
  api: ApiClient,
  copies: MeetingCopies,
  early: EarlyMeeting | null = null,
): ApiClient {
  const inFlight = new Map<string, ReturnType<ApiClient['getMeeting']>>();
  let earlyAnswer = early;
  const fetchKept = async (meetingId: string): ReturnType<ApiClient['getMeeting']> => {
    const asked = earlyAnswer?.meetingId === meetingId ? earlyAnswer.answer : null;
    if (asked !== null) earlyAnswer = null;
    try {
      const detail = await (asked ?? api.getMeeting(meetingId));
      copies.save(detail);
      return detail;
    } catch (error) {
      const kept = isServerUnreachable(error) ? copies.load(meetingId) : null;
      if (kept === null) throw error;
      return kept;
    }
  };
  return {
    ...api,
    getMeeting(meetingId) {
      const pending = inFlight.get(meetingId);
      if (pending) return pending;
      const request = fetchKept(meetingId);
      inFlight.set(meetingId, request);
      queueMicrotask(() => {
        if (inFlight.get(meetingId) === request) inFlight.delete(meetingId);
      });
      return request;
    },
  };
}
