import { describe, expect, it } from 'vitest';
import {
  buildAgendaTree,
  countNodes,
  plannedMinutes,
} from '../../../renderer/src/features/meeting/agenda-tree';
import { agendaItem, outline } from './agenda-fixtures';

describe('buildAgendaTree', () => {
  it('numbers a flat list as a tree: 1, 1.1, 1.2, 2, 2.1.1', () => {
    const tree = buildAgendaTree([
      agendaItem('item-a', null, 0),
      agendaItem('item-a1', 'item-a', 0),
      agendaItem('item-a2', 'item-a', 1),
      agendaItem('item-b', null, 1),
      agendaItem('item-b1', 'item-b', 0),
      agendaItem('item-b1x', 'item-b1', 0),
    ]);
    expect(outline(tree)).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.2 item-a2@1',
      '2 item-b@0',
      '2.1 item-b1@1',
      '2.1.1 item-b1x@2',
    ]);
    expect(tree.map((node) => node.item.id)).toEqual(['item-a', 'item-b']);
    expect(tree[1]?.children[0]?.children[0]?.item.title).toBe('Title of item-b1x');
  });

  it('orders siblings by position, not by their order in the list, and leaves the list as it was', () => {
    const items = [
      agendaItem('item-c', null, 2),
      agendaItem('item-a2', 'item-a', 1),
      agendaItem('item-b', null, 1),
      agendaItem('item-a1', 'item-a', 0),
      agendaItem('item-a', null, 0),
    ];
    const before = items.map((item) => item.id);
    expect(outline(buildAgendaTree(items))).toEqual([
      '1 item-a@0',
      '1.1 item-a1@1',
      '1.2 item-a2@1',
      '2 item-b@0',
      '3 item-c@0',
    ]);
    expect(items.map((item) => item.id)).toEqual(before);
  });

  it('numbers consecutively across gaps in positions', () => {
    const tree = buildAgendaTree([
      agendaItem('item-a', null, 0),
      agendaItem('item-b', null, 5),
      agendaItem('item-b1', 'item-b', 3),
      agendaItem('item-b2', 'item-b', 40),
      agendaItem('item-c', null, 9),
    ]);
    expect(outline(tree)).toEqual([
      '1 item-a@0',
      '2 item-b@0',
      '2.1 item-b1@1',
      '2.2 item-b2@1',
      '3 item-c@0',
    ]);
  });

  it('breaks a tie in position by id', () => {
    const tree = buildAgendaTree([
      agendaItem('item-c', null, 1),
      agendaItem('item-b', null, 1),
      agendaItem('item-a', null, 0),
    ]);
    expect(outline(tree)).toEqual(['1 item-a@0', '2 item-b@0', '3 item-c@0']);
  });

  it('shows an item whose parent is missing at the top level, in position order, with its sub-items', () => {
    const tree = buildAgendaTree([
      agendaItem('item-a', null, 0),
      agendaItem('item-b', null, 2),
      agendaItem('orphan', 'deleted-parent', 1),
      agendaItem('orphan-child', 'orphan', 0),
    ]);
    expect(outline(tree)).toEqual(['1 item-a@0', '2 orphan@0', '2.1 orphan-child@1', '3 item-b@0']);
  });

  it('appends items caught in a parent loop at the top level instead of hiding them', () => {
    const tree = buildAgendaTree([
      agendaItem('item-a', null, 0),
      agendaItem('loop-x', 'loop-y', 0),
      agendaItem('loop-y', 'loop-x', 1),
    ]);
    expect(outline(tree)).toEqual(['1 item-a@0', '2 loop-x@0', '2.1 loop-y@1']);
  });

  it('shows an item that is its own parent once, at the top level, without a child copy of itself', () => {
    const tree = buildAgendaTree([agendaItem('item-a', null, 0), agendaItem('selfish', 'selfish', 0)]);
    expect(outline(tree)).toEqual(['1 item-a@0', '2 selfish@0']);
    expect(tree[1]?.children).toEqual([]);
  });

  it('shows every item exactly once, with unique numbers, however broken the parent links are', () => {
    const items = [
      agendaItem('item-a', null, 0),
      agendaItem('item-a1', 'item-a', 0),
      agendaItem('loop-x', 'loop-z', 1),
      agendaItem('loop-y', 'loop-x', 0),
      agendaItem('loop-z', 'loop-y', 0),
      agendaItem('under-loop', 'loop-y', 0),
      agendaItem('under-loop-2', 'under-loop', 0),
      agendaItem('selfish', 'selfish', 3),
      agendaItem('orphan', 'no-such-item', 2),
    ];
    const tree = buildAgendaTree(items);
    const rows = outline(tree);
    const ids = rows.map((row) => row.split(' ')[1]?.split('@')[0]);
    const numbers = rows.map((row) => row.split(' ')[0]);
    expect(ids.toSorted()).toEqual(items.map((item) => item.id).toSorted());
    expect(new Set(numbers).size).toBe(items.length);
    expect(countNodes(tree)).toBe(items.length);
    // The healthy part of the agenda keeps its numbers.
    expect(rows.slice(0, 2)).toEqual(['1 item-a@0', '1.1 item-a1@1']);
  });

  it('returns an empty tree for an empty agenda', () => {
    expect(buildAgendaTree([])).toEqual([]);
  });
});

describe('plannedMinutes', () => {
  const tree = buildAgendaTree([
    agendaItem('heading', null, 0),
    agendaItem('talk-1', 'heading', 0, { durationMinutes: 20 }),
    agendaItem('talk-2', 'heading', 1, { durationMinutes: 25 }),
    agendaItem('timed-item', null, 1, { durationMinutes: 30 }),
    agendaItem('timed-sub', 'timed-item', 0, { durationMinutes: 50 }),
    agendaItem('outer-head', null, 2),
    agendaItem('inner-head', 'outer-head', 0),
    agendaItem('inner-talk', 'inner-head', 0, { durationMinutes: 15 }),
    agendaItem('inner-talk-2', 'inner-head', 1, { durationMinutes: 10 }),
    agendaItem('other-item', null, 3),
  ]);
  const [heading, timed, outer, other] = tree;

  it('sums the sub-items of a heading that has no time of its own', () => {
    expect(plannedMinutes(heading!)).toBe(45);
  });

  it("uses an item's own time even when its sub-items have times", () => {
    expect(plannedMinutes(timed!)).toBe(30);
  });

  it('sums through headings of headings', () => {
    expect(plannedMinutes(outer!)).toBe(25);
  });

  it('is zero for an untimed item without sub-items', () => {
    expect(plannedMinutes(other!)).toBe(0);
  });

  it('gives the agenda total the way the agenda screen adds it up', () => {
    expect(tree.reduce((sum, node) => sum + plannedMinutes(node), 0)).toBe(100);
  });
});

describe('countNodes', () => {
  it('counts items at every level', () => {
    const tree = buildAgendaTree([
      agendaItem('item-a', null, 0),
      agendaItem('item-a1', 'item-a', 0),
      agendaItem('item-a1x', 'item-a1', 0),
      agendaItem('item-a1y', 'item-a1', 1),
      agendaItem('item-b', null, 1),
    ]);
    expect(countNodes(tree)).toBe(5);
    expect(countNodes(tree[0]!.children)).toBe(3);
    expect(countNodes([])).toBe(0);
  });
});
