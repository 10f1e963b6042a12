// Electron entry: wiring only. Decisions live in small pure modules beside this file and in core/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, safeStorage, session } from 'electron';
import { openBoosterServices } from './core/boosterServices';
import { createIpcDispatcher } from './core/ipc-dispatch';
import { createNodeClock } from './core/platform/clock';
import { toPersonMessage } from './core/errors';
import { createFileLogger } from './adapters/file-logger';
import { createNetFetch } from './adapters/net-fetch';
import { createPowerConnectivityHints } from './adapters/power-connectivity';
import { createSafeStorageSecretStore } from './adapters/safe-storage-secret-store';
import { createSecretStoreKeySource } from './core/platform/dataKeys';
import { createSyncChangedPublisher, createTrustedSenderCheck, registerIpcHandlers } from './ipc';
import { createQuitGuard } from './quit-guard';
import { resolveRendererLocation } from './renderer-location';
import { createMainWindow } from './window';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');

/** Linux without a keyring: storing secrets with Chromium's well-known fallback key needs an explicit yes. */
const acceptWeakSecretStorage =
  app.commandLine.hasSwitch('accept-weak-secret-storage') ||
  process.env['BOOSTER_ACCEPT_WEAK_SECRET_STORAGE'] === '1';

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // A rotating file under the OS logs folder; a developer's run also prints each line to the terminal.
  const logger = createFileLogger({ app, devConsole: process.stderr });
  const location = resolveRendererLocation({
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    isPackaged: app.isPackaged,
    rendererDir: path.join(outDir, 'renderer'),
  });
  const windows = () => BrowserWindow.getAllWindows();
  const openWindow = () => createMainWindow({ preloadPath, location, logger });

  app.on('second-instance', () => {
    const [window] = windows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      // The UI needs no camera, geolocation or notifications permission.
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
        callback(false),
      );

      const userData = app.getPath('userData');
      // The Booster secrets and the data keys are sealed by the OS keychain, outside the data folder.
      const secretStore = createSafeStorageSecretStore({
        dir: path.join(userData, 'secrets'),
        safeStorage,
        platform: process.platform,
        acceptWeakPlatformFallback: acceptWeakSecretStorage,
      });
      const services = await openBoosterServices({
        dataDir: path.join(userData, 'data'),
        fetch: createNetFetch(net),
        secretStore,
        keySource: createSecretStoreKeySource(secretStore),
        clock: createNodeClock(),
        logger,
        connectivityHints: createPowerConnectivityHints({ powerMonitor, isOnline: () => net.isOnline() }),
      });

      // IT's "rotate the data key" (`--rotate-data-key`, e.g. after a key may have been copied): every entry is
      // re-encrypted under a new key, crash-safely, before the window opens.
      if (app.commandLine.hasSwitch('rotate-data-key')) await services.rotateDataKey();

      registerIpcHandlers(ipcMain, createIpcDispatcher(services.handlers, { logger }), {
        isTrustedSender: createTrustedSenderCheck({ windows, allowedOrigins: () => location.allowedOrigins }),
        logger,
      });
      services.onSyncChanged(createSyncChangedPublisher({ windows, logger }));
      app.on('before-quit', createQuitGuard({ stop: () => services.stop(), quit: () => app.quit(), logger }));
      openWindow();
      app.on('activate', () => {
        if (windows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error('Booster Capture could not start', { error });
      dialog.showErrorBox('Booster Capture could not start', toPersonMessage(error));
      app.exit(1);
    });
}

main();
