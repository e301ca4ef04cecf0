import { describe, expect, it } from 'vitest';
import type { Participant } from '#common/schemas/participant';
import type { Role } from '#common/schemas/roles';
import type { DocumentStore } from '../../../sync-server/store/document-store';
import { docAccess } from '../../../sync-server/yjs/doc-access';

function person(role: Role, meetingId: string | null = 'meeting1', id = `p-${role}`): Participant {
  return {
    id,
    meetingId,
    name: role,
    position: '',
    unit: '',
    role,
    group: '',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Grants: p-delegate may read doc-open; nobody but the owner reads doc-secret. */
const documents = {
  canRead: (p: Participant, documentId: string) =>
    documentId === 'doc-open' ? p.meetingId === 'meeting1' || p.meetingId === null : p.id === 'owner-1',
} as unknown as DocumentStore;

describe('Yjs document access', () => {
  it('live: every member reads, nobody writes, outsiders see nothing', () => {
    const live = { kind: 'live', meetingId: 'meeting1' } as const;
    for (const role of ['chair', 'secretary', 'delegate', 'observer', 'archivist', 'secretariat'] as const) {
      expect(docAccess(live, person(role), documents), role).toBe('read');
    }
    expect(docAccess(live, person('secretariat', null), documents)).toBe('read');
    expect(docAccess(live, person('chair', 'meeting2'), documents)).toBe('none');
  });

  it('minutes: secretaries write, chair and secretariat read, delegates nothing', () => {
    const minutes = { kind: 'minutes', meetingId: 'meeting1' } as const;
    expect(docAccess(minutes, person('secretary'), documents)).toBe('write');
    expect(docAccess(minutes, person('chair'), documents)).toBe('read');
    expect(docAccess(minutes, person('secretariat'), documents)).toBe('read');
    expect(docAccess(minutes, person('delegate'), documents)).toBe('none');
    expect(docAccess(minutes, person('observer'), documents)).toBe('none');
    expect(docAccess(minutes, person('secretary', 'meeting2'), documents)).toBe('none');
  });

  it('minutes: frozen for everybody once final; every participant reads once published', () => {
    const minutes = { kind: 'minutes', meetingId: 'meeting1' } as const;
    const final = () => 'final' as const;
    const published = () => 'published' as const;
    expect(docAccess(minutes, person('secretary'), documents, final)).toBe('read');
    expect(docAccess(minutes, person('chair'), documents, final)).toBe('read');
    expect(docAccess(minutes, person('delegate'), documents, final)).toBe('none');
    expect(docAccess(minutes, person('secretary'), documents, published)).toBe('read');
    for (const role of ['delegate', 'observer'] as const) {
      expect(docAccess(minutes, person(role), documents, published), role).toBe('read');
    }
    expect(docAccess(minutes, person('delegate', 'meeting2'), documents, published)).toBe('none');
  });

  it('annotation layers: owner writes; shared read by the granted; private by the owner only', () => {
    const priv = {
      kind: 'annotations',
      documentId: 'doc-open',
      ownerId: 'p-delegate',
      layer: 'private',
    } as const;
    const shared = { ...priv, layer: 'shared' } as const;
    expect(docAccess(priv, person('delegate'), documents)).toBe('write');
    expect(docAccess(priv, person('chair'), documents)).toBe('none');
    expect(docAccess(shared, person('delegate'), documents)).toBe('write');
    expect(docAccess(shared, person('chair'), documents)).toBe('read');
    const secret = {
      kind: 'annotations',
      documentId: 'doc-secret',
      ownerId: 'owner-1',
      layer: 'shared',
    } as const;
    expect(docAccess(secret, person('chair'), documents)).toBe('none');
    expect(docAccess(secret, person('delegate', 'meeting1', 'owner-1'), documents)).toBe('write');
  });

  it("a document's reading room: read by those granted it, written by nobody", () => {
    expect(docAccess({ kind: 'readers', documentId: 'doc-open' }, person('delegate'), documents)).toBe(
      'read',
    );
    expect(docAccess({ kind: 'readers', documentId: 'doc-secret' }, person('chair'), documents)).toBe('none');
    expect(
      docAccess(
        { kind: 'readers', documentId: 'doc-secret' },
        person('delegate', 'meeting1', 'owner-1'),
        documents,
      ),
    ).toBe('read');
  });
});
