import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow } from '../../../electron/main/window';
import { resetElectronStub, shell } from '../../support/electron-stub';

beforeEach(() => resetElectronStub());

type NavigationListener = (event: { preventDefault(): void }, url: string) => void;

function navigate(window: ReturnType<typeof createMainWindow>, eventName: string, url: string): boolean {
  let prevented = false;
  for (const listener of window.webContents.listeners(eventName) as NavigationListener[]) {
    listener({ preventDefault: () => (prevented = true) }, url);
  }
  return prevented;
}

function openWindow() {
  return createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    location: {
      kind: 'file',
      file: '/app/out/renderer/index.html',
      allowedOrigins: ['file:///app/out/renderer/'],
    },
  });
}

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window with our preload and loads our page', () => {
    const window = openWindow();
    const stub = window as unknown as {
      options: { webPreferences: Record<string, unknown> };
      loaded: unknown;
    };
    expect(stub.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(stub.loaded).toEqual({ file: '/app/out/renderer/index.html' });
  });

  it('keeps the window on our pages and opens https links in the browser', () => {
    const window = openWindow();
    expect(navigate(window, 'will-navigate', 'file:///app/out/renderer/index.html#/outbox')).toBe(false);
    expect(navigate(window, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(window, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(navigate(window, 'will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(shell.openedExternally).toEqual(['https://evil.example/']);
  });

  it('denies every new window', () => {
    const contents = openWindow().webContents as unknown as {
      windowOpenHandler: (details: { url: string }) => { action: string };
    };
    expect(contents.windowOpenHandler({ url: 'https://help.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler({ url: 'file:///app/out/renderer/index.html' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler({ url: 'smb://share/x' })).toEqual({ action: 'deny' });
    expect(shell.openedExternally).toEqual(['https://help.example/']);
  });
});
