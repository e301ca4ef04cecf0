import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT, type MinutesBlock, type RecordData } from '#common/schemas/minutes';
import { blockElement, MinutesDoc } from '../../../sync-server/minutes/minutes-doc';
import { readMinutesContent } from '../../../sync-server/minutes/read-minutes-content';

const vote: RecordData = {
  kind: 'vote',
  voteId: 'vote-0001',
  title: 'Thông qua nghị quyết',
  mode: 'open',
  closedAt: '2027-01-05T03:00:00.000Z',
  eligible: 30,
  cast: 28,
  options: [
    { label: 'Tán thành', count: 25 },
    { label: 'Không tán thành', count: 2 },
    { label: 'Không biểu quyết', count: 1 },
  ],
  passed: true,
  resultText: '25 đại biểu tán thành, chiếm 83,33% tổng số đại biểu.',
};

const blocks: MinutesBlock[] = [
  { type: 'heading', level: 2, content: [{ text: 'II. Nội dung cuộc họp' }] },
  {
    type: 'paragraph',
    content: [
      { text: 'Chủ tọa ', bold: true },
      { text: 'kết luận: ' },
      { text: 'thông qua', italic: true, underline: true },
    ],
  },
  { type: 'list', ordered: true, items: [[{ text: 'Một' }], [{ text: 'Hai' }]] },
  { type: 'record', record: vote },
];

function docWith(content: MinutesBlock[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment(MINUTES_FRAGMENT).insert(0, content.map(blockElement));
  return doc;
}

describe('readMinutesContent', () => {
  it('reads back the blocks the server writes, marks and records included', () => {
    expect(readMinutesContent(docWith(blocks).getXmlFragment(MINUTES_FRAGMENT))).toEqual({ blocks });
  });

  it('reads text typed in pieces as one run, and drops a record block whose data is not a record', () => {
    const doc = new Y.Doc();
    const f = doc.getXmlFragment(MINUTES_FRAGMENT);
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    const bad = new Y.XmlElement('recordBlock');
    bad.setAttribute('data', '{"kind":"vote","cast":"lots"}');
    const odd = new Y.XmlElement('blockquote');
    odd.insert(0, [new Y.XmlText('giữ lại')]);
    f.insert(0, [p, bad, odd]);
    t.insert(0, 'Biên ');
    t.insert(5, 'bản');
    expect(readMinutesContent(f).blocks).toEqual([
      { type: 'paragraph', content: [{ text: 'Biên bản' }] },
      { type: 'paragraph', content: [{ text: 'giữ lại' }] },
    ]);
  });
});

describe('MinutesDoc: record blocks keep the server’s figures', () => {
  const SERVER = Symbol('server');
  const REMOTE = Symbol('remote');

  function setUp() {
    const doc = new Y.Doc();
    const minutes = new MinutesDoc(doc, SERVER);
    minutes.edit({ kind: 'seed', blocks: blocks.slice(0, 3) });
    minutes.edit({
      kind: 'insertRecord',
      afterIndex: 0,
      record: { kind: 'vote', refId: 'vote-0001', data: JSON.stringify(vote) },
    });
    return { doc, minutes, f: doc.getXmlFragment(MINUTES_FRAGMENT) };
  }
  const recordOf = (f: Y.XmlFragment) => f.toArray()[1] as Y.XmlElement;

  it('places the block after the given top-level block and seeds only once', () => {
    const { minutes, f } = setUp();
    expect(recordOf(f).nodeName).toBe('recordBlock');
    minutes.edit({ kind: 'seed', blocks });
    expect(f.length).toBe(4);
  });

  it('restores forged attributes and removes a forged block of an unknown record', () => {
    const { doc, minutes, f } = setUp();
    doc.transact(() => {
      recordOf(f).setAttribute('data', JSON.stringify({ ...vote, cast: 999 }));
      recordOf(f).setAttribute('refId', 'other-vote');
      const fake = new Y.XmlElement('recordBlock');
      fake.setAttribute('kind', 'vote');
      fake.setAttribute('refId', 'invented-vote');
      fake.setAttribute('data', JSON.stringify(vote));
      f.insert(0, [fake]);
    }, REMOTE);
    expect(minutes.repair()).toBe(true);
    const records = f
      .toArray()
      .filter((n) => (n as Y.XmlElement).nodeName === 'recordBlock') as Y.XmlElement[];
    expect(records).toHaveLength(1);
    expect(records[0]!.getAttribute('refId')).toBe('vote-0001');
    expect(records[0]!.getAttribute('data')).toBe(JSON.stringify(vote));
  });

  it('keeps a moved block (deleted and inserted again) with the recorded figures', () => {
    const { doc, minutes, f } = setUp();
    doc.transact(() => {
      f.delete(1, 1);
      const moved = new Y.XmlElement('recordBlock');
      moved.setAttribute('kind', 'vote');
      moved.setAttribute('refId', 'vote-0001');
      moved.setAttribute('data', JSON.stringify({ ...vote, passed: false }));
      f.insert(f.length, [moved]);
    }, REMOTE);
    minutes.repair();
    const last = f.toArray().at(-1) as Y.XmlElement;
    expect(last.getAttribute('data')).toBe(JSON.stringify(vote));
  });

  it('refreshes every block of a record when the record changes', () => {
    const { minutes, f } = setUp();
    const closedAgain = JSON.stringify({ ...vote, cast: 29 });
    minutes.edit({
      kind: 'refreshRecords',
      records: [{ kind: 'vote', refId: 'vote-0001', data: closedAgain }],
    });
    expect(recordOf(f).getAttribute('data')).toBe(closedAgain);
    expect(minutes.recordKeys()).toEqual([{ kind: 'vote', refId: 'vote-0001' }]);
  });
});
