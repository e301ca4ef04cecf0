import type { MoveAgendaItemRequest } from '#common/schemas/meeting';
import type { AgendaNode } from '../meeting/agenda-tree';

/** A keyboard move of an agenda item: among its siblings, or one level in or out. */
export type KeyboardMove = 'up' | 'down' | 'indent' | 'outdent';

/** Where a dragged item lands relative to the row it is dropped on. */
export type DropZone = 'before' | 'after' | 'into';

/** Where a node sits in the tree. */
interface Location {
  node: AgendaNode;
  parent: AgendaNode | null;
  siblings: readonly AgendaNode[];
  index: number;
}

/** Finds a node and its surroundings, or null when the id is not in the tree. */
export function locate(tree: readonly AgendaNode[], id: string): Location | null {
  const visit = (siblings: readonly AgendaNode[], parent: AgendaNode | null): Location | null => {
    for (const [index, node] of siblings.entries()) {
      if (node.item.id === id) return { node, parent, siblings, index };
      const found = visit(node.children, node);
      if (found) return found;
    }
    return null;
  };
  return visit(tree, null);
}

/** True when `id` is `ancestor` itself or anywhere below it. */
function isWithin(ancestor: AgendaNode, id: string): boolean {
  return ancestor.item.id === id || ancestor.children.some((child) => isWithin(child, id));
}

/**
 * The move request for a keyboard command, or null when the item cannot go that way (first
 * among its siblings, already top-level, no previous sibling to indent under).
 *
 * `position` is the index among the new siblings once the item has been taken out of its
 * old place, which is what POST /agenda-items/:id/move expects.
 */
export function keyboardMoveTarget(
  tree: readonly AgendaNode[],
  id: string,
  move: KeyboardMove,
): MoveAgendaItemRequest | null {
  const at = locate(tree, id);
  if (!at) return null;
  const parentId = at.parent?.item.id ?? null;
  switch (move) {
    case 'up':
      return at.index > 0 ? { parentId, position: at.index - 1 } : null;
    case 'down':
      return at.index < at.siblings.length - 1 ? { parentId, position: at.index + 1 } : null;
    case 'indent': {
      const previous = at.siblings[at.index - 1];
      return previous ? { parentId: previous.item.id, position: previous.children.length } : null;
    }
    case 'outdent': {
      if (!at.parent) return null;
      const parentAt = locate(tree, at.parent.item.id);
      if (!parentAt) return null;
      return { parentId: parentAt.parent?.item.id ?? null, position: parentAt.index + 1 };
    }
    default:
      throw new Error(`unknown agenda move: ${String(move satisfies never)}`);
  }
}

/**
 * The move request for dropping `draggedId` on the row `targetId`, or null when the drop
 * would change nothing or is impossible (onto itself or into its own sub-items).
 */
export function dropMoveTarget(
  tree: readonly AgendaNode[],
  draggedId: string,
  targetId: string,
  zone: DropZone,
): MoveAgendaItemRequest | null {
  const dragged = locate(tree, draggedId);
  const target = locate(tree, targetId);
  if (!dragged || !target || isWithin(dragged.node, targetId)) return null;

  let request: MoveAgendaItemRequest;
  if (zone === 'into') {
    const children = target.node.children.filter((child) => child.item.id !== draggedId);
    request = { parentId: targetId, position: children.length };
  } else {
    const siblings = target.siblings.filter((node) => node.item.id !== draggedId);
    const index = siblings.findIndex((node) => node.item.id === targetId);
    request = { parentId: target.parent?.item.id ?? null, position: zone === 'before' ? index : index + 1 };
  }
  const unchanged =
    request.parentId === (dragged.parent?.item.id ?? null) && request.position === dragged.index;
  return unchanged ? null : request;
}

/** Visible rows in display order, for moving keyboard focus with the arrow keys. */
export function flatten(tree: readonly AgendaNode[]): AgendaNode[] {
  return tree.flatMap((node) => [node, ...flatten(node.children)]);
}
