// The web host, programmatically: the REAL main-process services running in Node behind the same IPC
// contract and dispatcher as Electron, and the same renderer, served to a browser on 127.0.0.1 by Vite.
// Used by `npm run dev:web` (main.ts) and by the end-to-end tests.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { createFileModeStore, openAppModes } from '../../electron/main/core/training/appModes';
import { modeServicesOpener } from '../../electron/main/core/training/modeServices';
import { trainingDataDir } from '../../electron/main/core/training/trainingFolder';
import { createIpcDispatcher, type IpcDispatcher } from '../../electron/main/core/ipc-dispatch';
import { createNodeClock } from '../../electron/main/core/platform/clock';
import { createConsoleLogger, type Logger } from '../../electron/main/core/platform/logger';
import {
  createHeadlessKeySource,
  secretsKeyOf,
  type KeySource,
} from '../../electron/main/core/platform/dataKeys';
import { createFileSecretStore } from '../../electron/main/core/platform/secretStore';
import { startBoosterSimulator, type BoosterSimulator, type SimulatorOptions } from '../booster-sim/index';
import { startWebHostServer } from './server';

export interface WebHostOptions {
  /** The services' data folder (outbox, environment, secrets.json). Created if missing. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Configure this Booster environment (API key mode) at start, as the settings screen would. */
  boosterUrl?: string;
  /** With boosterUrl: its key. With simulator: configure this key instead of the simulator's (e.g. a wrong one). */
  apiKey?: string;
  /** Start a Booster simulator on a free port and configure it (cannot be combined with boosterUrl). */
  simulator?: boolean | Partial<SimulatorOptions>;
  /** Reload the page when a source changes (npm run dev:web); off by default, so tests see a still page. */
  hotReload?: boolean;
  /** A folder with a stand-in index.html to serve instead of the renderer (tests of the host itself). */
  rendererDir?: string;
  /** Default: JSON lines on stderr, warnings and errors only. */
  logger?: Logger;
  /** Where the data keys live. Default: BOOSTER_DATA_KEY, else a 0600 key file outside the data folder. */
  keySource?: KeySource;
  /** A client's data left in old journal lines is erased within this (default 60 s, at most 5 min). */
  erasureDelayMs?: number;
}

export interface WebHost {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  /** This launch's token (launch-token.ts): send it as X-Booster-Token to call /ipc/* from outside the page. */
  token: string;
  dataDir: string;
  /** The configured Booster environment, when one was configured at start. */
  boosterUrl?: string;
  /** The simulator this host started, when asked to. */
  simulator?: BoosterSimulator;
  /** Call the services exactly as the page does (for tests arranging state). */
  dispatch: IpcDispatcher;
  /** Stops the HTTP server, then the services (durable writes finish), then the simulator. */
  close(): Promise<void>;
}

export class WebHostStartError extends Error {
  readonly code = 'webHostStartFailed';
  override readonly name = 'WebHostStartError';
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (options.simulator && options.boosterUrl) {
    throw new WebHostStartError('Pass either a Booster URL or simulator: true, not both.');
  }
  if ((options.boosterUrl === undefined) !== (options.apiKey === undefined) && !options.simulator) {
    throw new WebHostStartError('A Booster URL needs an API key, and an API key needs a Booster URL.');
  }
  const logger = options.logger ?? createConsoleLogger(process.stderr, 'warn');
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error('Web host cleanup failed', { error }));
    }
  };

  try {
    let simulator: BoosterSimulator | undefined;
    if (options.simulator) {
      simulator = await startBoosterSimulator({
        port: 0,
        ...(typeof options.simulator === 'object' ? options.simulator : {}),
      });
      cleanups.push(() => simulator!.close());
    }

    await fs.mkdir(options.dataDir, { recursive: true });
    const keySource = options.keySource ?? createHeadlessKeySource({ dataDir: options.dataDir });
    const clock = createNodeClock();
    // Real work or training, as in the app (core/training/appModes.ts); training has its own key file.
    const services = await openAppModes({
      store: createFileModeStore(options.dataDir),
      clock,
      logger,
      open: modeServicesOpener(
        {
          dataDir: options.dataDir,
          fetch: (input, init) => fetch(input, init),
          // The Booster secrets are sealed with a key of the key ring: the data folder holds none in clear.
          secretStore: createFileSecretStore(options.dataDir, { sealingKey: secretsKeyOf(keySource) }),
          clock,
          logger,
          keySource,
          warn: (message) => process.stderr.write(`Warning: ${message}\n`),
          ...(options.erasureDelayMs !== undefined
            ? { settings: { erasureDelayMs: options.erasureDelayMs } }
            : {}),
        },
        {
          keySource:
            options.keySource ?? createHeadlessKeySource({ dataDir: trainingDataDir(options.dataDir) }),
        },
      ),
    });
    cleanups.push(() => services.stop());
    const dispatch = createIpcDispatcher(services.handlers, { logger });

    const environment = simulator
      ? { baseUrl: simulator.url, apiKey: options.apiKey ?? simulator.apiKey }
      : undefined;
    const boosterUrl = environment?.baseUrl ?? options.boosterUrl;
    const apiKey = environment?.apiKey ?? options.apiKey;
    // In training mode (kept from an earlier run) the environment is the training Booster's: left as it is.
    if (boosterUrl !== undefined && apiKey !== undefined && services.mode() === 'real') {
      const configured = await dispatch('auth:configure', { mode: 'apiKey', baseUrl: boosterUrl, apiKey });
      // Unreachable is fine (settings are kept, sign-in retried later); anything else is a bad argument.
      if (!configured.ok && configured.error.code !== 'boosterUnreachable') {
        throw new WebHostStartError(
          `Could not configure the Booster environment: ${configured.error.message}`,
        );
      }
    }

    const server = await startWebHostServer({
      dispatcher: dispatch,
      subscribeSyncChanged: (listener) => services.onSyncChanged(listener),
      rendererDir: options.rendererDir,
      hotReload: options.hotReload ?? false,
      port: options.port ?? 0,
      logger,
    });
    cleanups.push(() => server.close());

    return {
      url: server.url,
      port: server.port,
      token: server.token,
      dataDir: path.resolve(options.dataDir),
      ...(boosterUrl !== undefined ? { boosterUrl } : {}),
      ...(simulator ? { simulator } : {}),
      dispatch,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
