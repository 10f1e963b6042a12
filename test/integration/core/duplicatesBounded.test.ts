// Duplicates are bounded, over real HTTP against the Booster simulator: responses lost after Booster created
// the client make at most `limit` Booster records, then the client waits for a person; an environment that
// honours Idempotency-Key keeps retrying with the same key.
import { afterEach, describe, expect, it } from 'vitest';
import type { BoosterServices } from '../../../electron/main/core/boosterServices';
import type { BoosterServicesSettings } from '../../../electron/main/core/boosterServices';
import { startTestBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';
import { drained, startCore, waitForStatus } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import type { SimulatorOptions } from '../../../tools/booster-sim/index';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(simOptions: Partial<SimulatorOptions>, settings: BoosterServicesSettings = {}) {
  const sim = await startTestBoosterSimulator({ seed: 11, ...simOptions });
  cleanups.push(() => sim.close());
  const { services } = await startCore(settings);
  cleanups.push(() => services.stop());
  return { sim, services };
}

async function enqueueAndConfigure(services: BoosterServices, sim: BoosterSimulator, index = 0) {
  const captureId = newCaptureId();
  await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(index) });
  await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: sim.url, apiKey: sim.apiKey });
  return captureId;
}

const postsOf = (sim: BoosterSimulator, captureId: string) =>
  sim.requests().filter((entry) => entry.method === 'POST' && entry.idempotencyKey === captureId);

const createdFor = (sim: BoosterSimulator, captureId: string) =>
  sim.customers().filter((customer) => customer.idempotencyKey === captureId);

async function entryOf(services: BoosterServices, captureId: string) {
  const { items } = await services.handlers.outbox.list({ limit: 100 });
  return items.find((item) => item.captureId === captureId);
}

describe('duplicates are bounded (Booster keeps the client, the answer is lost)', () => {
  it('by default one client becomes at most 2 Booster records, then waits for a person with its history', async () => {
    const { sim, services } = await setup({ faults: { lostResponse: { count: 100 } } });
    const captureId = await enqueueAndConfigure(services, sim);

    const status = await waitForStatus(services, (current) => current.counts.needsAttention === 1);
    expect(status.counts).toMatchObject({ pending: 0, sending: 0, possibleDuplicate: 1 });
    expect(createdFor(sim, captureId)).toHaveLength(2);
    expect(postsOf(sim, captureId)).toHaveLength(2);

    const entry = await entryOf(services, captureId);
    expect(entry).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'mayAlreadyExist',
      possibleDuplicate: true,
      attempts: 2,
      lastError: { code: 'mayAlreadyExist' },
    });
    expect(entry?.history).toHaveLength(2);
    for (const line of entry?.history ?? []) {
      expect(line).toMatchObject({ outcome: 'ambiguous', ambiguity: 'connectionLost' });
      expect(Date.parse(line.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(line.startedAt));
    }

    // A person found it in Booster: marked sent with that id, and never posted again.
    const firstId = createdFor(sim, captureId)[0]!.boosterCustomerId;
    const marked = await services.handlers.outbox.recordBoosterId({ captureId, boosterCustomerId: firstId });
    expect(marked).toMatchObject({
      state: 'sent',
      boosterCustomerId: firstId,
      boosterIdRecordedByPerson: true,
    });
    expect(marked.history?.at(-1)).toMatchObject({
      outcome: 'idRecordedByPerson',
      boosterCustomerId: firstId,
    });

    // Another client goes through a whole sync pass; the marked one is not posted again.
    sim.configure({ faults: { lostResponse: { count: 0 } } });
    const other = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId: other, record: sampleRecord(1) });
    await services.handlers.sync.now(undefined);
    await waitForStatus(services, (current) => drained(current) && current.counts.sent === 2);
    expect(createdFor(sim, other)).toHaveLength(1);
    expect(postsOf(sim, captureId)).toHaveLength(2);
    expect(createdFor(sim, captureId)).toHaveLength(2);
  });

  it('"Send again" gives a held client a fresh budget; refused once it is pending', async () => {
    const { sim, services } = await setup({ faults: { lostResponse: { count: 2 } } });
    const captureId = await enqueueAndConfigure(services, sim);
    await waitForStatus(services, (current) => current.counts.needsAttention === 1);

    const again = await services.handlers.outbox.sendAgain({ captureId });
    expect(again.history?.at(-1)).toMatchObject({ outcome: 'sentAgainByPerson' });
    await waitForStatus(services, (current) => current.counts.sent === 1);
    const entry = await entryOf(services, captureId);
    expect(entry).toMatchObject({ state: 'sent', possibleDuplicate: true });
    expect(entry?.boosterIdRecordedByPerson).toBeUndefined();
    expect(createdFor(sim, captureId)).toHaveLength(3);
    await expect(services.handlers.outbox.sendAgain({ captureId })).rejects.toMatchObject({
      code: 'notEditable',
    });
  });

  it('a limit of 1: the first lost answer holds the client, one Booster record at most', async () => {
    const { sim, services } = await setup(
      { faults: { lostResponse: { count: 100 } } },
      { duplicates: { ambiguousAttemptLimit: 1 } },
    );
    const captureId = await enqueueAndConfigure(services, sim);
    await waitForStatus(services, (current) => current.counts.needsAttention === 1);
    expect(createdFor(sim, captureId)).toHaveLength(1);
    expect((await entryOf(services, captureId))?.history).toHaveLength(1);
  });

  it('an environment declaring Idempotency-Key keeps retrying past the limit, with the same key each time', async () => {
    // This simulator does not honour the key: every lost answer is one more record, which shows each retry.
    const { sim, services } = await setup(
      { faults: { lostResponse: { count: 4 } } },
      { duplicates: { idempotencyKey: true } },
    );
    const captureId = await enqueueAndConfigure(services, sim);
    const status = await waitForStatus(services, (current) => current.counts.sent === 1, 30_000);
    expect(status.counts.needsAttention).toBe(0);
    const posts = postsOf(sim, captureId);
    expect(posts).toHaveLength(5);
    expect(posts.every((post) => post.idempotencyKey === captureId)).toBe(true);
    const entry = await entryOf(services, captureId);
    expect(entry).toMatchObject({ state: 'sent', attempts: 5, possibleDuplicate: true });
    expect(entry?.history?.filter((line) => line.outcome === 'ambiguous')).toHaveLength(4);
  });

  it('with a Booster that honours the key, the retries make exactly one record', async () => {
    const { sim, services } = await setup(
      { honourIdempotencyKey: true, faults: { lostResponse: { count: 3 } } },
      { duplicates: { idempotencyKey: true } },
    );
    const captureId = await enqueueAndConfigure(services, sim);
    await waitForStatus(services, (current) => current.counts.sent === 1, 30_000);
    expect(createdFor(sim, captureId)).toHaveLength(1);
    expect(await entryOf(services, captureId)).toMatchObject({
      state: 'sent',
      boosterCustomerId: createdFor(sim, captureId)[0]!.boosterCustomerId,
    });
  });
});
