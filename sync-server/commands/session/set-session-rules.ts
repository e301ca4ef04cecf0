import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { type SessionRules, UpdateSessionRulesRequestSchema } from '#common/schemas/session';
import { requireAttendanceKeeper } from './session-roles';
import { defineCommand } from '../command';

/** The quorum rule, whether proxies count, and the speaking times (secretary, secretariat, chair). */
export const setSessionRules = defineCommand({
  name: 'session.rules',
  input: z.strictObject({ meetingId: IdSchema, patch: UpdateSessionRulesRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireAttendanceKeeper(actor, meetingId);
  },
  run({ meetingId, patch }, { tx, session }) {
    const before = session.rules(meetingId);
    const next: SessionRules = {
      quorum: patch.quorum ?? before.quorum,
      proxiesAllowed: patch.proxiesAllowed ?? before.proxiesAllowed,
      speakerLimits: { ...before.speakerLimits, ...definedOnly(patch.speakerLimits ?? {}) },
    };
    const after = session.setRules(tx, meetingId, next);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    return {
      result: after,
      audit: {
        action: 'session.rules',
        meetingId,
        payload: {
          meetingId,
          changes: {
            ...(same(before.quorum, after.quorum)
              ? {}
              : { quorum: { from: before.quorum, to: after.quorum } }),
            ...(before.proxiesAllowed === after.proxiesAllowed
              ? {}
              : { proxiesAllowed: { from: before.proxiesAllowed, to: after.proxiesAllowed } }),
            ...(same(before.speakerLimits, after.speakerLimits)
              ? {}
              : { speakerLimits: { from: before.speakerLimits, to: after.speakerLimits } }),
          },
        },
      },
      effects: { live: { meetingId, sections: ['attendance'] } },
    };
  },
});

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
