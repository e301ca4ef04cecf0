/**
 * The Electron main process: one locked-down window showing the renderer build on
 * `app://paperless`, the typed IPC handlers, and per-user settings.
 * @see https://www.electronjs.org/docs/latest/tutorial/security
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell, type WebContents } from 'electron';
import { HttpUrlSchema, type Settings } from '#ipc/channels';
import { AnnotationStore } from './cache/annotation-store';
import { NodeDocumentCache } from './cache/document-cache';
import { createHandlers } from './ipc/handlers';
import { createHandle, registerHandlers } from './ipc/register';
import { openProjectorWindow } from './projector/projector-window';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './protocol/app-protocol';
import { APP_ENTRY_URL, isInternalUrl, toSafeExternalUrl } from './security/url-allowlist';
import { createWebPreferences } from './security/web-preferences';
import { DEFAULT_SETTINGS, openSettingsStore, SETTINGS_FILE_NAME } from './settings/settings-store';

/** dist/main/index.cjs → dist/. The bundle is CJS, so `__dirname` is defined at run time. */
const distDir = path.resolve(__dirname, '..');
const rendererDir = path.join(distDir, 'renderer');
const preloadPath = path.join(distDir, 'preload', 'index.cjs');

/** The main window; `null` before it opens and after it closes. */
let mainWindow: BrowserWindow | null = null;

/** The room server the launcher started, if any (`PAPERLESS_SERVER_URL`); a default, never stored. */
function launcherServerUrl(): string | null {
  const parsed = HttpUrlSchema.safeParse(process.env.PAPERLESS_SERVER_URL);
  return parsed.success ? parsed.data : null;
}

/**
 * Locks every web contents the app ever creates: no navigation away from the app, no new
 * windows (safe http(s) links go to the user's browser instead), no `<webview>`.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 * @see https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
 */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isInternalUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isInternalUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const safe = toSafeExternalUrl(url);
    if (safe !== null) {
      shell.openExternal(safe).catch((err: unknown) => console.error('open external link failed', err));
    }
    return { action: 'deny' };
  });
}

/**
 * Denies every permission (camera, microphone, notifications, geolocation, …) until a
 * feature needs one and adds it here on purpose.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Paperless Room',
    backgroundColor: '#ffffff',
    webPreferences: createWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  window.loadURL(APP_ENTRY_URL).catch((err: unknown) => console.error('loading the app failed', err));
  return window;
}

function broadcastSettings(settings: Settings): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send('settings:changed', settings);
  }
}

async function start(): Promise<void> {
  denyPermissions();
  handleAppProtocol(rendererDir);

  const settings = await openSettingsStore({
    filePath: path.join(app.getPath('userData'), SETTINGS_FILE_NAME),
    defaults: { ...DEFAULT_SETTINGS, serverUrl: launcherServerUrl() },
  });

  registerHandlers(
    createHandle(ipcMain),
    createHandlers({
      appInfo: () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        node: process.versions.node,
      }),
      settings,
      openExternal: (url) => shell.openExternal(url),
      onSettingsChanged: broadcastSettings,
      // Meeting documents, named by SHA-256 like the room server's blobs (main/cache/).
      documentCache: new NodeDocumentCache(path.join(app.getPath('userData'), 'document-cache')),
      // The user's own annotation layers while offline (main/cache/annotation-store.ts).
      annotationStore: new AnnotationStore(path.join(app.getPath('userData'), 'annotation-store')),
      openProjector: (meetingId) => openProjectorWindow(preloadPath, meetingId),
    }),
  );

  mainWindow = createMainWindow();
}

// Tests and portable installs point the profile elsewhere; must happen before `ready`.
const userDataDir = process.env.PAPERLESS_USER_DATA_DIR;
if (userDataDir) app.setPath('userData', path.resolve(userDataDir));

registerAppSchemeAsPrivileged();
app.on('web-contents-created', (_event, contents) => lockDown(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && mainWindow === null) mainWindow = createMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('Paperless Room failed to start', err);
      app.exit(1);
    });
}
