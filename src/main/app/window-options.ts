// The main window's options, kept free of any Electron import so a unit test can assert the security
// settings (Electron's checklist: isolation, sandbox, no Node in the renderer, web security).
// main-window.ts passes the result to `new BrowserWindow`, which type-checks it against Electron's own
// BrowserWindowConstructorOptions.

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  /** Middle-click (auxclick) could otherwise open links in new windows. */
  disableBlinkFeatures: 'Auxclick';
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowChrome extends WindowBounds {
  title: string;
  minWidth: number;
  minHeight: number;
  show: false;
  backgroundColor: string;
}

export interface MainWindowOptions extends WindowChrome {
  webPreferences: SecureWebPreferences;
}

export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;

export function buildWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** Everything but webPreferences: title, size limits, position. */
export function buildWindowChrome(bounds: WindowBounds): WindowChrome {
  return {
    ...bounds,
    title: 'Floe Studio',
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1e1e1e',
  };
}

export function buildMainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
): MainWindowOptions {
  return { ...buildWindowChrome(bounds), webPreferences: buildWebPreferences(preloadPath) };
}
