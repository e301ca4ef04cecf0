import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import { createApiClient } from './lib/api';
import { askForMeetingEarly } from './lib/cache/meeting-copies';
import { openDocumentCache } from './lib/cache/open-document-cache';
import { registerServiceWorker } from './lib/offline/register-service-worker';
import { prewarmViewer } from './lib/pdf/viewer';
import { loadSession } from './lib/session';
import './styles.css';

// Strings must be ready before the first render, or the first frame would show raw keys.
initI18n();

// A returning participant (a stored session) reads documents: pdf.js, its worker and the viewer
// components start loading with the app, not after its first screen (use-distribution.ts starts
// them too, for a first join), and so does the device's document cache (opening IndexedDB in a
// browser just started takes about half a second), so a document opened at once (`#viewer=…`)
// does not wait for them; the meeting (its document list) is asked for now too (meeting-copies.ts).
const stored = loadSession();
if (stored !== null) {
  prewarmViewer().catch((error: unknown) => console.error('Could not start the PDF reader', error));
  void openDocumentCache();
  const meetingId = stored.info.meeting?.id;
  if (meetingId !== undefined)
    askForMeetingEarly(
      createApiClient(stored.serverUrl, stored.token),
      stored.serverUrl,
      stored.token,
      meetingId,
    );
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Keeps the app shell on the device, so a reload starts the client with the room server gone.
registerServiceWorker();
