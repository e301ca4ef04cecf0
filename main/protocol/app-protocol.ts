/**
 * The `app://paperless` scheme: the renderer is served from the build folder through it,
 * never from `file://`, so it gets a real origin, the CSP header and no file-system reach.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { protocol } from 'electron';
import { APP_SCHEME } from '../security/url-allowlist';
import { createAppRequestHandler } from './app-files';

/** Marks the scheme standard and secure. Must run before the `ready` event. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` on the app scheme for the default session. Call after `ready`. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
