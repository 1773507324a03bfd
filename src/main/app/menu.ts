// Installs the application menu built by menu-template (rebuilt when the recent list changes).
import { Menu } from 'electron';
import { buildMenuTemplate } from './menu-template';
import type { MenuActions, MenuContext } from './menu-template';

export function installMenu(context: MenuContext, actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(context, actions)));
}
