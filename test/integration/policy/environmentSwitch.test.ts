// A queued client goes only to the environment it was captured for: two Booster simulators over real HTTP as
// two environments. Clients queued for A wait while B is configured ("keep them"), none reaches B, and they
// go to A once it is chosen again; "send them to B" sends them to B, once each, and never to A.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoosterServices } from '../../../electron/main/core/boosterServices';
import { startBoosterSimulator, type BoosterSimulator } from '../../../tools/booster-sim/index';
import { startTestBoosterSimulator } from '../../support/booster-sim';
import { startCore, waitForStatus } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function enqueue(services: BoosterServices, count: number, from = 0): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newCaptureId());
  for (const [index, captureId] of ids.entries())
    await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(from + index) });
  return ids;
}

const keysIn = (sim: BoosterSimulator) => sim.customers().map((customer) => customer.idempotencyKey);

describe('switching environments with clients still queued', () => {
  it('keeps them for the old environment, then sends them there; or sends them to the new one once', async () => {
    // A is down at first (nothing listens on its port): its clients stay queued for it.
    const portA = await freePort();
    const urlA = `http://127.0.0.1:${portA}`;
    const simB = await startTestBoosterSimulator({ seed: 3 });
    cleanups.push(() => simB.close());
    const { services } = await startCore();
    cleanups.push(() => services.stop());
    const { handlers } = services;

    await handlers.auth.configure({ mode: 'apiKey', baseUrl: urlA, apiKey: simB.apiKey });
    const forA = await enqueue(services, 3);
    expect(await handlers.auth.switchCheck({ baseUrl: simB.url, mode: 'apiKey' })).toMatchObject({
      kind: 'needsDecisionAboutQueued',
      needsPin: false,
      total: 3,
      queued: [{ environmentId: `url:${urlA}`, count: 3, label: `127.0.0.1:${portA}` }],
    });
    // Without a decision nothing changes, and the refusal names the field.
    await expect(
      handlers.auth.configure({ mode: 'apiKey', baseUrl: simB.url, apiKey: simB.apiKey }),
    ).rejects.toMatchObject({
      code: 'queuedClientsDecisionNeeded',
      fields: [{ path: 'queuedClients' }],
    });
    expect((await handlers.auth.environment(undefined))?.baseUrl).toBe(urlA);

    // "Keep them for A": B gets only what is captured for B.
    await handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: simB.url,
      apiKey: simB.apiKey,
      queuedClients: 'keepForOld',
    });
    const forB = await enqueue(services, 1, 10);
    const waiting = await waitForStatus(
      services,
      (status) => status.counts.sent === 1 && status.waitingForOtherEnvironment === 3,
    );
    expect(waiting.counts.pending).toBe(3);
    expect(waiting.activity).toBe('idle');
    expect(keysIn(simB)).toEqual(forB);

    // Back to A (now up): its clients go there, with no question (they are A's).
    // Two Boosters each number their own clients from 1: the ids A gives are ids B gave too, and that is no
    // reason to hold a client (an id is held per environment).
    const simA = await startBoosterSimulator({ port: portA, seed: 4 });
    cleanups.push(() => simA.close());
    expect(await handlers.auth.switchCheck({ baseUrl: urlA, mode: 'apiKey' })).toMatchObject({
      kind: 'allowed',
    });
    await handlers.auth.configure({ mode: 'apiKey', baseUrl: urlA, apiKey: simA.apiKey });
    await waitForStatus(services, (status) => status.counts.sent === 4 && status.counts.pending === 0);
    expect(keysIn(simA).sort()).toEqual([...forA].sort());
    expect(keysIn(simB)).toEqual(forB);

    // Signed out of A, two more wait for A; "send them to B" sends them to B, once each.
    await handlers.auth.signOut(undefined);
    const moved = await enqueue(services, 2, 20);
    const check = await handlers.auth.switchCheck({ baseUrl: simB.url, mode: 'apiKey' });
    expect(check).toMatchObject({ kind: 'needsDecisionAboutQueued', total: 2 });
    await handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: simB.url,
      apiKey: simB.apiKey,
      queuedClients: 'sendToNew',
    });
    const done = await waitForStatus(
      services,
      (status) => status.counts.sent === 6 && status.counts.pending === 0,
    );
    expect(done.waitingForOtherEnvironment).toBeUndefined();
    expect(keysIn(simB).sort()).toEqual([...forB, ...moved].sort());
    expect(keysIn(simA).sort()).toEqual([...forA].sort());
    // The decision is in each client's history.
    const entries = (await handlers.outbox.list({ limit: 50 })).items;
    for (const captureId of moved) {
      const entry = entries.find((candidate) => candidate.captureId === captureId);
      expect(entry?.history?.map((line) => line.outcome)).toContain('retargetedByPerson');
    }
  });
});
