/**
 * The address that opens a cached document straight in the viewer: `#viewer=<documentId>`
 * (optionally `&page=<n>`), e.g. `http://room-server/#viewer=3f9c…`. After joining, the client
 * opens the document as soon as the meeting's list names it; changing the hash later opens
 * another one without reloading (the viewer-load benchmark uses both). Closing the viewer
 * removes the hash again.
 */

/** What the hash asks for. */
export interface DirectOpen {
  readonly documentId: string;
  readonly page: number | null;
}

/** Reads `#viewer=<id>[&page=<n>]`; null for any other hash. */
export function parseViewerHash(hash: string): DirectOpen | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const documentId = params.get('viewer');
  if (!documentId || !/^[A-Za-z0-9_-]{1,100}$/.test(documentId)) return null;
  const rawPage = params.get('page');
  const page = rawPage !== null && /^\d{1,7}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : null;
  return { documentId, page };
}

/** Removes the viewer hash from the address bar (without a navigation or a history entry). */
export function clearViewerHash(): void {
  if (parseViewerHash(window.location.hash) === null) return;
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url);
}
