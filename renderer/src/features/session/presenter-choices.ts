import type { LivePresenter } from '#common/schemas/presenter';
import type { AttendanceEntry } from '#common/schemas/session';

/**
 * Whom the chair may name presenter: every participant but a chair, who presents without being
 * named (naming them would only take the name from someone else), in the attendance list's order.
 */
export function presenterChoices(entries: readonly AttendanceEntry[]): AttendanceEntry[] {
  return entries.filter((entry) => entry.role !== 'chair');
}

/**
 * The participant "Mời trình bày" on the speaker who has the floor would name, or null when the
 * shortcut has nothing to do: nobody speaks, they present already, or they chair (and so present
 * anyway). A speaker missing from the attendance list is offered: the server is the judge.
 */
export function inviteToPresent(
  speakerId: string | null,
  presenter: LivePresenter | null,
  entries: readonly AttendanceEntry[],
): string | null {
  if (speakerId === null) return null;
  if ((presenter?.presenterId ?? null) === speakerId) return null;
  if (entries.find((entry) => entry.participantId === speakerId)?.role === 'chair') return null;
  return speakerId;
}
