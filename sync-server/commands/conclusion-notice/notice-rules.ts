import type { MinutesBlock } from '#common/schemas/minutes';
import { NOTICE_ISSUERS } from '#common/schemas/roles';
import { belongsToMeeting } from '../../auth/access';
import { NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { Actor } from '../command';
import { forbidden } from '../session/session-roles';

/** The chair, whose conclusions the notice states, or the secretariat (`NOTICE_ISSUERS`). */
export function requireNoticeIssuer(actor: Actor, meetingId: string): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (!NOTICE_ISSUERS.includes(actor.participant.role)) throw forbidden('notice_issuers_only');
}

const textOf = (b: MinutesBlock) =>
  b.type === 'heading' || b.type === 'paragraph' ? b.content.map((c) => c.text).join('') : '';

/**
 * The heading of the conclusions section: of the headings that name conclusions, the highest
 * in the outline, the last of those. An agenda item can be called "Kết luận phiên họp" too
 * (a level-3 heading of section II); the template's "III. Kết luận của chủ tọa" is level 2.
 */
function conclusionsHeading(blocks: readonly MinutesBlock[]): number {
  let found = -1;
  let foundLevel = Number.POSITIVE_INFINITY;
  blocks.forEach((b, i) => {
    if (b.type !== 'heading' || !/kết luận/i.test(textOf(b)) || b.level > foundLevel) return;
    found = i;
    foundLevel = b.level;
  });
  return found;
}

/**
 * The conclusions section of the minutes: the blocks after the heading that names the
 * conclusions ("III. Kết luận của chủ tọa") up to the next heading of its level or above;
 * record tables and empty paragraphs are left out (a notice states conclusions, not figures).
 */
export function conclusionsOf(blocks: readonly MinutesBlock[]): MinutesBlock[] {
  const start = conclusionsHeading(blocks);
  if (start < 0) return [];
  const heading = blocks[start];
  const level = heading?.type === 'heading' ? heading.level : 1;
  const out: MinutesBlock[] = [];
  for (const b of blocks.slice(start + 1)) {
    if (b.type === 'heading' && b.level <= level) break;
    if (b.type === 'record') continue;
    if (b.type === 'paragraph' && textOf(b).trim() === '') continue;
    out.push(b);
  }
  return out;
}
