import type { LivePresenter, PresenterZoom } from '#common/schemas/presenter';
import type { ZoomValue } from '../../lib/pdf/viewer';

/** Where the presenter is, as a follower can act on it. */
export type PresenterTarget =
  | { readonly kind: 'none' }
  /** Sharing a document some participants may not read: the room is not told which. */
  | { readonly kind: 'restricted'; readonly byName: string | null }
  | {
      readonly kind: 'document';
      readonly documentId: string;
      readonly version: number;
      readonly page: number;
      readonly zoom: PresenterZoom;
      readonly rotation: number;
      readonly byName: string | null;
      /** Changes with every share, so the same page shared again is applied again. */
      readonly sharedAt: string | null;
    };

/** The presenter's share from the live document, as a target. */
export function presenterTarget(presenter: LivePresenter | null): PresenterTarget {
  const share = presenter?.share ?? null;
  if (!presenter || !share) return { kind: 'none' };
  if (share.restricted) return { kind: 'restricted', byName: presenter.sharedByName };
  return {
    kind: 'document',
    documentId: share.documentId,
    version: share.version,
    page: share.page,
    zoom: share.zoom,
    rotation: share.rotation,
    byName: presenter.sharedByName,
    sharedAt: presenter.sharedAt,
  };
}

/** The viewer's zoom for a presenter's zoom. */
export function viewerZoom(zoom: PresenterZoom): ZoomValue {
  if (zoom === 'fit-width') return 'page-width';
  if (zoom === 'fit-page') return 'page-fit';
  return zoom / 100;
}

/** The presenter's zoom for the viewer's: a preset stays a preset (each screen fits its own), else a percentage. */
export function presenterZoom(zoom: ZoomValue, scale: number): PresenterZoom {
  if (zoom === 'page-width') return 'fit-width';
  if (zoom === 'page-fit') return 'fit-page';
  return Math.min(800, Math.max(10, Math.round((typeof zoom === 'number' ? zoom : scale) * 100)));
}

/** Who may present: the chair always, and the participant the chair named. */
export function mayPresent(me: { id: string; role: string }, presenter: LivePresenter | null): boolean {
  return me.role === 'chair' || (presenter?.presenterId ?? null) === me.id;
}
