import { describe, expect, it } from 'vitest';
import type { AgendaItem, MoveAgendaItemRequest } from '#common/schemas/meeting';
import { buildAgendaTree } from '../../../renderer/src/features/meeting/agenda-tree';
import {
  dropMoveTarget,
  flatten,
  keyboardMoveTarget,
  locate,
} from '../../../renderer/src/features/prepare/agenda-moves';
import { agendaItem, outline } from './agenda-fixtures';

/**
 * The agenda used throughout:
 *   1 item-a        2 item-b        3 item-c
 *     1.1 item-a1     2.1 item-b1
 *       1.1.1 deep-a1x
 *     1.2 item-a2
 *     1.3 item-a3
 */
const AGENDA: readonly AgendaItem[] = [
  agendaItem('item-a', null, 0),
  agendaItem('item-a1', 'item-a', 0),
  agendaItem('deep-a1x', 'item-a1', 0),
  agendaItem('item-a2', 'item-a', 1),
  agendaItem('item-a3', 'item-a', 2),
  agendaItem('item-b', null, 1),
  agendaItem('item-b1', 'item-b', 0),
  agendaItem('item-c', null, 2),
];
const tree = buildAgendaTree(AGENDA);

/**
 * What the room server does with a move request (MeetingStore.moveAgendaItem): take the item
 * out of its sibling list, insert it at `position` among the new siblings, renumber both lists.
 */
function applyMove(items: readonly AgendaItem[], id: string, request: MoveAgendaItemRequest): AgendaItem[] {
  const moved = items.find((item) => item.id === id)!;
  const siblingIds = (parentId: string | null) =>
    items
      .filter((item) => item.parentId === parentId && item.id !== id)
      .sort((a, b) => a.position - b.position)
      .map((item) => item.id);
  const update = new Map<string, { parentId: string | null; position: number }>();
  for (const [position, sibling] of siblingIds(moved.parentId).entries()) {
    update.set(sibling, { parentId: moved.parentId, position });
  }
  const target = siblingIds(request.parentId);
  target.splice(Math.min(request.position, target.length), 0, id);
  for (const [position, sibling] of target.entries()) {
    update.set(sibling, { parentId: request.parentId, position });
  }
  return items.map((item) => ({ ...item, ...update.get(item.id) }));
}

/** The agenda outline after the server has carried out a keyboard move. */
function afterKeyboardMove(id: string, move: Parameters<typeof keyboardMoveTarget>[2]): string[] {
  const request = keyboardMoveTarget(tree, id, move);
  expect(request, `${move} ${id}`).not.toBeNull();
  return outline(buildAgendaTree(applyMove(AGENDA, id, request!)));
}

describe('the test agenda', () => {
  it('has the shape the tests below assume', () => {
    expect(outline(tree)).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.1.1 deep-a1x@2',
      '1.2 item-a2@1',
      '1.3 item-a3@1',
      '2 item-b@0',
      '2.1 item-b1@1',
      '3 item-c@0',
    ]);
  });
});

describe('locate', () => {
  it('finds a nested item with its parent, siblings and index', () => {
    const at = locate(tree, 'item-a2');
    expect(at?.node.number).toBe('1.2');
    expect(at?.parent?.item.id).toBe('item-a');
    expect(at?.index).toBe(1);
    expect(at?.siblings.map((node) => node.item.id)).toEqual(['item-a1', 'item-a2', 'item-a3']);
  });

  it('gives a top-level item no parent', () => {
    const at = locate(tree, 'item-c');
    expect(at?.parent).toBeNull();
    expect(at?.index).toBe(2);
    expect(at?.siblings).toBe(tree);
  });

  it('finds items several levels down', () => {
    expect(locate(tree, 'deep-a1x')?.parent?.item.id).toBe('item-a1');
    expect(locate(tree, 'deep-a1x')?.node.number).toBe('1.1.1');
  });

  it('is null for an id not in the tree', () => {
    expect(locate(tree, 'not-there')).toBeNull();
    expect(locate([], 'item-a')).toBeNull();
  });
});

describe('keyboardMoveTarget: Alt+↑ / Alt+↓ among siblings', () => {
  it('moves up one place', () => {
    expect(keyboardMoveTarget(tree, 'item-a2', 'up')).toEqual({ parentId: 'item-a', position: 0 });
    expect(keyboardMoveTarget(tree, 'item-b', 'up')).toEqual({ parentId: null, position: 0 });
    expect(afterKeyboardMove('item-a3', 'up').slice(0, 5)).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.1.1 deep-a1x@2',
      '1.2 item-a3@1',
      '1.3 item-a2@1',
    ]);
  });

  it('moves down one place, past the next sibling', () => {
    expect(keyboardMoveTarget(tree, 'item-a2', 'down')).toEqual({ parentId: 'item-a', position: 2 });
    expect(keyboardMoveTarget(tree, 'item-a', 'down')).toEqual({ parentId: null, position: 1 });
    expect(afterKeyboardMove('item-a', 'down')).toEqual([
      '1 item-b@0',
      '1.1 item-b1@1',
      '2 item-a@0',
      '2.1 item-a1@1',
      '2.1.1 deep-a1x@2',
      '2.2 item-a2@1',
      '2.3 item-a3@1',
      '3 item-c@0',
    ]);
  });

  it('cannot move the first sibling up or the last sibling down', () => {
    expect(keyboardMoveTarget(tree, 'item-a', 'up')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-a1', 'up')).toBeNull();
    expect(keyboardMoveTarget(tree, 'deep-a1x', 'up')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-c', 'down')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-a3', 'down')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-b1', 'down')).toBeNull();
  });
});

describe('keyboardMoveTarget: indent and outdent', () => {
  it('indents under the previous sibling, as its last sub-item', () => {
    expect(keyboardMoveTarget(tree, 'item-a2', 'indent')).toEqual({ parentId: 'item-a1', position: 1 });
    expect(keyboardMoveTarget(tree, 'item-b', 'indent')).toEqual({ parentId: 'item-a', position: 3 });
    expect(keyboardMoveTarget(tree, 'item-c', 'indent')).toEqual({ parentId: 'item-b', position: 1 });
    expect(afterKeyboardMove('item-b', 'indent')).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.1.1 deep-a1x@2',
      '1.2 item-a2@1',
      '1.3 item-a3@1',
      '1.4 item-b@1',
      '1.4.1 item-b1@2',
      '2 item-c@0',
    ]);
  });

  it('cannot indent the first sibling, having no previous sibling', () => {
    expect(keyboardMoveTarget(tree, 'item-a', 'indent')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-a1', 'indent')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-b1', 'indent')).toBeNull();
  });

  it('outdents to just after its parent', () => {
    expect(keyboardMoveTarget(tree, 'item-a2', 'outdent')).toEqual({ parentId: null, position: 1 });
    expect(keyboardMoveTarget(tree, 'item-b1', 'outdent')).toEqual({ parentId: null, position: 2 });
    expect(keyboardMoveTarget(tree, 'deep-a1x', 'outdent')).toEqual({ parentId: 'item-a', position: 1 });
    expect(afterKeyboardMove('item-a2', 'outdent')).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.1.1 deep-a1x@2',
      '1.2 item-a3@1',
      '2 item-a2@0',
      '3 item-b@0',
      '3.1 item-b1@1',
      '4 item-c@0',
    ]);
    expect(afterKeyboardMove('deep-a1x', 'outdent').slice(0, 4)).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.2 deep-a1x@1',
      '1.3 item-a2@1',
    ]);
  });

  it('cannot outdent a top-level item', () => {
    expect(keyboardMoveTarget(tree, 'item-a', 'outdent')).toBeNull();
    expect(keyboardMoveTarget(tree, 'item-c', 'outdent')).toBeNull();
  });

  it('outdent undoes indent', () => {
    const request = keyboardMoveTarget(tree, 'item-c', 'indent')!;
    const indented = buildAgendaTree(applyMove(AGENDA, 'item-c', request));
    expect(locate(indented, 'item-c')?.node.number).toBe('2.2');
    const back = keyboardMoveTarget(indented, 'item-c', 'outdent')!;
    const restored = buildAgendaTree(applyMove(applyMove(AGENDA, 'item-c', request), 'item-c', back));
    expect(outline(restored)).toEqual(outline(tree));
  });
});

describe('keyboardMoveTarget for an unknown item', () => {
  it('is null for every move', () => {
    for (const move of ['up', 'down', 'indent', 'outdent'] as const) {
      expect(keyboardMoveTarget(tree, 'not-there', move), move).toBeNull();
    }
  });
});

describe('dropMoveTarget', () => {
  it('drops before or after a row among that row’s siblings', () => {
    expect(dropMoveTarget(tree, 'item-c', 'item-a', 'before')).toEqual({ parentId: null, position: 0 });
    expect(dropMoveTarget(tree, 'item-c', 'item-a', 'after')).toEqual({ parentId: null, position: 1 });
    // The dragged row is taken out first: b and c are left, so "after c" is position 2.
    expect(dropMoveTarget(tree, 'item-a', 'item-c', 'after')).toEqual({ parentId: null, position: 2 });
    expect(dropMoveTarget(tree, 'item-a3', 'item-a1', 'before')).toEqual({ parentId: 'item-a', position: 0 });
    expect(dropMoveTarget(tree, 'item-a1', 'item-a2', 'after')).toEqual({ parentId: 'item-a', position: 1 });
  });

  it('moves a row to another level by dropping it beside a row there', () => {
    expect(dropMoveTarget(tree, 'item-b1', 'item-a2', 'before')).toEqual({ parentId: 'item-a', position: 1 });
    expect(dropMoveTarget(tree, 'item-a3', 'item-b', 'after')).toEqual({ parentId: null, position: 2 });
    expect(dropMoveTarget(tree, 'item-c', 'deep-a1x', 'before')).toEqual({
      parentId: 'item-a1',
      position: 0,
    });
  });

  it('drops into a row as its last sub-item', () => {
    expect(dropMoveTarget(tree, 'item-c', 'item-b', 'into')).toEqual({ parentId: 'item-b', position: 1 });
    expect(dropMoveTarget(tree, 'item-c', 'item-a2', 'into')).toEqual({ parentId: 'item-a2', position: 0 });
    // Its own first sub-item dropped into the parent goes to the end, past the other two.
    expect(dropMoveTarget(tree, 'item-a1', 'item-a', 'into')).toEqual({ parentId: 'item-a', position: 2 });
  });

  it('lands where the agenda shows it after the server carries it out', () => {
    const request = dropMoveTarget(tree, 'item-b1', 'item-a2', 'before')!;
    expect(outline(buildAgendaTree(applyMove(AGENDA, 'item-b1', request)))).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.1.1 deep-a1x@2',
      '1.2 item-b1@1',
      '1.3 item-a2@1',
      '1.4 item-a3@1',
      '2 item-b@0',
      '3 item-c@0',
    ]);
  });

  it('is null when the drop would leave the row where it is', () => {
    expect(dropMoveTarget(tree, 'item-a2', 'item-a1', 'after')).toBeNull();
    expect(dropMoveTarget(tree, 'item-a2', 'item-a3', 'before')).toBeNull();
    expect(dropMoveTarget(tree, 'item-b', 'item-a', 'after')).toBeNull();
    expect(dropMoveTarget(tree, 'item-a3', 'item-a', 'into')).toBeNull();
    expect(dropMoveTarget(tree, 'item-b1', 'item-b', 'into')).toBeNull();
  });

  it('is null when dropped on itself', () => {
    for (const zone of ['before', 'after', 'into'] as const) {
      expect(dropMoveTarget(tree, 'item-a2', 'item-a2', zone), zone).toBeNull();
    }
  });

  it('is null when dropped on or into one of its own sub-items', () => {
    for (const zone of ['before', 'after', 'into'] as const) {
      expect(dropMoveTarget(tree, 'item-a', 'item-a1', zone), zone).toBeNull();
      expect(dropMoveTarget(tree, 'item-a', 'deep-a1x', zone), zone).toBeNull();
    }
  });

  it('is null when either row is unknown', () => {
    expect(dropMoveTarget(tree, 'not-there', 'item-a', 'before')).toBeNull();
    expect(dropMoveTarget(tree, 'item-a', 'not-there', 'into')).toBeNull();
  });
});

describe('flatten', () => {
  it('lists the rows in display order for arrow-key focus', () => {
    expect(flatten(tree).map((node) => node.number)).toEqual([
      '1',
      '1.1',
      '1.1.1',
      '1.2',
      '1.3',
      '2',
      '2.1',
      '3',
    ]);
    expect(flatten(tree).map((node) => node.item.id)).toEqual([
      'item-a',
      'item-a1',
      'deep-a1x',
      'item-a2',
      'item-a3',
      'item-b',
      'item-b1',
      'item-c',
    ]);
  });

  it('is empty for an empty agenda', () => {
    expect(flatten([])).toEqual([]);
  });
});
