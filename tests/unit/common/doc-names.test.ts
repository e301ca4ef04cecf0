import { describe, expect, it } from 'vitest';
import { formatDocName, liveDocName, parseDocName } from '#common/protocol/doc-names';

describe('Yjs document names', () => {
  it('parse the four kinds', () => {
    expect(parseDocName('meeting/abcdef12/live')).toEqual({ kind: 'live', meetingId: 'abcdef12' });
    expect(parseDocName('meeting/abcdef12/minutes')).toEqual({ kind: 'minutes', meetingId: 'abcdef12' });
    expect(parseDocName('ann/doc_1234/person-99/private')).toEqual({
      kind: 'annotations',
      documentId: 'doc_1234',
      ownerId: 'person-99',
      layer: 'private',
    });
    expect(parseDocName('ann/doc_1234/person-99/shared')?.kind).toBe('annotations');
    expect(parseDocName('doc/doc_1234/readers')).toEqual({ kind: 'readers', documentId: 'doc_1234' });
  });

  it('reject everything else', () => {
    for (const bad of [
      '',
      'meeting',
      'meeting/abcdef12',
      'meeting/abcdef12/other',
      'meeting/../live',
      'meeting/abc/live',
      'meeting/abcdef12/live/x',
      'ann/doc_1234/person-99/public',
      'ann/doc_1234/private',
      'doc/doc_1234/writers',
      'doc/doc_1234/readers/x',
      'ann/doc 1234/person-99/private',
      `meeting/${'a'.repeat(65)}/live`,
    ]) {
      expect(parseDocName(bad), bad).toBeNull();
    }
  });

  it('round-trip', () => {
    for (const name of [
      'meeting/abcdef12/live',
      'meeting/abcdef12/minutes',
      'ann/doc_1234/person-99/shared',
      'doc/doc_1234/readers',
    ]) {
      const parsed = parseDocName(name);
      expect(parsed).not.toBeNull();
      if (parsed) expect(formatDocName(parsed)).toBe(name);
    }
    expect(liveDocName('abcdef12')).toBe('meeting/abcdef12/live');
  });
});
