import type { RendererApi } from '#ipc/api';
import { projectorUrl } from './projector-route';

/**
 * Opens the projector view of a meeting: in the desktop app a window full screen on the
 * external display (main/projector/, through `projector:open`); in a browser a new window at
 * the room server's `/projector/<meetingId>`, which the chair drags to the projector's screen.
 * Both read the session stored on this device, so nobody has to join again.
 */
export async function openProjector(serverUrl: string, meetingId: string): Promise<void> {
  // `window.api` exists only inside the desktop app (preload/contract/window.d.ts).
  const bridge = (window as Window & { api?: RendererApi }).api?.projector;
  if (bridge !== undefined) {
    const result = await bridge.open(meetingId);
    if (result.ok) return;
    console.warn('The projector window could not be opened', result.error);
    return;
  }
  window.open(projectorUrl(serverUrl, meetingId), `projector-${meetingId}`, 'noopener');
}
