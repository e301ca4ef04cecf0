import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatDocName } from '#common/protocol/doc-names';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import { MINUTES_FRAGMENT, type MinutesContent } from '#common/schemas/minutes';
import { queryPhrase } from '#common/search/phrase';
import { contentText, minutesTextOf } from '../../../sync-server/archive/minutes-text';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { searchText } from '../../../sync-server/search/text-search';
import { UpdateLog } from '../../../sync-server/yjs/update-log';

const CONTENT: MinutesContent = {
  blocks: [
    { type: 'heading', level: 1, content: [{ text: 'BIÊN BẢN' }] },
    { type: 'paragraph', content: [{ text: 'Hội nghị thống nhất ' }, { text: 'giải ngân', bold: true }] },
    { type: 'list', ordered: false, items: [[{ text: 'vốn đầu tư công' }], [{ text: 'kế hoạch năm 2027' }]] },
    {
      type: 'record',
      record: {
        kind: 'vote',
        voteId: 'vote-000001',
        title: 'Thông qua dự thảo nghị quyết',
        mode: 'open',
        closedAt: '2026-11-20T03:00:00.000Z',
        eligible: 10,
        cast: 10,
        options: [
          { label: 'Tán thành', count: 9 },
          { label: 'Không tán thành', count: 1 },
        ],
        passed: true,
        resultText: 'Nghị quyết được thông qua với 9/10 đại biểu tán thành.',
      },
    },
  ],
};

describe('the minutes as the archive search reads them', () => {
  it('reads every block, marks joined, a record as its words, one block a line', () => {
    expect(contentText(CONTENT).split('\n')).toEqual([
      'BIÊN BẢN',
      'Hội nghị thống nhất giải ngân',
      'vốn đầu tư công',
      'kế hoạch năm 2027',
      'Thông qua dự thảo nghị quyết',
      'Tán thành: 9',
      'Không tán thành: 1',
      'Nghị quyết được thông qua với 9/10 đại biểu tán thành.',
    ]);
  });

  it('finds a phrase across a line break, by the phrase rules, with the words marked', () => {
    const text = contentText(CONTENT);
    const hit = searchText(text, queryPhrase('giai ngan von'));
    expect(hit?.exact).toBe(0);
    expect(hit?.snippet).toContain(`${SNIPPET_MARK_START}giải${SNIPPET_MARK_END}`);
    expect(searchText(text, queryPhrase('giải ngân vốn'))?.exact).toBe(3);
    expect(searchText(text, queryPhrase('ngân giải'))).toBeNull();
    expect(searchText(text, queryPhrase('quye'))).toBeNull();
    expect(searchText(text, queryPhrase('9/10 đại biểu tán thành'))).not.toBeNull();
  });

  it('reads a draft from the update log, and rebuilds it only when the log changes', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    const log = new UpdateLog(db);
    const meetingId = 'meeting-0001';
    const doc = new Y.Doc();
    const write = (text: string) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      const fragment = doc.getXmlFragment(MINUTES_FRAGMENT);
      const before = Y.encodeStateVector(doc);
      fragment.insert(fragment.length, [paragraph]);
      log.append(formatDocName({ kind: 'minutes', meetingId }), Y.encodeStateAsUpdate(doc, before));
    };
    expect(minutesTextOf(db, log, meetingId).text).toBe('');
    write('Kết luận của chủ tọa');
    const first = minutesTextOf(db, log, meetingId);
    expect(first).toMatchObject({ text: 'Kết luận của chủ tọa' });
    expect(minutesTextOf(db, log, meetingId, first)).toBe(first);
    write('Thư ký ghi');
    expect(minutesTextOf(db, log, meetingId, first).text).toBe('Kết luận của chủ tọa\nThư ký ghi');
  });
});
