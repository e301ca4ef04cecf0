import * as Y from 'yjs';
import { ANNOTATIONS_MAP } from '#common/protocol/annotation-layer';

/**
 * Undo and redo of one user's edits across their layers (private and shared are two documents,
 * so two `Y.UndoManager`s), in the order the edits were made.
 *
 * Each manager tracks only `origin`, the object this client's tools pass to every transaction:
 * a change that arrives from the server (another user, or this user's other tab or device)
 * carries the provider as its origin and is never on this stack, so undo cannot revert it.
 * Each edit is its own step (no merging of quick edits: a move is written once, when dropped).
 */
export class LayeredUndo {
  private readonly managers: Y.UndoManager[] = [];
  private undoOrder: Y.UndoManager[] = [];
  private redoOrder: Y.UndoManager[] = [];
  private replaying = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    docs: readonly Y.Doc[],
    readonly origin: object,
  ) {
    for (const doc of docs) {
      const manager = new Y.UndoManager(doc.getMap(ANNOTATIONS_MAP), {
        trackedOrigins: new Set([origin]),
        captureTimeout: 0,
      });
      manager.on('stack-item-added', ({ type }: { type: 'undo' | 'redo' }) => {
        if (this.replaying || type !== 'undo') return;
        this.undoOrder.push(manager);
        this.redoOrder = [];
        this.changed();
      });
      this.managers.push(manager);
    }
  }

  get canUndo(): boolean {
    return this.undoOrder.some((m) => m.undoStack.length > 0);
  }

  get canRedo(): boolean {
    return this.redoOrder.some((m) => m.redoStack.length > 0);
  }

  /** Reverts this user's last edit (in whichever layer it was); returns whether there was one. */
  undo(): boolean {
    return this.step(
      this.undoOrder,
      this.redoOrder,
      (m) => m.undoStack.length > 0,
      (m) => m.undo(),
    );
  }

  /** Makes the last undone edit again. */
  redo(): boolean {
    return this.step(
      this.redoOrder,
      this.undoOrder,
      (m) => m.redoStack.length > 0,
      (m) => m.redo(),
    );
  }

  /** Forgets every step (the document was closed: its next opening starts a new history). */
  clear(): void {
    for (const m of this.managers) m.clear();
    this.undoOrder = [];
    this.redoOrder = [];
    this.changed();
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  destroy(): void {
    this.listeners.clear();
    for (const m of this.managers) m.destroy();
  }

  private step(
    from: Y.UndoManager[],
    to: Y.UndoManager[],
    has: (m: Y.UndoManager) => boolean,
    run: (m: Y.UndoManager) => unknown,
  ): boolean {
    // Bounded: each pass removes one entry.
    while (from.length > 0) {
      const manager = from.pop() as Y.UndoManager;
      if (!has(manager)) continue;
      this.replaying = true;
      try {
        run(manager);
      } finally {
        this.replaying = false;
      }
      to.push(manager);
      this.changed();
      return true;
    }
    this.changed();
    return false;
  }

  private changed(): void {
    for (const cb of this.listeners) cb();
  }
}
