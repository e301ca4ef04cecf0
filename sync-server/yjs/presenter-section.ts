import type * as Y from 'yjs';
import { LiveKeys } from '#common/protocol/live-doc';
import type { LivePresenter, LivePresenterShare } from '#common/schemas/presenter';
import type { DocumentStore } from '../store/document-store';
import type { ParticipantStore } from '../store/participant-store';
import type { PresenterStore } from '../store/presenter-store';
import type { LiveSectionWriter } from './live-sections';

/** What the presenter section is written from. */
export interface PresenterSectionSources {
  readonly presenter: PresenterStore;
  readonly participants: ParticipantStore;
  readonly documents: DocumentStore;
}

/**
 * The `presenter` section of the live document: who is named, who shares, and what. Every
 * participant of the meeting reads the live document, and a confidential document must not even
 * be named to those without its grant (its id leads to its title through any other answer that
 * names it, and says it exists). So the share names the document only when every participant of
 * the meeting may read it; otherwise it is `{restricted: true}`: the room sees that the presenter
 * is on a document not all of them may open, and nothing of which one. The check runs on every
 * write, and the pipeline rewrites the section when access in the meeting changes, so a grant
 * given or withdrawn later shows. (Granted participants following a confidential document is
 * for their own viewer documents, a later step.)
 */
export function presenterSection(src: PresenterSectionSources): LiveSectionWriter {
  const nameOf = (id: string | null) => (id === null ? null : (src.participants.find(id)?.name ?? null));
  return (meetingId: string, map: Y.Map<unknown>) => {
    const state = src.presenter.get(meetingId);
    const s = state.share;
    let share: LivePresenterShare | null = null;
    if (s) {
      const everyoneReads = src.participants
        .listForMeeting(meetingId)
        .every((p) => src.documents.canRead(p, s.documentId));
      share = everyoneReads
        ? {
            restricted: false,
            documentId: s.documentId,
            version: s.version,
            page: s.page,
            zoom: s.zoom,
            rotation: s.rotation ?? 0,
          }
        : { restricted: true };
    }
    const live: LivePresenter = {
      presenterId: state.presenterId,
      presenterName: nameOf(state.presenterId),
      sharedBy: s?.sharedBy ?? null,
      sharedByName: nameOf(s?.sharedBy ?? null),
      share,
      sharedAt: s?.sharedAt ?? null,
    };
    // A rebuild that changes nothing sends nothing.
    if (JSON.stringify(map.get(LiveKeys.presenter) ?? null) !== JSON.stringify(live)) {
      map.set(LiveKeys.presenter, live);
    }
  };
}
