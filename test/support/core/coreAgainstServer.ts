// Real core services (journal on disk, real fetch, Node clock) for integration tests against a server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  openBoosterServices,
  type BoosterServices,
  type BoosterServicesSettings,
} from '../../../electron/main/core/boosterServices';
import { createNodeClock } from '../../../electron/main/core/platform/clock';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import type { SyncStatus } from '../../../shared/ipc';
import { makeTempDir } from './tempDir';
import { testKeySource } from './testKeys';

export const fastSettings: BoosterServicesSettings = {
  retryBaseMs: 50,
  retryCapMs: 400,
  requestTimeoutMs: 2_000,
  probeTimeoutMs: 1_000,
};

export async function startCore(
  settings: BoosterServicesSettings = {},
  dataDir?: string,
): Promise<{ services: BoosterServices; dataDir: string }> {
  const dir = dataDir ?? (await makeTempDir());
  const services = await openBoosterServices({
    dataDir: dir,
    fetch: globalThis.fetch,
    secretStore: createMemorySecretStore(),
    clock: createNodeClock(),
    logger: createSilentLogger(),
    keySource: testKeySource(dir),
    settings: { ...fastSettings, ...settings },
  });
  return { services, dataDir: dir };
}

/** Polls the status until `condition` holds; fails with the last status after `timeoutMs`. */
export async function waitForStatus(
  services: BoosterServices,
  condition: (status: SyncStatus) => boolean,
  timeoutMs = 20_000,
): Promise<SyncStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: SyncStatus | undefined;
  while (Date.now() < deadline) {
    last = await services.handlers.sync.status(undefined);
    if (condition(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Status condition not met in time; last status: ${JSON.stringify(last)}`);
}

export const drained = (status: SyncStatus) => status.counts.pending === 0 && status.counts.sending === 0;

/** A tiny HTTP server answering with `handler`, for what the simulator does not do (403, captive portals). */
export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
