import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../electron/main/app-menu';

type MenuItemConstructorOptions = ReturnType<typeof applicationMenuTemplate>[number];

function rolesOf(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? rolesOf(item.submenu) : []),
  ]);
}

describe('applicationMenuTemplate', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`has text editing and the window on ${platform}, and no reload or DevTools`, () => {
      const roles = rolesOf(applicationMenuTemplate(platform));
      expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
      expect(roles).toEqual(expect.arrayContaining(['minimize', 'close']));
      for (const forbidden of [
        'reload',
        'forceReload',
        'toggleDevTools',
        'viewMenu',
        'editMenu',
        'windowMenu',
      ])
        expect(roles).not.toContain(forbidden);
      // Every item is a role Electron implements, or a separator: no click handler of ours to audit.
      const template = JSON.stringify(applicationMenuTemplate(platform));
      expect(template).not.toMatch(/click|accelerator/);
    });
  }

  it('quits from the app menu on macOS and from File elsewhere', () => {
    expect(applicationMenuTemplate('darwin')[0]?.label).toBe('Booster Capture');
    expect(rolesOf(applicationMenuTemplate('darwin').slice(0, 1))).toContain('quit');
    expect(applicationMenuTemplate('win32')[0]).toMatchObject({ label: 'File', submenu: [{ role: 'quit' }] });
  });
});
