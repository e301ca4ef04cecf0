import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AnnotationStore, parseRecords } from '../../../main/cache/annotation-store';
import { createAnnotationStoreHandlers } from '../../../main/cache/annotation-store-handlers';
import { argSchemas } from '#ipc/channels';

const KEY_A = 'paperless-ann|http://127.0.0.1:4780|par_aaaaaa|ann/doc_000001/par_aaaaaa/private';
const KEY_B = 'paperless-ann|http://127.0.0.1:4780|par_bbbbbb|ann/doc_000001/par_bbbbbb/private';

let dir: string;
let store: AnnotationStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ann-store-'));
  store = new AnnotationStore(join(dir, 'annotation-store'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function edit(doc: Y.Doc, key: string, value: string): Uint8Array {
  let captured: Uint8Array | null = null;
  const take = (update: Uint8Array): void => {
    captured = update;
  };
  doc.on('update', take);
  doc.getMap('annotations').set(key, value);
  doc.off('update', take);
  if (captured === null) throw new Error('no update');
  return captured;
}

describe('AnnotationStore', () => {
  it('gives back the appended updates in order, and they rebuild the layer', async () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 5; i += 1) await store.append(KEY_A, edit(doc, `a${i}`, `stroke ${i}`));
    const loaded = await store.load(KEY_A);
    expect(loaded.updates).toHaveLength(5);
    const copy = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(copy, update);
    expect(copy.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
  });

  it('keeps two participants on one machine apart', async () => {
    const doc = new Y.Doc();
    await store.append(KEY_A, edit(doc, 'a', 'mine'));
    expect((await store.load(KEY_B)).updates).toEqual([]);
  });

  it('replace collapses the file to one update; the pending count is kept beside it', async () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 3; i += 1) await store.append(KEY_A, edit(doc, `a${i}`, 'x'));
    await store.replace(KEY_A, Y.encodeStateAsUpdate(doc));
    await store.setPending(KEY_A, 3);
    const loaded = await store.load(KEY_A);
    expect(loaded.updates).toHaveLength(1);
    expect(loaded.pending).toBe(3);
  });

  it('drops a torn last record and keeps the ones before it', async () => {
    const doc = new Y.Doc();
    await store.append(KEY_A, edit(doc, 'a', 'kept'));
    await store.append(KEY_A, edit(doc, 'b', 'torn'));
    const [file] = (await readdir(join(dir, 'annotation-store'))).filter((f) => f.endsWith('.yupdates'));
    const path = join(dir, 'annotation-store', file as string);
    const full = (await store.load(KEY_A)).updates;
    await truncate(path, 4 + (full[0] as Uint8Array).byteLength + 4 + 2);
    const loaded = await store.load(KEY_A);
    expect(loaded.updates).toHaveLength(1);
    expect(parseRecords(new Uint8Array([1, 0]))).toEqual([]);
  });

  it('clear removes every layer (leaving the meeting)', async () => {
    const doc = new Y.Doc();
    await store.append(KEY_A, edit(doc, 'a', 'x'));
    await store.setPending(KEY_A, 1);
    await createAnnotationStoreHandlers(store)['annotations:clear']();
    expect(await store.load(KEY_A)).toEqual({ updates: [], pending: 0 });
  });
});

describe('annotations:* argument schemas', () => {
  it('take only store keys, never a path', () => {
    expect(argSchemas['annotations:load'].safeParse([KEY_A]).success).toBe(true);
    for (const bad of ['../../etc/passwd', 'paperless-ann|a|b', `${KEY_A}|extra`, '']) {
      expect(argSchemas['annotations:load'].safeParse([bad]).success).toBe(false);
    }
    expect(argSchemas['annotations:append'].safeParse([KEY_A, 'not bytes']).success).toBe(false);
    expect(argSchemas['annotations:set-pending'].safeParse([KEY_A, -1]).success).toBe(false);
  });
});
