import { describe, expect, it } from 'vitest';
import { itemLabel, numberedItems } from '../../../renderer/src/features/session/agenda-outline';
import { agendaItem } from './agenda-fixtures';

describe('numberedItems', () => {
  it('numbers the agenda as the agenda screen does, in reading order', () => {
    const items = numberedItems([
      agendaItem('item-b', null, 1, { title: 'Hai' }),
      agendaItem('item-a', null, 0, { title: 'Một' }),
      agendaItem('item-b1', 'item-b', 0, { title: 'Hai chấm một' }),
    ]);
    expect(items.map((item) => `${item.number} ${item.title}`)).toEqual([
      '1 Một',
      '2 Hai',
      '2.1 Hai chấm một',
    ]);
    expect(itemLabel(items, 'item-b1')).toBe('2.1. Hai chấm một');
    expect(itemLabel(items, 'item-gone')).toBeNull();
    expect(itemLabel(items, null)).toBeNull();
  });
});
