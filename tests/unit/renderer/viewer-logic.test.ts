import { describe, expect, it } from 'vitest';
import { isXfaOnlyInfo } from '../../../renderer/src/lib/pdf/xfa';
import { parseViewerHash } from '../../../renderer/src/features/viewer/direct-open';
import { screenStep, viewerKeyAction, type ViewerKey } from '../../../renderer/src/features/viewer/keyboard';
import { pageFieldText, resolvePageInput } from '../../../renderer/src/features/viewer/page-labels';
import { normalRotation } from '../../../renderer/src/lib/pdf/rotation';
import {
  PositionMemory,
  parsePosition,
  positionKey,
} from '../../../renderer/src/features/viewer/position-memory';

const key = (k: string, extra: Partial<ViewerKey> = {}): ViewerKey => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  inField: false,
  onControl: false,
  ...extra,
});

/** A Storage in memory (Node has no localStorage). */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
}

describe('viewer keys', () => {
  it('turns pages with the reading keys when focus is not in a field', () => {
    expect(viewerKeyAction(key('PageDown'))).toBe('screen-down');
    expect(viewerKeyAction(key('PageUp'))).toBe('screen-up');
    expect(viewerKeyAction(key(' '))).toBe('screen-down');
    expect(viewerKeyAction(key(' ', { shiftKey: true }))).toBe('screen-up');
    expect(viewerKeyAction(key('ArrowDown'))).toBe('next-page');
    expect(viewerKeyAction(key('ArrowRight'))).toBe('next-page');
    expect(viewerKeyAction(key('ArrowUp'))).toBe('previous-page');
    expect(viewerKeyAction(key('ArrowLeft'))).toBe('previous-page');
    expect(viewerKeyAction(key('Home'))).toBe('first-page');
    expect(viewerKeyAction(key('End'))).toBe('last-page');
  });

  it('leaves typing to fields and Space to buttons', () => {
    for (const k of ['PageDown', ' ', 'ArrowLeft', 'Home', 'End']) {
      expect(viewerKeyAction(key(k, { inField: true }))).toBeNull();
    }
    expect(viewerKeyAction(key(' ', { onControl: true }))).toBeNull();
    expect(viewerKeyAction(key('a'))).toBeNull();
  });

  it('zooms, finds and closes with command keys, also from a field', () => {
    expect(viewerKeyAction(key('+', { ctrlKey: true }))).toBe('zoom-in');
    expect(viewerKeyAction(key('=', { ctrlKey: true }))).toBe('zoom-in');
    expect(viewerKeyAction(key('-', { metaKey: true }))).toBe('zoom-out');
    expect(viewerKeyAction(key('0', { ctrlKey: true }))).toBe('zoom-reset');
    expect(viewerKeyAction(key('f', { ctrlKey: true, inField: true }))).toBe('find');
    expect(viewerKeyAction(key('Escape', { inField: true }))).toBe('close');
    expect(viewerKeyAction(key('ArrowDown', { ctrlKey: true }))).toBeNull();
  });

  it('PageDown shows the rest of a tall page before the next page', () => {
    expect(screenStep(0, 700)).toBeNull();
    expect(screenStep(-50, 700)).toBeNull();
    expect(screenStep(300, 700)).toBe(300);
    expect(screenStep(2000, 700)).toBe(660);
  });
});

describe('go to page with labels', () => {
  const labels = ['i', 'ii', 'iii', '1', '2', 'A-1'];
  it('finds a label first, then a number', () => {
    expect(resolvePageInput('iii', labels, 6)).toBe(3);
    expect(resolvePageInput(' II ', labels, 6)).toBe(2);
    expect(resolvePageInput('a-1', labels, 6)).toBe(6);
    expect(resolvePageInput('1', labels, 6)).toBe(4);
    expect(resolvePageInput('5', labels, 6)).toBe(5);
  });
  it('clamps numbers and refuses what names no page', () => {
    expect(resolvePageInput('99', null, 14)).toBe(14);
    expect(resolvePageInput('0', null, 14)).toBe(1);
    expect(resolvePageInput('xyz', null, 14)).toBeNull();
    expect(resolvePageInput('', labels, 6)).toBeNull();
  });
  it('shows the label when the PDF names pages', () => {
    expect(pageFieldText(2, labels)).toBe('ii');
    expect(pageFieldText(2, null)).toBe('2');
  });
});

describe('remembered position', () => {
  it('keeps a position per document version and reads it back', () => {
    const memory = new PositionMemory(new MemoryStorage());
    memory.save('doc-123456', 'a'.repeat(64), { page: 7, offset: 0.25, zoom: 'page-fit', rotation: 90 });
    expect(memory.load('doc-123456', 'a'.repeat(64))).toEqual({
      page: 7,
      offset: 0.25,
      zoom: 'page-fit',
      rotation: 90,
    });
    expect(memory.load('doc-123456', 'b'.repeat(64))).toBeNull();
  });
  it('ignores damaged entries', () => {
    expect(parsePosition('{')).toBeNull();
    expect(
      parsePosition(JSON.stringify({ position: { page: 0, offset: 0, zoom: 1, rotation: 0 } })),
    ).toBeNull();
    expect(
      parsePosition(JSON.stringify({ position: { page: 2, offset: 0, zoom: 1, rotation: 45 } })),
    ).toBeNull();
    expect(parsePosition(null)).toBeNull();
  });
  it('forgets the oldest documents beyond its cap', () => {
    const storage = new MemoryStorage();
    const memory = new PositionMemory(storage);
    for (let i = 0; i < 205; i++) {
      memory.save(`doc-${i}00000`, 'c'.repeat(64), { page: 1, offset: 0, zoom: 1, rotation: 0 }, 1000 + i);
    }
    expect(storage.length).toBe(200);
    expect(storage.getItem(positionKey('doc-000000', 'c'.repeat(64)))).toBeNull();
    expect(storage.getItem(positionKey('doc-20400000', 'c'.repeat(64)))).not.toBeNull();
  });
  it('rounds rotations to quarter turns', () => {
    expect(normalRotation(-90)).toBe(270);
    expect(normalRotation(450)).toBe(90);
    expect(normalRotation(0)).toBe(0);
  });
});

describe('direct-open address', () => {
  it('reads #viewer=<id> and an optional page', () => {
    expect(parseViewerHash('#viewer=abc_DEF-123')).toEqual({ documentId: 'abc_DEF-123', page: null });
    expect(parseViewerHash('#viewer=abc123&page=42')).toEqual({ documentId: 'abc123', page: 42 });
    expect(parseViewerHash('#viewer=abc123&page=0')).toEqual({ documentId: 'abc123', page: null });
  });
  it('ignores other hashes and odd ids', () => {
    expect(parseViewerHash('')).toBeNull();
    expect(parseViewerHash('#other=1')).toBeNull();
    expect(parseViewerHash('#viewer=../../etc')).toBeNull();
  });
});

describe('XFA-only forms', () => {
  it('is XFA without AcroForm fields', () => {
    expect(isXfaOnlyInfo({ IsXFAPresent: true, IsAcroFormPresent: false })).toBe(true);
    expect(isXfaOnlyInfo({ IsXFAPresent: true })).toBe(true);
    expect(isXfaOnlyInfo({ IsXFAPresent: true, IsAcroFormPresent: true })).toBe(false);
    expect(isXfaOnlyInfo({ IsXFAPresent: false })).toBe(false);
    expect(isXfaOnlyInfo({})).toBe(false);
  });
});
