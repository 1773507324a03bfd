import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu-template';
import type { MenuActions, MenuSpec } from './menu-template';

function recorder(): { actions: MenuActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      openFolder: () => calls.push('openFolder'),
      openRecent: (dir) => calls.push(`openRecent ${dir}`),
      reloadProject: () => calls.push('reloadProject'),
      showAbout: () => calls.push('showAbout'),
      openDocumentation: () => calls.push('openDocumentation'),
    },
  };
}

function find(items: readonly MenuSpec[], label: string): MenuSpec {
  const item = items.find((entry) => entry.label === label);
  if (item === undefined) throw new Error(`no menu item ${label}`);
  return item;
}

const roles = (items: readonly MenuSpec[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);

describe('buildMenuTemplate', () => {
  it('offers File › Open Folder…, Open Recent and Reload Project wired to their actions', () => {
    const { actions, calls } = recorder();
    const menu = buildMenuTemplate(
      { isMac: false, isDev: false, recent: ['/p/shop', '/p/jaffle'], hasProject: true },
      actions,
    );
    const file = find(menu, 'File').submenu ?? [];
    find(file, 'Open Folder…').click?.();
    const recent = find(file, 'Open Recent').submenu ?? [];
    expect(recent.map((item) => item.label)).toEqual(['shop — /p/shop', 'jaffle — /p/jaffle']);
    recent[1]?.click?.();
    find(file, 'Reload Project').click?.();
    const help = find(menu, 'Help').submenu ?? [];
    find(help, 'dbt Documentation').click?.();
    find(help, 'About Floe Studio').click?.();
    expect(calls).toEqual([
      'openFolder',
      'openRecent /p/jaffle',
      'reloadProject',
      'openDocumentation',
      'showAbout',
    ]);
  });

  it('offers DevTools only in development, and zoom and full screen always', () => {
    const { actions } = recorder();
    const prod = roles(
      buildMenuTemplate({ isMac: false, isDev: false, recent: [], hasProject: false }, actions),
    );
    expect(prod).not.toContain('toggleDevTools');
    expect(prod).toEqual(
      expect.arrayContaining(['reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
    );
    const dev = roles(
      buildMenuTemplate({ isMac: false, isDev: true, recent: [], hasProject: false }, actions),
    );
    expect(dev).toContain('toggleDevTools');
  });

  it('shows an empty recent list and disables Reload Project without a project', () => {
    const { actions } = recorder();
    const menu = buildMenuTemplate(
      { isMac: true, isDev: false, recent: [], hasProject: false },
      actions,
    );
    expect(menu[0]?.role).toBe('appMenu');
    const file = find(menu, 'File').submenu ?? [];
    expect(find(file, 'Open Recent').submenu).toEqual([
      { label: 'No Recent Projects', enabled: false },
    ]);
    expect(find(file, 'Reload Project').enabled).toBe(false);
  });
});
