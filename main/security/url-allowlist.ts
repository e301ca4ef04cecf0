/**
 * The one place that decides which URLs are the app and which may leave it. Every check
 * parses with `new URL()`; a `startsWith` test would let `app://paperless.evil` through.
 * Pure logic (no Electron import) so it runs under the Node unit tests.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */

/** The privileged scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The only host of {@link APP_SCHEME}. */
export const APP_HOST = 'paperless';
/** Where the main window starts. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * True only for `app://paperless/...`: exact scheme, exact host, no port, no credentials.
 * Anything unparsable is not internal.
 */
export function isInternalUrl(value: unknown): boolean {
  const url = parse(value);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * The normalised `href` of an http(s) URL without credentials, or `null`. Callers open
 * the returned string, never the raw input, so what was checked is what is opened.
 */
export function toSafeExternalUrl(value: unknown): string | null {
  const url = parse(value);
  if (url === null) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href;
}

/** True for http(s) URLs without credentials: the only URLs handed to the OS browser. */
export function isSafeExternalUrl(value: unknown): boolean {
  return toSafeExternalUrl(value) !== null;
}

/** The part of Electron's `WebFrameMain` that sender checks need. */
export interface FrameLike {
  readonly url: string;
}

/**
 * True when an IPC message comes from a frame showing the app itself. `senderFrame` is
 * `null` once the frame navigated away or was destroyed; reading a disposed frame may throw.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isAppFrame(frame: FrameLike | null | undefined): boolean {
  if (frame == null) return false;
  try {
    return isInternalUrl(frame.url);
  } catch {
    return false;
  }
}
