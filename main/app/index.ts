/**
 * The Electron main process: opens the hub on the user's data folder, serves the UI from
 * app://socle/, answers the contract over IPC, and closes the hub cleanly on quit.
 *
 * Security choices (Electron checklist): sandboxed, context-isolated renderer without Node
 * (./security.ts); a custom privileged scheme instead of file:// (./protocol.ts); navigation, new
 * windows and permissions denied; every IPC message checked for its sender frame, then validated
 * by dispatch() (./ipc.ts). External links: the page calls `socleHost.openExternal(url)` from a
 * click; the preload forwards it only during a user gesture and the main process accepts only
 * http(s) URLs (chosen over `target=_blank` + setWindowOpenHandler, which cannot tell a click
 * from a script).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { Hub, HUB_VERSION } from '../core/hub';
import { resumeSync } from '../core/sync/api';
import { libraryDir, prebuiltLibraryFile } from '../platform/paths';
import { workerIndexBuilder } from '../platform/index-builder';
import { dataDirFromArgs } from './args';
import { registerIpc } from './ipc';
import { bundleFileFromArgv } from './bundle-paths';
import { deliverPendingBundles, importBundleFromMenu, openBundleFromOS, registerBundleShell } from './bundles';
import { buildMenu } from './menu';
import { DesktopRoom, roomHostFromArgs } from './room';
import { handleAppScheme, registerAppScheme } from './protocol';
import { APP_URL, devServerOrigin, hardenContents, hardenSession } from './security';
import { WINDOW_LIMITS, loadWindowState, trackWindowState } from './window-state';

const here = import.meta.dirname;
const rendererDir = path.join(here, '..', 'renderer');
const preloadFile = path.join(here, '..', 'preload', 'index.cjs');

// --data DIR (or SOCLE_DATA) moves everything, including the single-instance lock and the window
// state, so two libraries can be open at once and tests get a throwaway profile.
const dataOverride = dataDirFromArgs();
if (dataOverride) app.setPath('userData', dataOverride);
// Both must happen before 'ready'.
registerAppScheme();
app.enableSandbox();

let hub: Hub | undefined;
let room: DesktopRoom | undefined;
let mainWindow: BrowserWindow | undefined;
let hubClosing: Promise<void> | undefined;
let hubClosed = false;

if (!app.requestSingleInstanceLock()) {
  // Another Socle window already has this library open; it is told to come forward.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    // `socle file.socle` while Socle is open (file association on Windows and Linux): import it here.
    const bundle = bundleFileFromArgv(argv, workingDirectory);
    if (bundle) void openBundleFromOS(bundle);
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  // macOS opens files by event, possibly before 'ready' (the bundle waits for the window).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openBundleFromOS(file);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (!hub || hubClosed) return;
    // Hold the quit until the hub has saved its search index, then quit for real.
    event.preventDefault();
    hubClosing ??= (room?.close() ?? Promise.resolve())
      .catch((e: unknown) => console.error(`Socle: could not close the room: ${messageOf(e)}`))
      .then(() => hub!.close())
      .catch((e: unknown) => console.error(`Socle: could not save the search index cache: ${messageOf(e)}`))
      .finally(() => {
        hubClosed = true;
        app.quit();
      });
  });
  app.whenReady().then(start, fatal);
}

async function start(): Promise<void> {
  try {
    hardenSession();
    handleAppScheme(rendererDir);
    const dataDir = app.getPath('userData');
    // No index cache (first start, index version bump): the window opens at once and search says
    // "indexing n%" while a worker thread builds the index (main/platform/index-builder.ts).
    hub = await Hub.open({ dataDir, libraryDir: libraryDir(), prebuiltFile: prebuiltLibraryFile(), watch: true, indexBuilder: workerIndexBuilder() });
    registerIpc(hub.api);
    registerBundleShell(hub, () => mainWindow);
    // Continuous sync, if it was on: the hub process syncs, the window only calls the contract.
    void resumeSync(hub);
    app.setAboutPanelOptions({
      applicationName: 'Socle',
      applicationVersion: HUB_VERSION,
      copyright: 'MIT licence',
      credits: 'Offline knowledge hub for South-South sharing on social protection floors',
    });
    const openHub = hub;
    const setMenu = () =>
      Menu.setApplicationMenu(
        buildMenu(() => mainWindow, {
          dev: isDev(),
          onImportBundle: () => void importBundleFromMenu(),
          room: room && { isOpen: room.isOpen, open: () => void room?.open(), close: () => void room?.close() },
        }),
      );
    room = new DesktopRoom({ hub: openHub, dataDir, rendererDir, host: roomHostFromArgs(), onChange: setMenu });
    setMenu();
    createWindow();
    const bundle = bundleFileFromArgv(process.argv.slice(1), process.cwd());
    if (bundle) void openBundleFromOS(bundle);
    deliverPendingBundles();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  } catch (e) {
    fatal(e);
  }
}

/** Development = `electron-vite dev` (a dev server URL is set, never in a packaged app). */
function isDev(): boolean {
  return devServerOrigin() !== undefined;
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    ...WINDOW_LIMITS,
    show: false,
    title: 'Socle',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: isDev(),
    },
  });
  mainWindow = win;
  trackWindowState(win, userData);
  if (state.maximized) win.maximize();
  // Show once painted (no white flash); also on a failed load, so the user sees the error page.
  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-fail-load', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.loadURL(devServerOrigin() ? `${devServerOrigin()}/` : APP_URL).catch((e: unknown) => {
    console.error(`Socle: could not load the interface: ${messageOf(e)}`);
  });
}

function fatal(e: unknown): void {
  const message = messageOf(e);
  console.error(`Socle could not start: ${message}`);
  dialog.showErrorBox('Socle could not start / Socle n’a pas pu démarrer', message);
  app.exit(1);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
