/**
 * Removes a participant's confidential ("mật") documents from the device when they leave the
 * meeting room: every hash the ledger of {@link MeetingCopies} recorded (current and earlier
 * versions), the documents of the current list, and the reader copies stamped for them
 * (a "no export" document reaches the device only as such a copy, under its own hash).
 * Partial downloads go too: `DocumentCache.delete` removes both copies of a hash.
 * DOM-free, so it is unit-tested under Node.
 */
import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentCache } from './document-cache';
import type { ConfidentialLedger } from './meeting-copies';
import type { ReaderCopyIndex } from './reader-copy-index';

/** What {@link removeConfidentialDocuments} works from. */
export interface RemoveConfidentialOptions {
  readonly cache: DocumentCache;
  /** What the device recorded of confidential documents (MeetingCopies.confidential()). */
  readonly ledger: ConfidentialLedger;
  /** The current document list, when one is loaded (it may hold documents the ledger missed). */
  readonly documents: readonly MeetingDocument[];
  /** This participant's reader copies; the confidential ones are forgotten as they are deleted. */
  readonly readerCopies: ReaderCopyIndex | null;
}

/**
 * Deletes every confidential document's bytes from the device cache. Call it only once the
 * download manager has stopped, or a running download could write a document back. Resolves
 * with the hashes deleted; rejects when the cache refused to delete one (the others are
 * still deleted), so the caller can say that something stayed.
 */
export async function removeConfidentialDocuments(options: RemoveConfidentialOptions): Promise<string[]> {
  const { cache, ledger, documents, readerCopies } = options;
  const secret = documents.filter((document) => document.classification === 'mat');
  const hashes = new Set<string>([...ledger.sha256, ...secret.map((document) => document.sha256)]);
  for (const documentId of new Set([...ledger.documentIds, ...secret.map((document) => document.id)])) {
    const copy = readerCopies?.forget(documentId) ?? null;
    if (copy !== null) hashes.add(copy.sha256);
  }
  const failures: unknown[] = [];
  for (const sha256 of hashes) {
    try {
      await cache.delete(sha256);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} confidential document(s) could not be removed`);
  }
  return [...hashes];
}
