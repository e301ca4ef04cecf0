import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import { registerServiceWorker } from './lib/offline/register-service-worker';
import './styles.css';

// Strings must be ready before the first render, or the first frame would show raw keys.
initI18n();

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Keeps the app shell on the device, so a reload starts the client with the room server gone.
registerServiceWorker();
