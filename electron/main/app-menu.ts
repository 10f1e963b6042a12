// The packaged app's menu: what a person needs to edit text and handle the window, nothing that reloads the
// page (a reload mid-capture) or opens DevTools. Pure data (roles only), so it is checked without Electron.
import type { MenuItemConstructorOptions } from 'electron';

type Role = NonNullable<MenuItemConstructorOptions['role']>;

const editRoles: Role[] = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'];

export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const items = (roles: readonly (Role | 'separator')[]): MenuItemConstructorOptions[] =>
    roles.map((role) => (role === 'separator' ? { type: 'separator' } : { role }));
  const edit: MenuItemConstructorOptions = { label: 'Edit', submenu: items(editRoles) };
  if (platform === 'darwin') {
    return [
      {
        label: 'Booster Capture',
        submenu: items(['about', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']),
      },
      edit,
      { label: 'Window', submenu: items(['minimize', 'zoom', 'separator', 'front', 'close']) },
    ];
  }
  return [
    { label: 'File', submenu: items(['quit']) },
    edit,
    { label: 'Window', submenu: items(['minimize', 'close']) },
  ];
}
