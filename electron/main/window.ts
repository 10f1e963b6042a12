// The main window: sandboxed, context-isolated, and kept on our own pages.
import { BrowserWindow, type WebContents } from 'electron';
import { decideNavigation, type AllowedOrigin } from './trusted-url';
import type { RendererLocation } from './renderer-location';

export function createMainWindow(options: {
  preloadPath: string;
  location: RendererLocation;
  /** A packaged build has no DevTools: whoever sits at the laptop must not read the page's memory with them. */
  isPackaged: boolean;
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
      devTools: !options.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  keepOnOwnPages(window.webContents, options.location.allowedOrigins);
  // Both locations are URLs: the dev server, or app://booster-capture/index.html (never a file:// path).
  window
    .loadURL(options.location.url)
    .catch((error: unknown) => options.logger?.error('The window could not load the UI', { error }));
  return window;
}

/** No new windows, no navigation away from our pages, no webview; nothing is handed to the OS to open. */
export function keepOnOwnPages(
  contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>,
  allowed: readonly AllowedOrigin[],
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (decideNavigation(url, allowed) !== 'allow') event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * A second launch (a double-click on the icon while the app runs) brings the first window forward. Its
 * command line is untrusted and never read: it is not even a parameter here.
 */
export function bringToFront(
  windows: readonly Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>[],
): void {
  const window = windows.find((candidate) => !candidate.isDestroyed());
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
