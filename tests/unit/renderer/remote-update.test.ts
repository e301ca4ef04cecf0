/**
 * applyRemoteUpdate (renderer/src/lib/yjs/remote-update.ts): a received update reaches the
 * doc's `update` listeners as the bytes that came, once, after the observers, and only when
 * it changed the doc; listeners added or removed meanwhile are neither lost nor revived.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyRemoteUpdate } from '../../../renderer/src/lib/yjs/remote-update';

const REMOTE = { remote: true };

function sourceWith(entries: number): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < entries; i++) doc.getMap('annotations').set(`a${i}`, `Đồng ý thông qua ${i}`);
  });
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}

type Told = { update: Uint8Array; origin: unknown };

describe('applyRemoteUpdate', () => {
  it('tells every update listener the received bytes, after the observers, and the state matches', () => {
    const { doc: source, update } = sourceWith(50);
    const doc = new Y.Doc();
    const order: string[] = [];
    const told: Told[] = [];
    const second: Told[] = [];
    doc.getMap('annotations').observe(() => order.push('observer'));
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      order.push('update');
      told.push({ update: u, origin });
    });
    doc.on('update', (u: Uint8Array, origin: unknown) => second.push({ update: u, origin }));

    applyRemoteUpdate(doc, update, REMOTE);

    expect(order).toEqual(['observer', 'update']);
    expect(told).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(told[0]?.update).toBe(update);
    expect(told[0]?.origin).toBe(REMOTE);
    expect(doc.getMap('annotations').toJSON()).toEqual(source.getMap('annotations').toJSON());
    // What a device copy stores from the event rebuilds the same doc.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, told[0]?.update ?? new Uint8Array());
    expect(copy.getMap('annotations').toJSON()).toEqual(source.getMap('annotations').toJSON());
  });

  it('tells nobody when the update adds nothing the doc did not have', () => {
    const { update } = sourceWith(3);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    let told = 0;
    doc.on('update', () => told++);
    applyRemoteUpdate(doc, update, REMOTE);
    expect(told).toBe(0);
  });

  it('keeps the listeners for later updates, local ones included, which Yjs encodes as usual', () => {
    const { update } = sourceWith(3);
    const doc = new Y.Doc();
    const told: Told[] = [];
    doc.on('update', (u: Uint8Array, origin: unknown) => told.push({ update: u, origin }));
    applyRemoteUpdate(doc, update, REMOTE);
    doc.getMap('annotations').set('mine', 'ghi chú');
    expect(told).toHaveLength(2);
    expect(told[1]?.origin).toBeNull();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, told[1]?.update ?? new Uint8Array());
    expect(copy.getMap('annotations').get('mine')).toBe('ghi chú');
  });

  it('keeps a listener an observer adds meanwhile and drops one an observer removes', () => {
    const { update } = sourceWith(3);
    const doc = new Y.Doc();
    let removedCalls = 0;
    let addedCalls = 0;
    const removed = (): void => {
      removedCalls++;
    };
    const added = (): void => {
      addedCalls++;
    };
    doc.on('update', removed);
    doc.getMap('annotations').observe(() => {
      doc.off('update', removed);
      doc.on('update', added);
    });
    applyRemoteUpdate(doc, update, REMOTE);
    // The one removed during the transaction is not told of it, nor of anything later.
    expect(removedCalls).toBe(0);
    // As with Y.applyUpdate, one added by an observer hears of that transaction too (once).
    expect(addedCalls).toBe(1);
    doc.getText('later').insert(0, 'x');
    expect(removedCalls).toBe(0);
    expect(addedCalls).toBe(2);
    // The doc's own `off` is the prototype's again.
    expect(Object.hasOwn(doc, 'off')).toBe(false);
  });

  it('applies a received update that fails to decode as Yjs does, and leaves the listeners in place', () => {
    const doc = new Y.Doc();
    let told = 0;
    doc.on('update', () => told++);
    expect(() => applyRemoteUpdate(doc, new Uint8Array([255, 255, 255, 255, 255]), REMOTE)).toThrow();
    doc.getMap('annotations').set('after', 1);
    expect(told).toBe(1);
  });

  it('applies as Y.applyUpdate does when the doc has no update listener', () => {
    const { doc: source, update } = sourceWith(5);
    const doc = new Y.Doc();
    applyRemoteUpdate(doc, update, REMOTE);
    expect(doc.getMap('annotations').toJSON()).toEqual(source.getMap('annotations').toJSON());
  });
});
