import type { AgendaItem } from '#common/schemas/meeting';
import type { SpeakerHistoryResponse, SpeakerRequest, SpeakerStat } from '#common/schemas/session';

/** Agenda items depth-first, parents before their children, as the agenda lists them. */
function agendaOrder(items: readonly AgendaItem[]): AgendaItem[] {
  const children = new Map<string | null, AgendaItem[]>();
  for (const item of items) {
    const list = children.get(item.parentId) ?? [];
    list.push(item);
    children.set(item.parentId, list);
  }
  const out: AgendaItem[] = [];
  const visit = (parent: string | null) => {
    for (const item of [...(children.get(parent) ?? [])].sort((a, b) => a.position - b.position)) {
      out.push(item);
      visit(item.id);
    }
  };
  visit(null);
  return out;
}

/**
 * Who spoke on which item for how long (items in agenda order, speeches in time order; speeches
 * of a deleted item last, under a null item), and per speaker how often and how long, most
 * speeches first.
 */
export function speakerHistory(
  agenda: readonly AgendaItem[],
  speeches: readonly SpeakerRequest[],
): SpeakerHistoryResponse {
  const byItem = new Map<string | null, SpeakerRequest[]>();
  for (const s of speeches) {
    const list = byItem.get(s.itemId) ?? [];
    list.push(s);
    byItem.set(s.itemId, list);
  }
  const rows = [
    ...agendaOrder(agenda).map((item) => ({
      itemId: item.id as string | null,
      title: item.title as string | null,
    })),
  ];
  if (byItem.has(null)) rows.push({ itemId: null, title: null });
  const items = rows
    .filter((r) => byItem.has(r.itemId))
    .map((r) => ({
      ...r,
      speeches: (byItem.get(r.itemId) ?? []).flatMap((s) =>
        s.timer && s.endedAt
          ? [
              {
                id: s.id,
                participantId: s.participantId,
                name: s.name,
                kind: s.kind,
                startedAt: s.timer.startedAt,
                endedAt: s.endedAt,
                seconds: s.spokenSeconds ?? 0,
                limitSeconds: s.timer.limitSeconds,
              },
            ]
          : [],
      ),
    }));
  const stats = new Map<string, SpeakerStat>();
  for (const s of speeches) {
    const stat = stats.get(s.participantId) ?? {
      participantId: s.participantId,
      name: s.name,
      count: 0,
      totalSeconds: 0,
      byKind: { phat_bieu: 0, tranh_luan: 0, chat_van: 0 },
    };
    stat.count += 1;
    stat.totalSeconds = Math.round((stat.totalSeconds + (s.spokenSeconds ?? 0)) * 10) / 10;
    stat.byKind[s.kind] += 1;
    stats.set(s.participantId, stat);
  }
  return {
    items,
    stats: [...stats.values()].sort((a, b) => b.count - a.count || b.totalSeconds - a.totalSeconds),
  };
}
