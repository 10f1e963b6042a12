// Opens BoosterServices for unit tests: in-memory outbox store, fake clock, fake fetch (throws unless set).
import {
  openBoosterServices,
  type BoosterServices,
  type BoosterServicesSettings,
} from '../../../electron/main/core/boosterServices';
import { createMemorySecretStore, type SecretStore } from '../../../electron/main/core/platform/secretStore';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import type { OutboxStore } from '../../../electron/main/core/outbox/store';
import type { EnvironmentStore } from '../../../electron/main/core/booster/environmentStore';
import type {
  ConnectivityHint,
  ConnectivityHints,
} from '../../../electron/main/core/platform/connectivityHints';
import { FakeClock } from './fakeClock';
import { createFakeFetch, type FakeFetch } from './fakeFetch';
import { MemoryOutboxStore } from './memoryOutboxStore';
import { makeTempDir } from './tempDir';
import { testKeySource } from './testKeys';

export interface Harness {
  services: BoosterServices;
  clock: FakeClock;
  net: FakeFetch;
  store: OutboxStore;
  secrets: SecretStore;
  dataDir: string;
  hint(hint: ConnectivityHint): void;
}

/** Opens started services on a fresh temporary data folder (or the given one); stop them after the test. */
export async function createHarness(
  options: {
    settings?: BoosterServicesSettings;
    store?: OutboxStore;
    clock?: FakeClock;
    dataDir?: string;
    secrets?: SecretStore;
    environmentStore?: EnvironmentStore;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new FakeClock();
  const net = createFakeFetch();
  const store = options.store ?? new MemoryOutboxStore();
  const secrets = options.secrets ?? createMemorySecretStore();
  const dataDir = options.dataDir ?? (await makeTempDir());
  const hintListeners = new Set<(hint: ConnectivityHint) => void>();
  const connectivityHints: ConnectivityHints = {
    onChange: (listener) => {
      hintListeners.add(listener);
      return () => hintListeners.delete(listener);
    },
  };
  const services = await openBoosterServices({
    dataDir,
    fetch: net.fetch,
    secretStore: secrets,
    clock,
    logger: createSilentLogger(),
    connectivityHints,
    store,
    // The keys follow the store: a test that reopens the same store reads it back.
    keySource: testKeySource(store),
    ...(options.environmentStore ? { environmentStore: options.environmentStore } : {}),
    random: () => 0.5,
    settings: { requestTimeoutMs: 2_000, probeTimeoutMs: 1_000, ...options.settings },
  });
  return {
    services,
    clock,
    net,
    store,
    secrets,
    dataDir,
    hint: (hint) => hintListeners.forEach((listener) => listener(hint)),
  };
}

/** Lets promises and I/O run until `condition` holds (no timers of the fake clock fire). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'condition',
): Promise<void> {
  for (let turn = 0; turn < 2_000; turn += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
