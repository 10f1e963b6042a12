// The hard guard of training mode: its services send only to the in-process training Booster, whatever
// environment or fetch they are given; the real services never open a training folder, nor training a real one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBoosterServices, type BoosterServices } from '../../../electron/main/core/boosterServices';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import type { EnvironmentConfig } from '../../../electron/main/core/booster/environmentStore';
import {
  checkFolderMode,
  createTrainingEnvironmentStore,
  TRAINING_MARKER_FILE,
  type AppMode,
} from '../../../electron/main/core/training/trainingFolder';
import { FakeClock } from '../../support/core/fakeClock';
import { createFakeFetch } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { waitFor } from '../../support/core/servicesHarness';
import { makeTempDir } from '../../support/core/tempDir';
import { testKeySource } from '../../support/core/testKeys';

const opened: BoosterServices[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const services of opened.splice(0)) await services.stop();
  for (const folder of folders.splice(0)) await fs.rm(folder, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await makeTempDir();
  folders.push(dir);
  return dir;
}

const realEnvironment: EnvironmentConfig = { baseUrl: 'https://booster.example.com', mode: 'apiKey' };

async function open(mode: AppMode, dataDir: string, extra: { environment?: EnvironmentConfig } = {}) {
  const net = createFakeFetch();
  const store = new MemoryOutboxStore();
  const services = await openBoosterServices({
    mode,
    dataDir,
    fetch: net.fetch,
    secretStore: createMemorySecretStore({ apiKey: 'real-key' }),
    clock: new FakeClock(),
    logger: createSilentLogger(),
    store,
    keySource: testKeySource(store),
    policy: { state: 'none' },
    ...(extra.environment
      ? { environmentStore: { load: async () => extra.environment, save: async () => undefined } }
      : {}),
    random: () => 0.5,
  });
  opened.push(services);
  return { services, net };
}

describe('training services', () => {
  it('given a real environment and a network fetch, still send only to the training Booster', async () => {
    const { services, net } = await open('training', await folder(), { environment: realEnvironment });
    const captureId = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(1) });
    await waitFor(async () => (await services.handlers.sync.status(undefined)).counts.sent === 1, 'sent');
    const { items } = await services.handlers.outbox.list({ limit: 100 });
    expect(items[0]).toMatchObject({ captureId, state: 'sent', boosterCustomerId: 1 });
    // The network fetch the host handed over was never called: not the probe, not the POST.
    expect(net.requests).toEqual([]);
  });

  it('refuse to configure another Booster: the training environment is fixed', async () => {
    const { services, net } = await open('training', await folder());
    const dispatch = createIpcDispatcher(services.handlers);
    const result = await dispatch('auth:configure', {
      mode: 'apiKey',
      baseUrl: 'https://booster.example.com',
      apiKey: 'a-real-key',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'trainingMode' } });
    expect(await dispatch('auth:environment', undefined)).toMatchObject({
      ok: true,
      value: { baseUrl: 'training://booster' },
    });
    expect(net.requests).toEqual([]);
  });

  it('answer mode:get as training', async () => {
    const { services } = await open('training', await folder());
    expect(await services.handlers.mode.get(undefined)).toEqual({ mode: 'training', pinNeeded: false });
  });

  it('refuse a real data folder (one with an outbox journal and no training marker)', async () => {
    const dir = await folder();
    await fs.writeFile(path.join(dir, 'outbox.journal'), '');
    await expect(open('training', dir)).rejects.toMatchObject({ code: 'wrongDataFolder' });
    await expect(fs.stat(path.join(dir, TRAINING_MARKER_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('real services', () => {
  it('refuse a training folder, so a training client can never reach a real Booster', async () => {
    const dir = await folder();
    await checkFolderMode(dir, 'training');
    await expect(open('real', dir, { environment: realEnvironment })).rejects.toMatchObject({
      code: 'wrongDataFolder',
      message: expect.stringContaining('training data'),
    });
  });

  it('open a folder never used for training', async () => {
    const { services } = await open('real', await folder());
    expect(services.mode).toBe('real');
  });
});

describe('the training environment store', () => {
  it('keeps the training Booster and refuses any other address', async () => {
    const store = createTrainingEnvironmentStore();
    await expect(store.save(realEnvironment)).rejects.toMatchObject({ code: 'trainingMode' });
    await expect(store.save(undefined)).rejects.toMatchObject({ code: 'trainingMode' });
    await store.save({ baseUrl: 'training://booster', mode: 'apiKey', signInNeeded: true });
    expect(await store.load()).toMatchObject({ baseUrl: 'training://booster', signInNeeded: true });
  });
});
