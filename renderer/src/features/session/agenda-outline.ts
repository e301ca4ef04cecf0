import type { AgendaItem } from '#common/schemas/meeting';
import { type AgendaNode, buildAgendaTree } from '../meeting/agenda-tree';

/** An agenda item with its number as the agenda shows it ("2.1"), in reading order. */
export interface NumberedItem {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly depth: number;
}

/** The agenda flattened in reading order with the same numbers as the agenda tree. */
export function numberedItems(items: readonly AgendaItem[]): NumberedItem[] {
  const out: NumberedItem[] = [];
  const walk = (nodes: readonly AgendaNode[]): void => {
    for (const node of nodes) {
      out.push({ id: node.item.id, number: node.number, title: node.item.title, depth: node.depth });
      walk(node.children);
    }
  };
  walk(buildAgendaTree(items));
  return out;
}

/** "2.1. Tờ trình …", or null when the item is not (or no longer) on the agenda. */
export function itemLabel(items: readonly NumberedItem[], itemId: string | null): string | null {
  if (itemId === null) return null;
  const item = items.find((candidate) => candidate.id === itemId);
  return item ? `${item.number}. ${item.title}` : null;
}
