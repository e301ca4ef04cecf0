import * as Y from 'yjs';

/** The observer registry every Yjs document inherits from lib0's `ObservableV2`. */
type Listener = (...args: unknown[]) => void;
interface ObservedDoc {
  _observers: Map<string, Set<Listener>>;
}

/**
 * Applies an update that came from the server and tells the doc's `update` listeners about it
 * with the bytes that came, not with bytes Yjs re-encodes from what the update added.
 *
 * Why: with any `update` listener on a doc (the provider, the device copy and the pending-edit
 * count each have one), Yjs writes every transaction out again as an update, the received ones
 * too. For a new device opening a 5,000-annotation layer that is 2.4 MB encoded again on the
 * main thread (about a tenth of a second on a laptop) only for every listener to ignore it or
 * store it: the provider sends on only its own edits, the pending count counts only local ones,
 * and the device copy can store what came just as well, since applying those bytes gives the
 * same state (an update may be applied twice; a part Yjs keeps pending for a missing earlier
 * change is in the stored bytes too, as in `Y.encodeStateAsUpdate`).
 *
 * The listeners are told at the point of the transaction where Yjs would have told them (after
 * its observers), once, and only when the update changed the doc.
 */
export function applyRemoteUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const observers = (doc as unknown as ObservedDoc)._observers;
  const listeners = observers.get('update');
  if (listeners === undefined) {
    Y.applyUpdate(doc, update, origin);
    return;
  }
  // Without an `update` entry Yjs skips its re-encoding; listeners added or removed meanwhile
  // (an observer may open or close something) are kept track of and merged back.
  observers.delete('update');
  const removed = new Set<Listener>();
  const hadOwnOff = Object.hasOwn(doc, 'off');
  const off = doc.off;
  doc.off = ((name: string, f: Listener) => {
    if (name === 'update') removed.add(f);
    off.call(doc, name as never, f as never);
  }) as typeof doc.off;
  const tell = (transaction: Y.Transaction): void => {
    if (transaction.origin !== origin || !changedDoc(transaction)) return;
    for (const f of [...listeners]) if (!removed.has(f)) f(update, origin, doc, transaction);
  };
  doc.on('afterTransactionCleanup', tell);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('afterTransactionCleanup', tell);
    if (hadOwnOff) doc.off = off;
    else delete (doc as { off?: unknown }).off;
    const added = observers.get('update');
    const merged = new Set([...listeners].filter((f) => !removed.has(f)));
    if (added) for (const f of added) merged.add(f);
    if (merged.size > 0) observers.set('update', merged);
    else observers.delete('update');
  }
}

/** Whether a transaction added or deleted anything (what Yjs checks before emitting `update`). */
function changedDoc(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}
