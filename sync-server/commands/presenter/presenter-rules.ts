import type { PresenterState } from '#common/schemas/presenter';
import { because } from '#common/schemas/error-reasons';
import { belongsToMeeting } from '../../auth/access';
import { DomainError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { Actor } from '../command';
import { forbidden } from '../session/session-roles';

/**
 * Who may present: the meeting's chair always, and the participant the chair (or the
 * secretariat) named; anyone else of the meeting gets 403 `presenter_only`, outsiders 404.
 */
export function requirePresenter(actor: Actor, meetingId: string, state: PresenterState): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (actor.participant.role === 'chair' && actor.participant.meetingId === meetingId) return;
  if (state.presenterId !== null && state.presenterId === actor.participant.id) return;
  throw forbidden('presenter_only');
}

/** The page must be one of the version's (a version whose pages were not counted takes any). */
export function requirePageOf(page: number, pageCount: number): void {
  if (pageCount > 0 && page > pageCount) {
    throw new DomainError(
      'bad_request',
      `page ${page} of ${pageCount}`,
      undefined,
      because('presenter_page_out_of_range', { page, pageCount }),
    );
  }
}
