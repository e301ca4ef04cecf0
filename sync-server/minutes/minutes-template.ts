import type { MinutesBlock } from '#common/schemas/minutes';
import { wallClockAt } from '#common/time/meeting-time';
import type { MeetingStore } from '../store/meeting-store';
import type { ParticipantStore } from '../store/participant-store';

/** Agenda items depth first, in agenda order, with their outline number ("1", "1.2"). */
function numberedAgenda(
  items: readonly { id: string; parentId: string | null; position: number; title: string }[],
): { number: string; title: string; depth: number }[] {
  const out: { number: string; title: string; depth: number }[] = [];
  const visit = (parent: string | null, prefix: string, depth: number) => {
    const children = items.filter((i) => i.parentId === parent).sort((a, b) => a.position - b.position);
    children.forEach((item, i) => {
      const number = `${prefix}${i + 1}`;
      out.push({ number, title: item.title, depth });
      visit(item.id, `${number}.`, depth + 1);
    });
  };
  visit(null, '', 0);
  return out;
}

const t = (text: string) => [{ text }];
const p = (text: string): MinutesBlock => ({ type: 'paragraph', content: t(text) });
const labelled = (label: string, value: string): MinutesBlock => ({
  type: 'paragraph',
  content: value
    ? [{ text: `${label}: `, bold: true }, { text: value }]
    : [{ text: `${label}: `, bold: true }],
});

/**
 * The Biên bản template of Decree 30/2020 form 1.9 for one meeting: the body from the start time
 * to the conclusions, one heading per agenda item. The number, title, closing line ("Cuộc họp
 * kết thúc vào …") and the THƯ KÝ / CHỦ TỌA signatures are not text of the draft: every export
 * writes them from the records (the real end time, the names), so they cannot drift or be typed
 * twice; the editor shows them beneath the text.
 */
export function minutesTemplate(
  meetingId: string,
  stores: { meetings: MeetingStore; participants: ParticipantStore },
): MinutesBlock[] {
  const meeting = stores.meetings.get(meetingId);
  const people = stores.participants.listForMeeting(meetingId);
  const names = (role: string) =>
    people
      .filter((x) => x.role === role)
      .map((x) => (x.position ? `${x.name} – ${x.position}` : x.name))
      .join('; ');
  const w = wallClockAt(Date.parse(meeting.startsAt), meeting.timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const start = `${two(w.hour)} giờ ${two(w.minute)} phút, ngày ${two(w.day)} tháng ${w.month <= 2 ? two(w.month) : w.month} năm ${w.year}`;
  const agenda = numberedAgenda(stores.meetings.agenda(meetingId));
  return [
    { type: 'heading', level: 2, content: t('I. Thời gian, địa điểm, thành phần') },
    labelled('Thời gian bắt đầu', start),
    labelled('Địa điểm', meeting.place),
    labelled('Chủ trì (chủ tọa)', names('chair')),
    labelled('Thư ký (người ghi biên bản)', names('secretary')),
    labelled('Thành phần tham dự', ''),
    p('(Chèn bảng điểm danh: số có mặt, vắng mặt có lý do, đến muộn, về sớm.)'),
    { type: 'heading', level: 2, content: t('II. Nội dung cuộc họp') },
    ...agenda.flatMap((item): MinutesBlock[] => [
      { type: 'heading', level: item.depth === 0 ? 3 : 3, content: t(`${item.number}. ${item.title}`) },
      p(''),
    ]),
    { type: 'heading', level: 2, content: t('III. Kết luận của chủ tọa') },
    p(''),
  ];
}
