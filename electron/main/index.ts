// Electron entry: wiring only. Decisions live in small pure modules beside this file and in core/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
} from 'electron';
import { loadItPolicy, policyLocations } from './core/policy/policyLoader';
import { createFileModeStore, openAppModes } from './core/training/appModes';
import { modeServicesOpener } from './core/training/modeServices';
import type { Updater } from './core/updates/updateController';
import { createAutoUpdater, updatesEnabled } from './adapters/auto-updater';
import type { Logger } from './core/platform/logger';
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
import { bringToFront, createMainWindow } from './window';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { applicationMenuTemplate } from './app-menu';
import { denyAllPermissions } from './permissions';

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
  // Before ready, or Electron refuses: app:// must be a standard, secure scheme from the first page on.
  registerAppScheme(protocol);
  // A rotating file under the OS logs folder; a developer's run also prints each line to the terminal.
  const logger = createFileLogger({ app, devConsole: process.stderr });
  const location = resolveRendererLocation({
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    isPackaged: app.isPackaged,
    rendererDir: path.join(outDir, 'renderer'),
  });
  const windows = () => BrowserWindow.getAllWindows();
  const openWindow = () => createMainWindow({ preloadPath, location, isPackaged: app.isPackaged, logger });

  // The second launch's argv and working directory are untrusted: the listener takes no parameter.
  app.on('second-instance', () => bringToFront(windows()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      denyAllPermissions(session.defaultSession);
      // Served on the window's session, before the window exists to ask for it.
      if (location.kind === 'app') {
        handleAppProtocol(session.defaultSession.protocol, { rendererRoot: location.rendererDir });
      }
      // Packaged: no reload, no DevTools in the menu. A developer's run keeps Electron's default menu.
      if (app.isPackaged)
        Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform)));

      const userData = app.getPath('userData');
      // The Booster secrets and the data keys are sealed by the OS keychain, outside the data folder.
      const secretStore = createSafeStorageSecretStore({
        dir: path.join(userData, 'secrets'),
        safeStorage,
        platform: process.platform,
        acceptWeakPlatformFallback: acceptWeakSecretStorage,
      });
      const dataDir = path.join(userData, 'data');
      const clock = createNodeClock();
      // Read once: it gives the services their rules and the updater its feed.
      const policy = await loadItPolicy(
        policyLocations({
          platform: process.platform,
          env: process.env,
          resourcesDir: app.isPackaged ? process.resourcesPath : undefined,
        }),
      );
      const feedUrl = policy.state === 'loaded' ? policy.policy.updateFeedUrl : undefined;
      // Real work or training (core/training/appModes.ts): one set of services open at a time, swapped by mode:set.
      const services = await openAppModes({
        store: createFileModeStore(dataDir),
        clock,
        logger,
        updater: await loadUpdater({ isPackaged: app.isPackaged, feedUrl, logger }),
        open: modeServicesOpener(
          {
            dataDir,
            fetch: createNetFetch(net),
            secretStore,
            keySource: createSecretStoreKeySource(secretStore),
            clock,
            logger,
            policy,
            connectivityHints: createPowerConnectivityHints({ powerMonitor, isOnline: () => net.isOnline() }),
            // First run asks staff for a PIN; an IT policy may ship beside the installer (resources/policy.json).
            appLock: {
              askForPinAtFirstRun: true,
              ...(app.isPackaged ? { resourcesDir: process.resourcesPath } : {}),
            },
          },
          {
            // Training's own key ring, sealed by the same keychain: rotating the real keys never touches it.
            keySource: createSecretStoreKeySource(
              createSafeStorageSecretStore({
                dir: path.join(userData, 'secrets', 'training'),
                safeStorage,
                platform: process.platform,
                acceptWeakPlatformFallback: acceptWeakSecretStorage,
              }),
            ),
          },
        ),
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

/** electron-updater is loaded only by a packaged app with a feed URL (it reads the app's files at import). */
async function loadUpdater(options: {
  isPackaged: boolean;
  feedUrl: string | undefined;
  logger: Logger;
}): Promise<Updater | undefined> {
  if (!updatesEnabled(options)) return undefined;
  const { autoUpdater } = await import('electron-updater');
  return createAutoUpdater({ ...options, updater: autoUpdater });
}

main();
