// The desktop app's lifecycle: single instance, hardened session and windows, the API over IPC, the
// menu, and which project to open (command-line folder, a second instance's folder, else the last one).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { createDispatcher } from '../api/dispatcher';
import { createEventHub } from '../api/event-hub';
import type { Dispatcher } from '../api/types';
import { registerIpcBridge } from '../ipc/ipc-bridge';
import { createProjectService } from '../services/project/project-service';
import type { RecentProjects } from '../services/project/recent-projects';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { hardenSession, hardenWebContents, openExternalSafely } from './hardening';
import { folderFromArgv, parseSecondInstanceData } from './launch-args';
import { createMainWindow } from './main-window';
import { installMenu } from './menu';
import { APP_ENTRY_URL, DOCUMENTATION_URL, isTrustedAppUrl } from './security-policy';
import { WINDOW_STATE_FILE } from './window-state';

/** `mainDir` is the folder of the built main bundle (out/main); renderer and preload sit beside it. */
export function startDesktopApp(mainDir: string): void {
  // Tests and side-by-side profiles use their own state folder.
  const userDataOverride = process.env['FLOE_USER_DATA_DIR'];
  if (userDataOverride !== undefined && userDataOverride !== '')
    app.setPath('userData', userDataOverride);
  app.enableSandbox();
  registerAppScheme();

  const launchDir = folderFromArgv(process.argv, {
    isPackaged: app.isPackaged,
    cwd: process.cwd(),
  });
  if (!app.requestSingleInstanceLock({ dir: launchDir })) {
    // The running instance got our folder through 'second-instance'.
    app.quit();
    return;
  }
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(
    () => runDesktopApp(mainDir, launchDir),
    (error: unknown) => fatal(error),
  );
}

interface Shell {
  dispatcher: Dispatcher;
  recent: RecentProjects;
  window: () => BrowserWindow | null;
  hasProject: boolean;
}

function runDesktopApp(mainDir: string, launchDir: string | null): void {
  // electron-vite dev serves the renderer itself and names it here; never trusted when packaged.
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  hardenSession(session.defaultSession, devServerUrl);
  serveAppProtocol(path.join(mainDir, '../renderer'));

  const userData = app.getPath('userData');
  const events = createEventHub({ onListenerError: (error) => logError('event listener', error) });
  const service = createProjectService({
    events,
    stateDir: userData,
    repoRoot: path.resolve(mainDir, '../..'),
    environ: process.env,
    openExternal: openExternalSafely,
  });
  const dispatcher = createDispatcher(service.handlers, {
    onHandlerError: (channel, error) => logError(channel, error),
  });
  const isTrustedUrl = (url: string): boolean => isTrustedAppUrl(url, devServerUrl);
  const disposeIpc = registerIpcBridge({
    dispatcher,
    events,
    isTrustedUrl,
    targets: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
  });

  let mainWindow: BrowserWindow | null = null;
  const shell: Shell = {
    dispatcher,
    recent: service.recent,
    window: () => mainWindow,
    hasProject: false,
  };
  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preloadPath: path.join(mainDir, '../preload/index.js'),
      entryUrl: devServerUrl ?? APP_ENTRY_URL,
      stateFile: path.join(userData, WINDOW_STATE_FILE),
    });
    mainWindow.on('closed', () => (mainWindow = null));
  };
  refreshMenu(shell);
  openWindow();

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const window = mainWindow;
    if (window !== null) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const forwarded = parseSecondInstanceData(additionalData);
    const dir =
      forwarded?.dir ?? folderFromArgv(argv, { isPackaged: app.isPackaged, cwd: workingDirectory });
    if (dir !== null) void openProject(shell, dir);
  });
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Give the engine a chance to stop dbt and close its stores before the process exits.
    event.preventDefault();
    disposed = true;
    disposeIpc();
    service.dispose().then(
      () => app.quit(),
      (error: unknown) => {
        logError('shutdown', error);
        app.quit();
      },
    );
  });

  const startDir = launchDir ?? shell.recent.list().find((dir) => existsSync(dir)) ?? null;
  if (startDir !== null) void openProject(shell, startDir);
}

async function openProject(shell: Shell, dir: string): Promise<void> {
  const response = await shell.dispatcher.handle('project.open', { dir });
  if (!response.ok) {
    await showError(shell, `Could not open ${dir}`, response.error.message);
    return;
  }
  shell.recent.add(dir);
  shell.hasProject = true;
  refreshMenu(shell);
}

function refreshMenu(shell: Shell): void {
  installMenu(
    {
      isMac: process.platform === 'darwin',
      isDev: !app.isPackaged && process.env['ELECTRON_RENDERER_URL'] !== undefined,
      recent: shell.recent.list(),
      hasProject: shell.hasProject,
    },
    {
      openFolder: () => void chooseFolder(shell),
      openRecent: (dir) => void openProject(shell, dir),
      reloadProject: () => void reloadProject(shell),
      showAbout: () => void showAbout(shell),
      openDocumentation: () => void openExternalSafely(DOCUMENTATION_URL),
    },
  );
}

async function chooseFolder(shell: Shell): Promise<void> {
  const window = shell.window();
  const options = { title: 'Open a dbt project folder', properties: ['openDirectory' as const] };
  const result =
    window === null
      ? await dialog.showOpenDialog(options)
      : await dialog.showOpenDialog(window, options);
  const dir = result.filePaths[0];
  if (!result.canceled && dir !== undefined) await openProject(shell, dir);
}

async function reloadProject(shell: Shell): Promise<void> {
  const response = await shell.dispatcher.handle('project.reload', {});
  if (!response.ok) await showError(shell, 'Could not reload the project', response.error.message);
}

async function showAbout(shell: Shell): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About Floe Studio',
    message: `Floe Studio ${app.getVersion()}`,
    detail: `Local data-pipeline development with dbt.\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
  };
  const window = shell.window();
  await (window === null ? dialog.showMessageBox(options) : dialog.showMessageBox(window, options));
}

async function showError(shell: Shell, message: string, detail: string): Promise<void> {
  const options = { type: 'error' as const, title: 'Floe Studio', message, detail };
  const window = shell.window();
  await (window === null ? dialog.showMessageBox(options) : dialog.showMessageBox(window, options));
}

function logError(where: string, error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`floe: ${where}: ${text}\n`);
}

function fatal(error: unknown): void {
  logError('startup', error);
  dialog.showErrorBox(
    'Floe Studio could not start',
    error instanceof Error ? error.message : String(error),
  );
  app.exit(1);
}
