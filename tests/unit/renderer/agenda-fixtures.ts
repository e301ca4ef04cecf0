import { type AgendaItem, AgendaItemSchema } from '#common/schemas/meeting';
import type { AgendaNode } from '../../../renderer/src/features/meeting/agenda-tree';

export const MEETING_ID = 'meeting-1';

/**
 * One agenda item as the API delivers it: validated with the shared schema, exactly as the
 * renderer's API client validates what the room server sends.
 */
export function agendaItem(
  id: string,
  parentId: string | null,
  position: number,
  extra: Partial<Pick<AgendaItem, 'title' | 'durationMinutes'>> = {},
): AgendaItem {
  return AgendaItemSchema.parse({
    id,
    meetingId: MEETING_ID,
    parentId,
    position,
    title: extra.title ?? `Title of ${id}`,
    presenter: '',
    durationMinutes: extra.durationMinutes ?? 0,
    description: '',
  });
}

/** The tree as readable rows: "number id@depth", in display order. */
export function outline(nodes: readonly AgendaNode[]): string[] {
  return nodes.flatMap((node) => [`${node.number} ${node.item.id}@${node.depth}`, ...outline(node.children)]);
}
