// The application menu as plain data: menu.ts hands it to Electron's Menu.buildFromTemplate, which
// type-checks it against MenuItemConstructorOptions. Pure, so a test can check what is (not) offered.
import path from 'node:path';

/** The Electron roles this menu uses (a subset of Electron's own role names). */
export type MenuRole =
  | 'appMenu'
  | 'editMenu'
  | 'windowMenu'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'quit';

export interface MenuSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuSpec[];
}

export interface MenuActions {
  openFolder(): void;
  openRecent(dir: string): void;
  reloadProject(): void;
  showAbout(): void;
  openDocumentation(): void;
}

export interface MenuContext {
  isMac: boolean;
  /** DevTools are offered only in development (electron-vite dev). */
  isDev: boolean;
  recent: readonly string[];
  hasProject: boolean;
}

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuSpec[] {
  const separator: MenuSpec = { type: 'separator' };
  const recent: MenuSpec[] =
    context.recent.length === 0
      ? [{ label: 'No Recent Projects', enabled: false }]
      : context.recent.map((dir) => ({
          label: recentLabel(dir),
          click: () => actions.openRecent(dir),
        }));

  const file: MenuSpec = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
      { label: 'Open Recent', submenu: recent },
      separator,
      {
        label: 'Reload Project',
        accelerator: 'CmdOrCtrl+Shift+R',
        enabled: context.hasProject,
        click: () => actions.reloadProject(),
      },
      ...(context.isMac ? [] : [separator, { role: 'quit' as const }]),
    ],
  };
  const view: MenuSpec = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(context.isDev
        ? [{ role: 'forceReload' as const }, { role: 'toggleDevTools' as const }]
        : []),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuSpec = {
    label: 'Help',
    submenu: [
      { label: 'dbt Documentation', click: () => actions.openDocumentation() },
      separator,
      { label: 'About Floe Studio', click: () => actions.showAbout() },
    ],
  };
  return [
    ...(context.isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}

/** `shop — /home/me/projects/shop`: the folder name first, since long paths get cut off. */
export function recentLabel(dir: string): string {
  return `${path.basename(dir)} — ${dir}`;
}
