import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  type AuditPayload,
  AuditPayloadSchemas,
  type AuditRecord,
  parseAuditPayload,
} from '#common/audit/audit-actions';
import { appendAudit, listAudit } from '../../../sync-server/audit/audit-log';
import { COMMANDS } from '../../../sync-server/commands/index';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { transactionHandle } from '../../../sync-server/db/tx';

const VOTE = 'vote-000001';
const VOTER = 'voter-00001';

describe('typed audit payloads', () => {
  it('has a payload schema for every command, named as the command', () => {
    for (const command of COMMANDS) expect(AUDIT_ACTIONS).toContain(command.name);
  });

  it('refuses a field a payload does not declare (no raw requests in the chain)', () => {
    expect(() =>
      parseAuditPayload('meeting.publish', {
        meetingId: 'meeting-1',
        status: 'published',
        revision: 1,
        token: 'x',
      }),
    ).toThrow();
    expect(() =>
      parseAuditPayload('device.join', { participantId: 'p-00001', deviceSessionId: 'd-00001' }),
    ).toThrow();
  });

  it('records a secret ballot without its choice, and refuses one with it', () => {
    const secret: AuditPayload<'vote.ballot'> = { voteId: VOTE, secrecy: 'secret', voterId: VOTER };
    expect(parseAuditPayload('vote.ballot', secret)).toEqual(secret);
    expect(() =>
      parseAuditPayload('vote.ballot', {
        voteId: VOTE,
        secrecy: 'secret',
        voterId: VOTER,
        choice: 'Tán thành',
      }),
    ).toThrow();
    // A named vote may say who chose what.
    expect(
      parseAuditPayload('vote.ballot', {
        voteId: VOTE,
        secrecy: 'named',
        voterId: VOTER,
        choice: 'Tán thành',
      }),
    ).toMatchObject({ choice: 'Tán thành' });
  });

  it('makes voter and choice together in a secret ballot entry a type error', () => {
    const record = {
      action: 'vote.ballot',
      meetingId: null,
      // @ts-expect-error a secret ballot's audit entry cannot hold the choice beside the voter
      payload: { voteId: VOTE, secrecy: 'secret', voterId: VOTER, choice: 'Tán thành' },
    } satisfies AuditRecord;
    expect(record.action).toBe('vote.ballot');

    type SecretBallot = Extract<AuditPayload<'vote.ballot'>, { secrecy: 'secret' }>;
    expectTypeOf<SecretBallot>().not.toHaveProperty('choice');
    expectTypeOf<Extract<AuditPayload<'vote.ballot'>, { secrecy: 'named' }>>().toHaveProperty('choice');
  });

  it('never stores a secret ballot choice, even when a caller bypasses the types', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    const smuggled = {
      action: 'vote.ballot',
      meetingId: null,
      payload: { voteId: VOTE, secrecy: 'secret', voterId: VOTER, choice: 'Không tán thành' },
    } as unknown as AuditRecord;
    expect(() =>
      db.transaction(() => appendAudit(transactionHandle(db, new Date().toISOString()), VOTER, smuggled))(),
    ).toThrow();
    expect(listAudit(db)).toHaveLength(0);
  });

  it('gives every action a strict schema', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(AuditPayloadSchemas[action], action).toBeDefined();
      expect(AuditPayloadSchemas[action].safeParse({ surprise: true }).success, action).toBe(false);
    }
  });
});
