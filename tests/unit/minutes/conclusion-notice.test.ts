import { describe, expect, it } from 'vitest';
import type { MinutesBlock } from '#common/schemas/minutes';
import { conclusionsOf } from '../../../sync-server/commands/conclusion-notice/notice-rules';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { conclusionNoticeStatus } from '../../../sync-server/store/conclusion-notice-status';

const t = (text: string) => [{ text }];

describe('the conclusion notice', () => {
  it('takes the conclusions section of the minutes, without record tables or empty lines', () => {
    const blocks: MinutesBlock[] = [
      { type: 'heading', level: 2, content: t('II. Nội dung cuộc họp') },
      { type: 'paragraph', content: t('Thảo luận.') },
      { type: 'heading', level: 2, content: t('III. Kết luận của chủ tọa') },
      { type: 'paragraph', content: t('') },
      { type: 'paragraph', content: t('Thống nhất thông qua.') },
      { type: 'heading', level: 3, content: t('1. Giao nhiệm vụ') },
      { type: 'list', ordered: false, items: [t('Sở Tài chính chủ trì.')] },
      {
        type: 'record',
        record: { kind: 'speakers', itemId: 'i', itemTitle: 'x', speakers: [] },
      },
      { type: 'heading', level: 2, content: t('IV. Khác') },
      { type: 'paragraph', content: t('Không thuộc kết luận.') },
    ];
    const out = conclusionsOf(blocks);
    expect(out.map((b) => b.type)).toEqual(['paragraph', 'heading', 'list']);
    expect(JSON.stringify(out)).not.toContain('Không thuộc kết luận');
    expect(conclusionsOf([{ type: 'paragraph', content: t('Không có mục kết luận.') }])).toEqual([]);
  });

  it('takes the section of the chair\'s conclusions, not an agenda item named "Kết luận…"', () => {
    const blocks: MinutesBlock[] = [
      { type: 'heading', level: 2, content: t('II. Nội dung cuộc họp') },
      { type: 'heading', level: 3, content: t('7. Kết luận phiên họp') },
      { type: 'paragraph', content: t('Chủ tọa phát biểu kết luận.') },
      { type: 'heading', level: 2, content: t('III. Kết luận của chủ tọa') },
      { type: 'paragraph', content: t('Giao Sở Tài chính hoàn thiện dự thảo.') },
    ];
    expect(conclusionsOf(blocks)).toEqual([
      { type: 'paragraph', content: t('Giao Sở Tài chính hoàn thiện dự thảo.') },
    ]);
  });

  it('is due 5 working days after the meeting ended, holidays excluded, and warns until issued', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    db.prepare(
      `INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
       VALUES ('m', 'Họp', 'regular', '2027-02-04T01:00:00Z', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`,
    ).run();
    const ended = '2027-02-04T09:00:00Z'; // Thursday before Tết 2027.
    const at = (iso: string) => conclusionNoticeStatus(db, 'm', ended, new Date(iso));
    expect(at('2027-02-10T02:00:00Z')).toMatchObject({ state: 'none', dueDate: '2027-02-18', warning: null });
    expect(at('2027-02-18T02:00:00Z').warning).toBe('due_soon');
    // 19 Feb 00:30 in Hà Nội is still 18 Feb in UTC: the day is Vietnam's.
    expect(at('2027-02-18T17:30:00Z').warning).toBe('overdue');
    expect(conclusionNoticeStatus(db, 'm', null, new Date('2027-03-01T00:00:00Z'))).toMatchObject({
      dueDate: null,
      warning: null,
    });
    db.prepare(
      `INSERT INTO conclusion_notices (meeting_id, state, content_json, recipients_json, drafted_at, issued_at, register_number)
       VALUES ('m', 'issued', '{"blocks":[]}', '[]', '2027-02-17T00:00:00Z', '2027-02-19T02:00:00Z', '03/TB-UBND')`,
    ).run();
    expect(at('2027-02-25T02:00:00Z')).toMatchObject({
      state: 'issued',
      registerNumber: '03/TB-UBND',
      warning: null,
    });
  });
});
