import type { WebPreferences } from 'electron';

/**
 * The web preferences of every app window. Spelled out even where they equal Electron's
 * defaults, so a reviewer sees them and a default change upstream cannot loosen them.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations
 */
export function createWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}
