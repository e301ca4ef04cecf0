import { ROUTES } from '#common/http/route-table';
import type { MeetingDocument } from '#common/schemas/document';
import { useEffect, useMemo } from 'react';
import type { Call } from '../../lib/api';
import { type OutboxStorage, ReadReceiptOutbox } from './read-receipt-outbox';

/** While opens wait to be sent, how often to try again (also on `online`). */
const RETRY_MS = 30_000;

/**
 * The device's read-receipt outbox for one server and participant, sending through `call`.
 * Retries what is queued when the browser comes back online and every {@link RETRY_MS}, so an
 * open made offline reaches the server once it is there again.
 */
export function useReadReceiptOutbox(
  call: Call,
  storage: OutboxStorage | null,
  serverUrl: string,
  participantId: string,
): ReadReceiptOutbox {
  const outbox = useMemo(
    () =>
      new ReadReceiptOutbox(
        async ({ documentId, version }) => {
          await call(ROUTES.documentOpened, { params: { documentId }, body: { version } });
        },
        storage,
        `paperless-room.read-receipts:${serverUrl}:${participantId}`,
      ),
    [call, storage, serverUrl, participantId],
  );
  useEffect(() => {
    const retry = (): void => {
      if (outbox.queued.length > 0) void outbox.flush();
    };
    retry();
    window.addEventListener('online', retry);
    const timer = window.setInterval(retry, RETRY_MS);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(timer);
    };
  }, [outbox]);
  return outbox;
}

/**
 * Records a read receipt when the viewer shows `document`: once per document and version
 * opened (a new version shown in the same viewer counts again).
 */
export function useReadReceipt(outbox: ReadReceiptOutbox | null, document: MeetingDocument | null): void {
  const documentId = document?.id ?? null;
  const version = document?.version ?? null;
  useEffect(() => {
    if (!outbox || documentId === null || version === null) return;
    void outbox.record(documentId, version);
  }, [outbox, documentId, version]);
}
