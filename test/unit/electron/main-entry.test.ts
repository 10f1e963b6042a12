// electron/main/index.ts against the Electron stub: the real services wired to the stub's adapters, IPC
// registered for our window only, and a quit that waits for the services to stop.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allInvokeChannels } from '../../../shared/ipc';
import { app, BrowserWindow, dialog, fakeFrame, ipcMain, session } from '../../support/electron-stub';
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
  it('opens one sandboxed window on the built renderer, with the CommonJS preload', () => {
    const window = mainWindow() as unknown as {
      options: { webPreferences: Record<string, unknown> };
      loaded: { file?: string };
    };
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String(window.options.webPreferences['preload'])).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window.loaded.file).toMatch(/[\\/]renderer[\\/]index\.html$/);
    expect(dialog.errorBoxes).toEqual([]);
  });

  it('denies every permission request', () => {
    const answers: boolean[] = [];
    session.defaultSession.permissionRequestHandler?.({}, 'media', (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
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
