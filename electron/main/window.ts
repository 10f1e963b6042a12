// The main window: sandboxed, context-isolated, and kept on our own pages.
import { BrowserWindow, shell, type WebContents } from 'electron';
import { decideNavigation, type AllowedOrigin } from './trusted-url';
import type { RendererLocation } from './renderer-location';

export function createMainWindow(options: {
  preloadPath: string;
  location: RendererLocation;
  logger?: { error(message: string, fields?: Record<string, unknown>): void };
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'Booster Capture',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  keepOnOwnPages(window.webContents, options.location.allowedOrigins);
  const loading =
    options.location.kind === 'devServer'
      ? window.loadURL(options.location.url)
      : window.loadFile(options.location.file);
  loading.catch((error: unknown) => options.logger?.error('The window could not load the UI', { error }));
  return window;
}

/** No new windows, no navigation away; https links a person follows open in their browser instead. */
export function keepOnOwnPages(
  contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>,
  allowed: readonly AllowedOrigin[],
): void {
  const openOutside = (url: string) => {
    if (decideNavigation(url, allowed) === 'openExternally') void shell.openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (decideNavigation(url, allowed) === 'allow') return;
    event.preventDefault();
    openOutside(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
