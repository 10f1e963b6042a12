// electron/main/index.ts as a packaged build starts, against the Electron stub: no DevTools, the minimal
// menu, and app:// even when a dev server address is in the environment.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserWindow, dialog, Menu } from '../../support/electron-stub';
import { startMainEntry } from './main-entry-support';
import type { applicationMenuTemplate } from '../../../electron/main/app-menu';

type MenuItemConstructorOptions = ReturnType<typeof applicationMenuTemplate>[number];

let userData: string;

beforeAll(async () => {
  ({ userData } = await startMainEntry({ isPackaged: true, devServerUrl: 'http://localhost:5173/' }));
});

afterAll(async () => {
  delete process.env['ELECTRON_RENDERER_URL'];
  await rm(userData, { recursive: true, force: true });
});

function roles(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('a packaged start', () => {
  it('loads app:// whatever ELECTRON_RENDERER_URL says, with DevTools off', () => {
    expect(dialog.errorBoxes).toEqual([]);
    const [window] = BrowserWindow.instances as unknown as {
      options: { webPreferences: Record<string, unknown> };
      loaded: { url?: string };
    }[];
    expect(window?.loaded.url).toBe('app://booster-capture/index.html');
    expect(window?.options.webPreferences['devTools']).toBe(false);
  });

  it('sets the minimal menu: no reload, no DevTools', () => {
    const menu = Menu.applicationMenu;
    expect(menu).toBeInstanceOf(Menu);
    const menuRoles = roles((menu?.template ?? []) as unknown as MenuItemConstructorOptions[]);
    expect(menuRoles).toContain('paste');
    expect(menuRoles).not.toContain('reload');
    expect(menuRoles).not.toContain('toggleDevTools');
  });
});
