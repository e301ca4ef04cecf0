import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CreateParticipantRequestSchema } from '#common/schemas/participant';
import { ConflictError } from '../../errors/domain-errors';
import { findDuplicateRows } from '../../participants/same-person';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * Adds the rows of a participant list (a CSV import), in file order after everyone already in
 * the list: all of them or none. Rows that repeat a person (see `participants/same-person.ts`)
 * are left out (`skip`) or added anyway (`import`); `refuse` is for a caller that already asked
 * the secretariat and found none, and fails if some appeared since.
 */
export const importParticipants = defineCommand({
  name: 'participant.import',
  input: z.strictObject({
    meetingId: IdSchema,
    rows: z.array(CreateParticipantRequestSchema).min(1).max(5000),
    duplicates: z.enum(['refuse', 'skip', 'import']).default('import'),
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, rows, duplicates: mode }, { tx, participants }) {
    const duplicates = findDuplicateRows(participants.listForMeeting(meetingId), rows);
    if (mode === 'refuse' && duplicates.length > 0) {
      throw new ConflictError('the list now holds some of these people: import again and choose');
    }
    const left = mode === 'skip' ? new Set(duplicates.map((d) => d.row)) : new Set<number>();
    const kept = rows.filter((_, i) => !left.has(i));
    if (kept.length === 0) throw new ConflictError('every row repeats a person already in the list');
    const created = kept.map((row) => participants.create(tx, meetingId, row));
    return {
      result: { created, duplicates },
      audit: {
        action: 'participant.import',
        meetingId,
        payload: {
          participantIds: created.map((p) => p.id),
          count: created.length,
          ...(mode === 'skip' && left.size > 0 ? { skippedDuplicates: left.size } : {}),
          ...(mode === 'import' && duplicates.length > 0 ? { importedDuplicates: duplicates.length } : {}),
        },
      },
      effects: { documents: meetingId },
    };
  },
});
