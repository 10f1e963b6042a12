import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  postCustomer,
  startTestBoosterSimulator,
  useBoosterSimulator,
} from '../../support/booster-sim';
import { DataFileError } from '../../../tools/booster-sim/index';
import { validWireCustomer } from './wire-fixtures';

async function createWithKey(sim: Parameters<typeof postCustomer>[0], key: string): Promise<number> {
  const response = await postCustomer(sim, validWireCustomer(), {
    Authorization: `Bearer ${sim.apiKey}`,
    'Idempotency-Key': key,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { boosterCustomerId: number }).boosterCustomerId;
}

describe('Idempotency-Key', () => {
  const sim = useBoosterSimulator();

  it('is ignored by default: a retry creates the customer again, as a ServiceStack server would', async () => {
    const first = await createWithKey(sim(), 'capture-1');
    const second = await createWithKey(sim(), 'capture-1');
    expect(second).not.toBe(first);
    expect(sim().customers()).toHaveLength(2);
  });

  it('when honoured, a key already seen returns the same boosterCustomerId without creating again', async () => {
    sim().configure({ honourIdempotencyKey: true });
    const first = await createWithKey(sim(), 'capture-2');
    expect(await createWithKey(sim(), 'capture-2')).toBe(first);
    expect(await createWithKey(sim(), 'capture-3')).not.toBe(first);
    expect(sim().customers()).toHaveLength(2);
    expect(
      sim()
        .requests()
        .map((entry) => entry.outcome),
    ).toEqual(['created', 'replayed', 'created']);
  });

  it('when honoured, a retry after a lost response gets the id of the customer already created', async () => {
    sim().configure({ honourIdempotencyKey: true, faults: { lostResponse: { count: 1 } } });
    await expect(
      postCustomer(sim(), validWireCustomer(), {
        Authorization: `Bearer ${sim().apiKey}`,
        'Idempotency-Key': 'capture-4',
      }),
    ).rejects.toThrow(TypeError);
    const retried = await createWithKey(sim(), 'capture-4');
    expect(
      sim()
        .customers()
        .map((customer) => customer.boosterCustomerId),
    ).toEqual([retried]);
  });

  it('when honoured, concurrent requests with one key create once', async () => {
    sim().configure({ honourIdempotencyKey: true });
    const ids = await Promise.all(Array.from({ length: 5 }, () => createWithKey(sim(), 'capture-5')));
    expect(new Set(ids).size).toBe(1);
    expect(sim().customers()).toHaveLength(1);
  });
});

describe('persistence to a data file', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  it('reloads what it created at start, and ids continue', async () => {
    const dataFile = join(dir.path, 'booster.json');
    const first = await startTestBoosterSimulator({ dataFile, honourIdempotencyKey: true });
    const ids = [await createWithKey(first, 'a'), await createWithKey(first, 'b')];
    await first.close();

    const second = await startTestBoosterSimulator({ dataFile, honourIdempotencyKey: true });
    try {
      expect(second.customers().map((customer) => customer.boosterCustomerId)).toEqual(ids);
      expect(second.customers()[0]!.body).toEqual(validWireCustomer());
      // A key created before the restart is still recognised, and new ids continue after the old ones.
      expect(await createWithKey(second, 'a')).toBe(ids[0]);
      expect(await createWithKey(second, 'c')).toBeGreaterThan(ids[1]!);
    } finally {
      await second.close();
    }
  });

  it('writes the file before answering', async () => {
    const dataFile = join(dir.path, 'booster.json');
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      const id = await createWithKey(sim, 'd');
      const stored = JSON.parse(await readFile(dataFile, 'utf8')) as {
        customers: { boosterCustomerId: number }[];
      };
      expect(stored.customers.map((customer) => customer.boosterCustomerId)).toEqual([id]);
    } finally {
      await sim.close();
    }
  });

  it('gives concurrent creations distinct consecutive ids, and the file holds every one of them', async () => {
    const dataFile = join(dir.path, 'booster.json');
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, index) => createWithKey(sim, `concurrent-${index}`)),
      );
      const sorted = [...ids].sort((a, b) => a - b);
      expect(sorted).toEqual(Array.from({ length: 12 }, (_, index) => sorted[0]! + index));
      const stored = JSON.parse(await readFile(dataFile, 'utf8')) as {
        nextId: number;
        customers: { boosterCustomerId: number; idempotencyKey: string }[];
      };
      expect(stored.customers.map((customer) => customer.boosterCustomerId)).toEqual(sorted);
      expect(new Set(stored.customers.map((customer) => customer.idempotencyKey)).size).toBe(12);
      expect(stored.nextId).toBe(sorted[11]! + 1);
    } finally {
      await sim.close();
    }
  });

  it('refuses to start on a data file that is not its own, rather than overwrite it', async () => {
    const dataFile = join(dir.path, 'booster.json');
    await writeFile(dataFile, '{"something": "else"}');
    await expect(startTestBoosterSimulator({ dataFile })).rejects.toThrow(DataFileError);
    expect(await readFile(dataFile, 'utf8')).toBe('{"something": "else"}');
  });
});
