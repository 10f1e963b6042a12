import { beforeEach, describe, expect, it } from 'vitest';
import { bringToFront, createMainWindow } from '../../../electron/main/window';
import { appOrigin } from '../../../electron/main/app-origin';
import { BrowserWindow, resetElectronStub, shell } from '../../support/electron-stub';

beforeEach(() => resetElectronStub());

type NavigationListener = (event: { preventDefault(): void }, url: string) => void;

function navigate(window: ReturnType<typeof createMainWindow>, eventName: string, url: string): boolean {
  let prevented = false;
  for (const listener of window.webContents.listeners(eventName) as NavigationListener[]) {
    listener({ preventDefault: () => (prevented = true) }, url);
  }
  return prevented;
}

function openWindow(isPackaged = true) {
  return createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    location: {
      kind: 'app',
      url: `${appOrigin}/index.html`,
      rendererDir: '/app/out/renderer',
      allowedOrigins: [appOrigin],
    },
    isPackaged,
  });
}

function webPreferencesOf(window: ReturnType<typeof createMainWindow>): Record<string, unknown> {
  return (window as unknown as { options: { webPreferences: Record<string, unknown> } }).options
    .webPreferences;
}

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window with our preload and loads our page from app://', () => {
    const window = openWindow();
    expect(webPreferencesOf(window)).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect((window as unknown as { loaded: unknown }).loaded).toEqual({
      url: 'app://booster-capture/index.html',
    });
  });

  it('has DevTools only in a development run', () => {
    expect(webPreferencesOf(openWindow(true))['devTools']).toBe(false);
    expect(webPreferencesOf(openWindow(false))['devTools']).toBe(true);
  });

  it('keeps the window on our pages and opens nothing outside', () => {
    const window = openWindow();
    expect(navigate(window, 'will-navigate', 'app://booster-capture/index.html#/outbox')).toBe(false);
    expect(navigate(window, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(window, 'will-navigate', 'file:///app/out/renderer/index.html')).toBe(true);
    expect(navigate(window, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'will-redirect', 'app://evil/index.html')).toBe(true);
    expect(navigate(window, 'will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(navigate(window, 'will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(shell.openedExternally).toEqual([]);
  });

  it('denies every new window and hands no URL to the OS', () => {
    const contents = openWindow().webContents as unknown as {
      windowOpenHandler: (details: { url: string }) => { action: string };
    };
    for (const url of [
      'https://help.example/',
      'app://booster-capture/index.html',
      'file:///app/out/renderer/index.html',
      'smb://share/x',
      'mailto:someone@example.com',
    ]) {
      expect(contents.windowOpenHandler({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openedExternally).toEqual([]);
  });
});

describe('bringToFront', () => {
  it('restores a minimized first window and focuses it', () => {
    const window = new BrowserWindow();
    window.minimized = true;
    bringToFront([window]);
    expect(window).toMatchObject({ minimized: false, shown: true, focused: true });
  });

  it('skips a destroyed window and does nothing without one', () => {
    const closed = new BrowserWindow();
    closed.destroyed = true;
    const open = new BrowserWindow();
    bringToFront([closed, open]);
    expect(closed.focused).toBe(false);
    expect(open.focused).toBe(true);
    expect(() => bringToFront([])).not.toThrow();
  });
});
