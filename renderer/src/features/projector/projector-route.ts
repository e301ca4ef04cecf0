/**
 * Where the projector view is asked for. The room server answers `/projector/<meetingId>`
 * with a redirect to `/?projector=<meetingId>` (the renderer's assets are relative to the
 * page, so the page itself must stay at the root); the desktop app loads
 * `app://paperless/index.html?projector=<meetingId>` in its projector window. Both forms,
 * and the path form for a server that serves the page there directly, are read here.
 */
import { IdSchema } from '#common/schemas/ids';

/** The query parameter that selects the projector view. */
export const PROJECTOR_PARAM = 'projector';

/** The meeting the page should project, or null when this is not the projector view. */
export function projectorMeetingId(location: Pick<Location, 'pathname' | 'search'>): string | null {
  const fromQuery = new URLSearchParams(location.search).get(PROJECTOR_PARAM);
  const path = /^\/projector\/([^/]+)\/?$/.exec(location.pathname);
  const raw = fromQuery ?? (path?.[1] !== undefined ? decodeURIComponent(path[1]) : null);
  if (raw === null) return null;
  const parsed = IdSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The projector address of a meeting on a room server (what the chair opens or shares). */
export function projectorUrl(serverUrl: string, meetingId: string): string {
  return new URL(`/projector/${encodeURIComponent(meetingId)}`, serverUrl).href;
}
