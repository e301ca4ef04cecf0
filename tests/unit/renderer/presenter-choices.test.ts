import type { LivePresenter } from '#common/schemas/presenter';
import type { AttendanceEntry } from '#common/schemas/session';
import { describe, expect, it } from 'vitest';
import { inviteToPresent, presenterChoices } from '../../../renderer/src/features/session/presenter-choices';

function entry(participantId: string, role: AttendanceEntry['role']): AttendanceEntry {
  return {
    participantId,
    name: `Người ${participantId}`,
    role,
    member: role === 'chair' || role === 'delegate',
    status: 'present',
    reason: '',
    proxyHolderId: null,
    updatedAt: null,
  };
}

function presenter(presenterId: string | null): LivePresenter {
  return {
    presenterId,
    presenterName: presenterId && `Người ${presenterId}`,
    sharedBy: null,
    sharedByName: null,
    share: null,
    sharedAt: null,
  };
}

const entries = [
  entry('d1', 'delegate'),
  entry('c1', 'chair'),
  entry('s1', 'secretary'),
  entry('d2', 'delegate'),
];

describe('presenterChoices', () => {
  it('offers everyone but the chair, in the attendance order', () => {
    expect(presenterChoices(entries).map((e) => e.participantId)).toEqual(['d1', 's1', 'd2']);
    expect(presenterChoices([])).toEqual([]);
  });
});

describe('inviteToPresent', () => {
  it('names the speaker who has the floor', () => {
    expect(inviteToPresent('d2', null, entries)).toBe('d2');
    expect(inviteToPresent('d2', presenter('d1'), entries)).toBe('d2');
    expect(inviteToPresent('d2', presenter(null), entries)).toBe('d2');
  });

  it('has nothing to do when nobody speaks, the speaker presents already, or chairs', () => {
    expect(inviteToPresent(null, presenter('d1'), entries)).toBeNull();
    expect(inviteToPresent('d1', presenter('d1'), entries)).toBeNull();
    expect(inviteToPresent('c1', null, entries)).toBeNull();
  });

  it('offers a speaker the attendance list does not know yet (the server judges)', () => {
    expect(inviteToPresent('x9', null, entries)).toBe('x9');
  });
});
