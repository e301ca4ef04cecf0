import type { AgendaItem } from '#common/schemas/meeting';

/** One agenda item placed in the tree, with its display number ("1", "1.2", …). */
export interface AgendaNode {
  item: AgendaItem;
  number: string;
  depth: number;
  children: AgendaNode[];
}

const bySiblingOrder = (a: AgendaItem, b: AgendaItem): number =>
  a.position - b.position || a.id.localeCompare(b.id);

/**
 * Builds the numbered agenda tree from the API's flat list (parentId + position).
 *
 * The list comes from the network, so it is treated as untrusted: an item whose parent is
 * missing becomes a top-level item, and items caught in a parent cycle are appended at the
 * top level, because hiding an agenda item from a delegate is worse than misplacing it.
 */
export function buildAgendaTree(items: readonly AgendaItem[]): AgendaNode[] {
  const ids = new Set(items.map((item) => item.id));
  const childrenOf = new Map<string | null, AgendaItem[]>();
  for (const item of items) {
    const parent = item.parentId !== null && ids.has(item.parentId) ? item.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(item);
    childrenOf.set(parent, siblings);
  }

  const placed = new Set<string>();
  const build = (parentId: string | null, prefix: string, depth: number): AgendaNode[] => {
    const siblings = [...(childrenOf.get(parentId) ?? [])].sort(bySiblingOrder);
    const nodes: AgendaNode[] = [];
    for (const item of siblings) {
      if (placed.has(item.id)) continue;
      placed.add(item.id);
      const number = `${prefix}${nodes.length + 1}`;
      nodes.push({ item, number, depth, children: build(item.id, `${number}.`, depth + 1) });
    }
    return nodes;
  };

  const roots = build(null, '', 0);
  const stranded = items.filter((item) => !placed.has(item.id)).sort(bySiblingOrder);
  for (const item of stranded) {
    if (placed.has(item.id)) continue;
    placed.add(item.id);
    const number = String(roots.length + 1);
    roots.push({ item, number, depth: 0, children: build(item.id, `${number}.`, 1) });
  }
  return roots;
}

/**
 * Planned minutes of a node: its own duration, or when it has none, the sum of its children
 * (a heading item often carries no time of its own).
 */
export function plannedMinutes(node: AgendaNode): number {
  if (node.item.durationMinutes > 0) return node.item.durationMinutes;
  return node.children.reduce((sum, child) => sum + plannedMinutes(child), 0);
}

/** Number of items in the tree, at every level. */
export function countNodes(nodes: readonly AgendaNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}
