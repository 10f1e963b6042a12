// electron/main/index.ts against the Electron stub: the real services wired to the stub's adapters, IPC
// registered for our window only, and a quit that waits for the services to stop.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allInvokeChannels } from '../../../shared/ipc';
import { contentSecurityPolicy } from '../../../electron/main/app-origin';
import {
  app,
  BrowserWindow,
  dialog,
  fakeFrame,
  ipcMain,
  Menu,
  protocol,
  session,
} from '../../support/electron-stub';
import { startMainEntry } from './main-entry-support';

let userData: string;

beforeAll(async () => {
  ({ userData } = await startMainEntry());
});

afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

function mainWindow(): BrowserWindow {
  const [window] = BrowserWindow.instances;
  if (!window) throw new Error('no window');
  return window;
}

describe('electron/main/index.ts', () => {
  it('opens one sandboxed window on app://, with the CommonJS preload', () => {
    const window = mainWindow() as unknown as {
      options: { webPreferences: Record<string, unknown> };
      loaded: { url?: string };
    };
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String(window.options.webPreferences['preload'])).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window.loaded.url).toBe('app://booster-capture/index.html');
    // A development run (not packaged) keeps DevTools and Electron's default menu.
    expect(window.options.webPreferences['devTools']).toBe(true);
    expect(Menu.applicationMenu).toBeUndefined();
    expect(dialog.errorBoxes).toEqual([]);
  });

  it('registered app:// as privileged before ready, and serves the renderer folder on the session', async () => {
    // The stub throws when this runs after ready, as Electron does: start-up would have failed.
    expect(protocol.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(['app']);
    expect(session.defaultSession.protocol.isProtocolHandled('app')).toBe(true);
    const refused = await session.defaultSession.protocol.request(
      'app://booster-capture/..%2fmain%2findex.js',
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('denies every permission request, permission check and device permission', () => {
    const answers: boolean[] = [];
    const { permissionRequestHandler, permissionCheckHandler, devicePermissionHandler } =
      session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
      answers.push(permissionCheckHandler?.(null, permission, 'app://booster-capture', {}) ?? true);
    }
    for (const deviceType of ['hid', 'serial', 'usb']) {
      answers.push(
        devicePermissionHandler?.({ deviceType, origin: 'app://booster-capture', device: {} }) ?? true,
      );
    }
    expect(answers).toHaveLength(13);
    expect(answers.every((granted) => granted === false)).toBe(true);
  });

  it('brings the first window forward on a second launch, ignoring its arguments', () => {
    const window = mainWindow();
    window.minimized = true;
    window.focused = false;
    const before = BrowserWindow.instances.length;
    app.emit(
      'second-instance',
      {},
      ['electron', '.', '--rotate-data-key', 'https://evil.example/'],
      '/tmp',
      {},
    );
    expect(window).toMatchObject({ minimized: false, focused: true });
    expect(BrowserWindow.instances.length).toBe(before);
    expect(window.loaded).toEqual({ url: 'app://booster-capture/index.html' });
  });

  it('serves every contract channel to our window, backed by the real services', async () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      allInvokeChannels.map((channel) => channel.channel).sort(),
    );
    const status = await ipcMain.invokeHandler('sync:status', mainWindow().webContents.mainFrame, undefined);
    expect(status).toMatchObject({
      ok: true,
      value: { counts: { pending: 0 }, pausedReason: 'notConfigured' },
    });
    const stranger = await ipcMain.invokeHandler(
      'sync:status',
      fakeFrame('https://evil.example/'),
      undefined,
    );
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The renderer folder on disk is not our origin any more.
    const fromDisk = await ipcMain.invokeHandler(
      'sync:status',
      fakeFrame('file:///opt/Booster%20Capture/resources/app.asar/out/renderer/index.html'),
      undefined,
    );
    expect(fromDisk).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("writes its log into the app's logs folder, naming no path", async () => {
    const log = await readFile(path.join(app.getPath('logs'), 'main.log'), 'utf8');
    expect(log).toContain('"message":"booster services started"');
    expect(log).not.toContain(userData);
  });

  it('holds the first quit until the services stopped, then quits', async () => {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect.poll(() => app.quitCalls, { timeout: 20_000 }).toBe(1);
  });
});
