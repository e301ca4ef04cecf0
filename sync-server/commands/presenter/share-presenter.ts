import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { SharePresenterRequestSchema } from '#common/schemas/presenter';
import { DomainError, NotFoundError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requirePageOf, requirePresenter } from './presenter-rules';

/**
 * The presenter (or the chair) shows a page of a document they may read: followers move to it.
 * A page turn is this command too, so each is one audit entry (see audit-actions.ts). A
 * document the presenter may not read is "not found", as everywhere.
 */
export const sharePresenter = defineCommand({
  name: 'presenter.share',
  input: SharePresenterRequestSchema.extend({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings, presenter }) => {
    meetings.get(meetingId);
    requirePresenter(actor, meetingId, presenter.get(meetingId));
  },
  run({ meetingId, ...share }, { tx, actor, presenter, documents }) {
    const doc = documents.find(share.documentId);
    const readable =
      doc !== null &&
      doc.meetingId === meetingId &&
      (actor.kind !== 'device' || documents.canRead(actor.participant, doc.id));
    if (!readable) throw new NotFoundError('document not found');
    const version = documents.versions(doc.id).find((v) => v.version === share.version);
    if (!version) {
      throw new DomainError(
        'bad_request',
        `no version ${share.version}`,
        undefined,
        because('opened_unknown_version', { version: share.version }),
      );
    }
    requirePageOf(share.page, version.pageCount);
    const sharedBy = actor.kind === 'device' ? actor.participant.id : presenter.get(meetingId).presenterId;
    if (sharedBy === null)
      throw new DomainError('bad_request', 'the server shares only for a named presenter');
    const after = presenter.share(tx, meetingId, sharedBy, share);
    return {
      result: after,
      audit: {
        action: 'presenter.share',
        meetingId,
        payload: { meetingId, documentId: share.documentId, version: share.version, page: share.page },
      },
      effects: { live: { meetingId, sections: ['presenter'] } },
    };
  },
});
