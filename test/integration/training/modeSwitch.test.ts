// Switching between real work and training with clients queued in both, on real folders and a real simulator:
// nothing is lost, nothing crosses over, the simulator receives only real clients, and a restart reopens the
// mode the app was in.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoosterServicesDeps } from '../../../electron/main/core/boosterServices';
import { createNodeClock } from '../../../electron/main/core/platform/clock';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import {
  createFileModeStore,
  openAppModes,
  type AppModes,
} from '../../../electron/main/core/training/appModes';
import { modeServicesOpener } from '../../../electron/main/core/training/modeServices';
import { trainingDataDir, TRAINING_MARKER_FILE } from '../../../electron/main/core/training/trainingFolder';
import type { OutboxEntrySummary, SyncStatus } from '../../../shared/ipc';
import { fastSettings } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { testKeySource } from '../../support/core/testKeys';
import { useBoosterSimulator } from '../../support/booster-sim';
import { waitUntil } from '../../support/waitUntil';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openModes(dataDir: string): Promise<AppModes> {
  const clock = createNodeClock();
  const logger = createSilentLogger();
  const base: Omit<BoosterServicesDeps, 'mode'> = {
    dataDir,
    fetch: globalThis.fetch,
    // One secret store for the run, as the keychain would be across a switch.
    secretStore: secrets,
    clock,
    logger,
    keySource: testKeySource(dataDir),
    policy: { state: 'none' },
    settings: fastSettings,
  };
  const modes = await openAppModes({
    store: createFileModeStore(dataDir),
    clock,
    logger,
    open: modeServicesOpener(base, { keySource: testKeySource(trainingDataDir(dataDir)) }),
  });
  cleanups.push(() => modes.stop());
  return modes;
}
let secrets = createMemorySecretStore();

async function entries(modes: AppModes): Promise<OutboxEntrySummary[]> {
  return (await modes.handlers.outbox.list({ limit: 100 })).items;
}
const status = (modes: AppModes): Promise<SyncStatus> => modes.handlers.sync.status(undefined);
const lastNames = (items: { captureId: string }[], byId: Map<string, string>) =>
  items.map((item) => byId.get(item.captureId)).sort();

describe('switching between real work and training', () => {
  const sim = useBoosterSimulator();

  it('keeps both outboxes whole and apart; only real clients reach the simulator', async () => {
    secrets = createMemorySecretStore();
    const dataDir = await makeTempDir();
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const names = new Map<string, string>();
    const enqueue = async (modes: AppModes, index: number, lastName: string) => {
      const captureId = newCaptureId();
      names.set(captureId, lastName);
      await modes.handlers.outbox.enqueue({ captureId, record: sampleRecord(index, { lastName }) });
      return captureId;
    };

    let modes = await openModes(dataDir);
    expect(await modes.handlers.mode.get(undefined)).toEqual({ mode: 'real', pinNeeded: false });
    // Real clients queued with no Booster configured yet: they wait.
    await enqueue(modes, 1, 'RealOne');
    await enqueue(modes, 2, 'RealTwo');
    expect((await status(modes)).counts.pending).toBe(2);

    expect(await modes.handlers.mode.set({ mode: 'training' })).toEqual({
      mode: 'training',
      pinNeeded: false,
    });
    expect(await entries(modes)).toEqual([]);
    expect(await modes.handlers.auth.environment(undefined)).toMatchObject({ baseUrl: 'training://booster' });
    await enqueue(modes, 3, 'TrainingOne');
    await enqueue(modes, 4, 'TrainingTwo');
    await waitUntil(async () => (await status(modes)).counts.sent === 2, 'training clients sent');
    const training = await entries(modes);
    expect(lastNames(training, names)).toEqual(['TrainingOne', 'TrainingTwo']);
    expect(training.map((entry) => entry.boosterCustomerId).sort()).toEqual([1, 2]);

    // Back to real: the real clients are still queued, the training ones are not there.
    await modes.handlers.mode.set({ mode: 'real' });
    const real = await entries(modes);
    expect(lastNames(real, names)).toEqual(['RealOne', 'RealTwo']);
    expect(real.every((entry) => entry.state === 'pending')).toBe(true);
    await modes.handlers.auth.configure({ mode: 'apiKey', baseUrl: sim().url, apiKey: sim().apiKey });
    await waitUntil(async () => (await status(modes)).counts.sent === 2, 'real clients sent');
    expect(
      sim()
        .customers()
        .map((customer) => (customer.body as { lastName: string }).lastName)
        .sort(),
    ).toEqual(['RealOne', 'RealTwo']);

    // Training again, after a real Booster was configured: its clients are still its own, and a new one
    // goes to the training Booster, not to the simulator.
    await modes.handlers.mode.set({ mode: 'training' });
    await enqueue(modes, 5, 'TrainingThree');
    await waitUntil(async () => (await status(modes)).counts.sent === 3, 'third training client sent');
    expect(lastNames(await entries(modes), names)).toEqual(['TrainingOne', 'TrainingThree', 'TrainingTwo']);
    expect(sim().customers()).toHaveLength(2);

    // A restart reopens training, where the app was; the training ids go on from where they were.
    await modes.stop();
    modes = await openModes(dataDir);
    expect(modes.mode()).toBe('training');
    await enqueue(modes, 6, 'TrainingFour');
    await waitUntil(async () => (await status(modes)).counts.sent === 4, 'fourth training client sent');
    const ids = (await entries(modes)).map((entry) => entry.boosterCustomerId).sort();
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(sim().customers()).toHaveLength(2);
    await expect(fs.stat(path.join(trainingDataDir(dataDir), TRAINING_MARKER_FILE))).resolves.toBeTruthy();
  });

  it('waits for a switch under way before answering other channels', async () => {
    secrets = createMemorySecretStore();
    const dataDir = await makeTempDir();
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const modes = await openModes(dataDir);
    const switching = modes.handlers.mode.set({ mode: 'training' });
    // Asked during the switch, answered by the mode the switch opened.
    const environment = await modes.handlers.auth.environment(undefined);
    await switching;
    expect(environment).toMatchObject({ baseUrl: 'training://booster' });
  });
});
