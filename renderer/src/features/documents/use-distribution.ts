import type { MeetingDetailResponse } from '#common/schemas/api';
import type { MeetingDocument } from '#common/schemas/document';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  type ApiClient,
  type ClientErrorCode,
  createBlobFetcher,
  createReaderCopyFetcher,
  isUnauthenticated,
} from '../../lib/api';
import type { DocumentCache } from '../../lib/cache/document-cache';
import { type DistributionSnapshot, DownloadManager } from '../../lib/cache/download-manager';
import type { ConfidentialLedger } from '../../lib/cache/meeting-copies';
import { openDocumentCache } from '../../lib/cache/open-document-cache';
import { ReaderCopyIndex } from '../../lib/cache/reader-copy-index';
import { removeConfidentialDocuments } from '../../lib/cache/remove-confidential';
import { SeenVersions } from '../../lib/cache/seen-versions';
import { AnswerOrder } from '../../lib/answer-order';
import { errorCodeOf } from '../../lib/errors';
import { prewarmViewer } from '../../lib/pdf/viewer';
import { buildAgendaTree } from '../meeting/agenda-tree';

/** What {@link useDistribution} needs to know. */
export interface DistributionOptions {
  api: ApiClient;
  serverUrl: string;
  token: string;
  meetingId: string | null;
  participantId: string;
  /** From the live document: a change means "refetch the document list". */
  documentsRevision: number | null;
  publishedRevision: number | null;
  /** The live socket has its first full state: after a reconnect, failed downloads are retried. */
  liveSynced: boolean;
  onUnauthenticated: () => void;
}

/** The distribution state for the UI. */
export interface Distribution {
  readonly snapshot: DistributionSnapshot;
  /** Null until the device cache is open. */
  readonly manager: DownloadManager | null;
  /** The agenda number ("1.2") of each document's item, for the panel rows. */
  readonly agendaNumbers: ReadonlyMap<string, string>;
  /** Set when the latest attempt to fetch the document list failed (the last list stays). */
  readonly listError: ClientErrorCode | null;
  /** Fetches the list again and retries failed downloads. */
  retry(): void;
  /**
   * Leaving the room: stops every download, then deletes the confidential documents (those of
   * the ledger and of the current list, with their reader copies) from the device. Resolves
   * with the hashes deleted.
   */
  removeConfidential(ledger: ConfidentialLedger): Promise<string[]>;
}

const EMPTY_SNAPSHOT: DistributionSnapshot = {
  listLoaded: false,
  documents: [],
  total: { totalBytes: 0, receivedBytes: 0, percent: 0, doneCount: 0, count: 0 },
  bytesPerSecond: 0,
  secondsLeft: null,
  busy: true,
};

const noSubscription = (): (() => void) => () => {};
const emptySnapshot = (): DistributionSnapshot => EMPTY_SNAPSHOT;

/** localStorage, or null where the browser refuses it. */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Where a participant's reader copies are recorded (see {@link ReaderCopyIndex}). */
function readerCopiesKey(serverUrl: string, participantId: string): string {
  return `paperless.documents.readerCopies.v1:${serverUrl}:${participantId}`;
}

/**
 * Sorts documents in agenda order (item by item as numbered, then by position; documents
 * not attached to an item last), so what is discussed first downloads first.
 */
function inAgendaOrder(detail: MeetingDetailResponse): {
  documents: MeetingDocument[];
  numbers: Map<string, string>;
} {
  const order = new Map<string, { index: number; number: string }>();
  const walk = (nodes: ReturnType<typeof buildAgendaTree>): void => {
    for (const node of nodes) {
      order.set(node.item.id, { index: order.size, number: node.number });
      walk(node.children);
    }
  };
  walk(buildAgendaTree(detail.agenda));
  const rank = (document: MeetingDocument): number =>
    document.agendaItemId === null
      ? Number.MAX_SAFE_INTEGER
      : (order.get(document.agendaItemId)?.index ?? Number.MAX_SAFE_INTEGER);
  const documents = [...detail.documents].sort((a, b) => rank(a) - rank(b) || a.position - b.position);
  const numbers = new Map<string, string>();
  for (const document of documents) {
    const number = document.agendaItemId === null ? undefined : order.get(document.agendaItemId)?.number;
    if (number !== undefined) numbers.set(document.id, number);
  }
  return { documents, numbers };
}

/**
 * Keeps the participant's documents on this device: opens the device cache, starts the
 * download manager, refetches the document list whenever the live document says it changed,
 * and prewarms the PDF worker so documents open later even with the server gone.
 */
export function useDistribution(options: DistributionOptions): Distribution {
  const {
    api,
    serverUrl,
    token,
    meetingId,
    participantId,
    documentsRevision,
    publishedRevision,
    liveSynced,
  } = options;
  const [manager, setManager] = useState<DownloadManager | null>(null);
  const [listError, setListError] = useState<ClientErrorCode | null>(null);
  const [agendaNumbers, setAgendaNumbers] = useState<ReadonlyMap<string, string>>(new Map());
  const [attempt, setAttempt] = useState(0);
  /** The latest callback, so a new function identity does not restart the manager. */
  const onUnauthenticated = useRef(options.onUnauthenticated);
  onUnauthenticated.current = options.onUnauthenticated;

  // Load pdf.js and start its worker while the server is surely reachable.
  useEffect(() => {
    prewarmViewer().catch((error: unknown) => console.error('Could not start the PDF reader', error));
  }, []);

  useEffect(() => {
    if (meetingId === null) {
      setManager(null);
      return;
    }
    let cancelled = false;
    let created: DownloadManager | null = null;
    openDocumentCache().then(
      (cache: DocumentCache) => {
        if (cancelled) return;
        created = new DownloadManager({
          cache,
          fetchBlob: createBlobFetcher(serverUrl, token),
          // "No export" documents come as copies stamped with this reader, cached under their own hash.
          fetchReaderCopy: createReaderCopyFetcher(serverUrl, token),
          readerCopies: new ReaderCopyIndex(browserStorage(), readerCopiesKey(serverUrl, participantId)),
          seen: new SeenVersions(
            browserStorage(),
            `paperless.documents.seen.v1:${serverUrl}:${participantId}`,
          ),
          onUnauthenticated: () => onUnauthenticated.current(),
        });
        setManager(created);
      },
      (error: unknown) => console.error('Could not open the document cache', error),
    );
    return () => {
      cancelled = true;
      created?.destroy();
      setManager(null);
    };
  }, [serverUrl, token, meetingId, participantId]);

  // The list is fetched while the device cache opens, not after (a document opened at once,
  // `#viewer=…`, waits for both), and handed to the manager once both are there.
  const [listed, setListed] = useState<{ meetingId: string; documents: MeetingDocument[] } | null>(null);
  // Unmounted: no answer is used any more.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // A refetch (the live document's first sync bumps the revisions) does not cancel the request
  // in flight: its answer is used unless a later one was (answer-order.ts). Answers for another
  // meeting or api than the current one are dropped.
  const answers = useMemo(() => new AnswerOrder(), []);
  const current = useRef({ api, meetingId });
  current.current = { api, meetingId };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the revisions and `attempt` are refetch triggers
  useEffect(() => {
    if (meetingId === null) return;
    const n = answers.next();
    const stale = (): boolean =>
      !mounted.current ||
      current.current.meetingId !== meetingId ||
      current.current.api !== api ||
      !answers.accept(n);
    api.getMeeting(meetingId).then(
      (detail) => {
        if (stale()) return;
        const { documents, numbers } = inAgendaOrder(detail);
        setAgendaNumbers(numbers);
        setListError(null);
        setListed({ meetingId, documents });
      },
      (error: unknown) => {
        if (stale()) return;
        if (isUnauthenticated(error)) {
          onUnauthenticated.current();
          return;
        }
        // Keep the last list (and the documents on the device): offline is a normal state here.
        setListError(errorCodeOf(error));
      },
    );
  }, [api, meetingId, documentsRevision, publishedRevision, attempt]);
  useEffect(() => {
    if (manager !== null && listed !== null && listed.meetingId === meetingId)
      manager.setDocuments(listed.documents);
  }, [manager, listed, meetingId]);

  // Back online (the live socket synced again): fetch the list and retry what failed. Not on
  // its first sync: the list is being fetched already, and the revisions that sync brings
  // fetch it again; one more answer to read and draw would only slow the first screen.
  const wasSynced = useRef(liveSynced);
  const everSynced = useRef(liveSynced);
  useEffect(() => {
    if (liveSynced && !wasSynced.current && everSynced.current) {
      manager?.retryFailed();
      setAttempt((n) => n + 1);
    }
    wasSynced.current = liveSynced;
    if (liveSynced) everSynced.current = true;
  }, [liveSynced, manager]);

  const retry = useCallback(() => {
    manager?.retryFailed();
    setAttempt((n) => n + 1);
  }, [manager]);

  const removeConfidential = useCallback(
    async (ledger: ConfidentialLedger): Promise<string[]> => {
      const cache = await openDocumentCache();
      await manager?.stop();
      return removeConfidentialDocuments({
        cache,
        ledger,
        documents: manager?.getSnapshot().documents.map((row) => row.document) ?? [],
        // Read after the manager stopped, so the record it last wrote is the one changed.
        readerCopies: new ReaderCopyIndex(browserStorage(), readerCopiesKey(serverUrl, participantId)),
      });
    },
    [manager, serverUrl, participantId],
  );

  const snapshot = useSyncExternalStore(
    manager ? manager.subscribe : noSubscription,
    manager ? manager.getSnapshot : emptySnapshot,
  );

  return useMemo(
    () => ({ snapshot, manager, agendaNumbers, listError, retry, removeConfidential }),
    [snapshot, manager, agendaNumbers, listError, retry, removeConfidential],
  );
}
