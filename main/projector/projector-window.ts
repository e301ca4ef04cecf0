/**
 * The projector window: the renderer's projector view (`?projector=<meetingId>`) full screen on
 * the room's projector, opened from the chair's console through `projector:open`. Thin glue:
 * the choice of display is {@link chooseProjectorDisplay}, the view itself is the renderer's.
 */
import { BrowserWindow, screen } from 'electron';
import type { ProjectorOpenResult } from '#ipc/channels';
import { APP_ENTRY_URL } from '../security/url-allowlist';
import { createWebPreferences } from '../security/web-preferences';
import { chooseProjectorDisplay } from './choose-display';

/** The one projector window; `null` while none is open. */
let projector: BrowserWindow | null = null;

/** Opens the projector view of a meeting, or moves the open one to it. */
export function openProjectorWindow(preloadPath: string, meetingId: string): ProjectorOpenResult {
  const { display, external } = chooseProjectorDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay());
  const url = new URL(APP_ENTRY_URL);
  url.searchParams.set('projector', meetingId);
  if (projector === null || projector.isDestroyed()) {
    const { x, y, width, height } = display.bounds;
    projector = new BrowserWindow({
      x,
      y,
      width: external ? width : Math.round(width * 0.6),
      height: external ? height : Math.round(height * 0.6),
      fullscreen: external,
      autoHideMenuBar: true,
      title: 'Paperless Room — màn hình trình chiếu',
      backgroundColor: '#000000',
      // The same locked-down preferences (sandbox, isolation, the one preload) as the main window.
      webPreferences: createWebPreferences(preloadPath),
    });
    projector.on('closed', () => {
      projector = null;
    });
  }
  projector
    .loadURL(url.href)
    .catch((err: unknown) => console.error('loading the projector view failed', err));
  projector.show();
  return { external };
}
