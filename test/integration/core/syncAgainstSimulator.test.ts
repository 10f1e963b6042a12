// The core's services against the Booster simulator over real HTTP, with every fault it injects.
import { afterEach, describe, expect, it } from 'vitest';
import type { BoosterServices } from '../../../electron/main/core/boosterServices';
import { startTestBoosterSimulator, simUsers, type BoosterSimulator } from '../../support/booster-sim';
import { drained, startCore, startLocalServer, waitForStatus } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import type { SimulatorOptions } from '../../../tools/booster-sim/index';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(simOptions: Partial<SimulatorOptions> = {}, settings = {}) {
  const sim = await startTestBoosterSimulator({ seed: 7, ...simOptions });
  cleanups.push(() => sim.close());
  const { services, dataDir } = await startCore(settings);
  cleanups.push(() => services.stop());
  return { sim, services, dataDir };
}

async function enqueueMany(services: BoosterServices, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newCaptureId());
  await Promise.all(
    ids.map((captureId, index) =>
      services.handlers.outbox.enqueue({ captureId, record: sampleRecord(index) }),
    ),
  );
  return ids;
}

function creationsByKey(sim: BoosterSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const customer of sim.customers())
    counts.set(customer.idempotencyKey ?? '', (counts.get(customer.idempotencyKey ?? '') ?? 0) + 1);
  return counts;
}

/** Every record reached Booster at least once; every record Booster holds twice is flagged. */
async function expectDeliveredAndDuplicatesFlagged(
  services: BoosterServices,
  sim: BoosterSimulator,
  ids: string[],
) {
  const creations = creationsByKey(sim);
  const entries = (await services.handlers.outbox.list({ limit: 500 })).items;
  for (const id of ids) {
    expect(creations.get(id) ?? 0, `created ${id}`).toBeGreaterThanOrEqual(1);
    const entry = entries.find((candidate) => candidate.captureId === id);
    expect(entry?.state).toBe('sent');
    if ((creations.get(id) ?? 0) > 1) expect(entry?.possibleDuplicate, `duplicate ${id} flagged`).toBe(true);
  }
  return { creations, entries };
}

async function configure(services: BoosterServices, sim: BoosterSimulator) {
  await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: sim.url, apiKey: sim.apiKey });
}

describe('sync against the Booster simulator', () => {
  it('sends every record once, with its capture UUID as Idempotency-Key and exact wire types', async () => {
    const { sim, services } = await setup();
    const ids = await enqueueMany(services, 12);
    await configure(services, sim);
    const status = await waitForStatus(services, drained);
    expect(status.counts).toMatchObject({ sent: 12, needsAttention: 0, possibleDuplicate: 0 });
    expect([...creationsByKey(sim).keys()].sort()).toEqual([...ids].sort());
    const customer = sim.customers()[0]!;
    expect(customer.body).toMatchObject({
      privacyPolicyAcceptanceStorage: true,
      clientType: 'PRIVATE',
      birthDate: '1985-03-14',
    });
    expect(status.connectivity).toBe('online');
    // Reachability is checked with a read-only, credentialed GET /auth: no failed-auth line in Booster's logs.
    const requests = sim.requests();
    expect(
      requests.some((entry) => entry.method === 'GET' && entry.path === '/auth' && entry.status === 200),
    ).toBe(true);
    expect(requests.filter((entry) => entry.status === 401)).toEqual([]);
  });

  it('connection resets before the request is read: retried, nothing lost, nothing created twice', async () => {
    // A reset reads as a lost answer to us: the limit is raised so that every record is retried to the end
    // (duplicatesBounded.test.ts covers the limit itself).
    const { sim, services } = await setup(
      { faults: { reset: { probability: 0.3 } } },
      { duplicates: { ambiguousAttemptLimit: 10 } },
    );
    const ids = await enqueueMany(services, 15);
    await configure(services, sim);
    await waitForStatus(services, drained, 30_000);
    const { creations } = await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    expect([...creations.values()].every((count) => count === 1)).toBe(true);
    expect(sim.requests().some((request) => request.fault === 'reset')).toBe(true);
  });

  it('lost responses: Booster created the client but the answer never came — the retry is flagged possibleDuplicate', async () => {
    const { sim, services } = await setup({ faults: { lostResponse: { count: 3 } } });
    const ids = await enqueueMany(services, 8);
    await configure(services, sim);
    const status = await waitForStatus(services, drained, 30_000);
    const { creations } = await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    expect([...creations.values()].filter((count) => count > 1)).toHaveLength(3);
    expect(status.counts.possibleDuplicate).toBe(3);
  });

  it('lost responses with a simulator honouring Idempotency-Key: exactly once', async () => {
    const { sim, services } = await setup({
      honourIdempotencyKey: true,
      faults: { lostResponse: { count: 3 } },
    });
    const ids = await enqueueMany(services, 8);
    await configure(services, sim);
    await waitForStatus(services, drained, 30_000);
    const { creations } = await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    expect(sim.customers()).toHaveLength(8);
    expect([...creations.values()].every((count) => count === 1)).toBe(true);
  });

  it('429 and 503 with Retry-After: waits as asked, not a duplicate risk', async () => {
    const { sim, services } = await setup(
      {
        faults: {
          rateLimited: { count: 1, retryAfterSeconds: 1 },
          unavailable: { count: 1, retryAfterSeconds: 1 },
        },
      },
      { concurrency: 1 },
    );
    const ids = await enqueueMany(services, 3);
    await configure(services, sim);
    const status = await waitForStatus(services, drained, 30_000);
    await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    expect(status.counts.possibleDuplicate).toBe(0);
    const requests = sim.requests().filter((request) => request.route === 'customer');
    const throttled = requests.filter((request) => request.status === 429 || request.status === 503);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    // The request after a throttled one respected Retry-After (server clock, 1 s; its Date has second resolution).
    for (const refusal of throttled) {
      const next = requests.find((request) => request.seq > refusal.seq);
      if (next)
        expect(Date.parse(next.receivedAt) - Date.parse(refusal.receivedAt)).toBeGreaterThanOrEqual(900);
    }
  });

  it('500 from Booster: retried; flagged possibleDuplicate since a server fault may follow a write', async () => {
    const { sim, services } = await setup({ faults: { serverError: { count: 2 } } }, { concurrency: 1 });
    const ids = await enqueueMany(services, 4);
    await configure(services, sim);
    const status = await waitForStatus(services, drained, 30_000);
    await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    expect(sim.customers()).toHaveLength(4);
    expect(status.counts.possibleDuplicate).toBeGreaterThanOrEqual(1);
  });

  it('a request that times out is ambiguous: flagged, then sent once Booster is fast again', async () => {
    const { sim, services } = await setup(
      { faults: { latency: { ms: 1_500, routes: ['customer'] } } },
      { requestTimeoutMs: 500, probeTimeoutMs: 3_000 },
    );
    const [id] = await enqueueMany(services, 1);
    await configure(services, sim);
    await waitForStatus(services, (status) => status.counts.possibleDuplicate === 1, 20_000);
    expect((await services.handlers.outbox.list({ limit: 1 })).items[0]?.lastError?.code).toBe('timeout');
    sim.configure({ faults: { latency: { ms: 0 } } });
    await waitForStatus(services, drained, 20_000);
    await expectDeliveredAndDuplicatesFlagged(services, sim, [id!]);
  });

  it("400 field errors: needsAttention with Booster's errors; reopened, corrected and sent", async () => {
    const { sim, services } = await setup({
      rejectRules: [
        {
          field: 'lastName',
          matches: '^Refused',
          errorCode: 'Predicate',
          message: "'Last Name' is not accepted.",
        },
      ],
    });
    const captureId = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(0, { lastName: 'Refused' }) });
    await configure(services, sim);
    await waitForStatus(services, (status) => status.counts.needsAttention === 1);
    const reopened = await services.handlers.outbox.reopen({ captureId });
    expect(reopened.fieldErrors).toEqual([expect.objectContaining({ path: 'lastName', code: 'Predicate' })]);
    await services.handlers.outbox.enqueue({
      captureId,
      record: { ...reopened.record, lastName: 'Accepted' },
    });
    await waitForStatus(services, (status) => status.counts.sent === 1);
    expect(sim.customers()).toHaveLength(1);
    expect(sim.customers()[0]!.body).toMatchObject({ lastName: 'Accepted' });
  });

  it('credentials: expired tokens are refreshed; expired refresh tokens lead to a new sign-in with the stored password', async () => {
    const { sim, services } = await setup({ faults: { expireTokens: { count: 1 } } });
    const [user] = simUsers;
    await services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl: sim.url,
      userName: user!.userName,
      password: user!.password,
    });
    const ids = await enqueueMany(services, 3);
    await waitForStatus(services, drained);
    sim.expireTokens({ alsoRefreshTokens: true });
    ids.push(...(await enqueueMany(services, 2)));
    await waitForStatus(services, drained);
    await expectDeliveredAndDuplicatesFlagged(services, sim, ids);
    const authRequests = sim
      .requests()
      .filter((request) => request.route === 'auth')
      .map((request) => request.path.toLowerCase());
    expect(authRequests).toContain('/access-token');
    expect(authRequests.filter((path) => path === '/auth/credentials').length).toBeGreaterThanOrEqual(2);
    expect((await services.handlers.sync.status(undefined)).counts.possibleDuplicate).toBe(0);
  });

  it('a wrong API key pauses the queue for sign-in; records stay pending', async () => {
    const { sim, services } = await setup();
    await enqueueMany(services, 2);
    await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: sim.url, apiKey: 'wrong' });
    const status = await waitForStatus(
      services,
      (current) => current.pausedReason === 'signInNeeded' && current.counts.sending === 0,
    );
    expect(status.counts).toMatchObject({ pending: 2, needsAttention: 0, sent: 0 });
    await configure(services, sim);
    await waitForStatus(services, drained);
  });

  it("corrects registrationDate with Booster's Date header when the laptop clock is off", async () => {
    const { sim, services } = await setup({ clockOffsetMs: 3 * 3_600_000 });
    await enqueueMany(services, 1);
    await configure(services, sim);
    await waitForStatus(services, drained);
    const sent = Date.parse((sim.customers()[0]!.body as { registrationDate: string }).registrationDate);
    expect(Math.abs(sent - (Date.now() + 3 * 3_600_000))).toBeLessThan(60_000);
  });

  it('403 from Booster: needsAttention (forbidden), nothing created, the rest of the queue still sent', async () => {
    const { sim, services } = await setup({ faults: { forbidden: { count: 1 } } });
    await enqueueMany(services, 3);
    await configure(services, sim);
    await waitForStatus(services, (status) => status.counts.needsAttention === 1 && status.counts.sent === 2);
    const entries = (await services.handlers.outbox.list({ limit: 10 })).items;
    const refused = entries.filter((entry) => entry.state === 'needsAttention');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ attentionReason: 'forbidden', possibleDuplicate: false });
    expect(refused[0]!.lastError?.message).toBeTruthy();
    expect(sim.requests().filter((request) => request.outcome === 'forbidden')).toHaveLength(1);
    expect(sim.customers()).toHaveLength(2);
  });

  it('a captive portal answering HTML 200 is not Booster: offline, nothing sent, then sent when Booster is back', async () => {
    let portal = true;
    const sim = await startTestBoosterSimulator();
    cleanups.push(() => sim.close());
    const server = await startLocalServer((req, res, body) => {
      if (portal) {
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<html><body>Please accept the terms</body></html>');
        return;
      }
      // Booster is back: forward to the simulator.
      void fetch(`${sim.url}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(req.method === 'GET' ? {} : { body }),
      }).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
      });
    });
    cleanups.push(() => server.close());
    const { services } = await startCore();
    cleanups.push(() => services.stop());
    await enqueueMany(services, 2);
    await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: server.url, apiKey: sim.apiKey });
    const offline = await waitForStatus(services, (status) => status.connectivity === 'offline');
    expect(offline.counts.pending).toBe(2);
    expect(sim.customers()).toHaveLength(0);
    portal = false;
    await services.handlers.sync.now(undefined);
    await waitForStatus(services, drained);
    expect(sim.customers()).toHaveLength(2);
  });

  it('Booster down (connection refused): offline, records kept', async () => {
    const server = await startLocalServer(() => undefined);
    const url = server.url;
    await server.close();
    const { services } = await startCore();
    cleanups.push(() => services.stop());
    await enqueueMany(services, 1);
    await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: url, apiKey: 'k' });
    const status = await waitForStatus(services, (current) => current.connectivity === 'offline');
    expect(status).toMatchObject({ activity: 'waiting', counts: { pending: 1 } });
    expect(status.nextRetryAt).toBeDefined();
  });
});

describe('a failing Booster over real HTTP: the circuit, and ids that cannot be right', () => {
  interface LoggedRequest {
    seq: number;
    route: string | null;
    receivedAt: string;
  }
  /** The simulator's own log, through its control API. */
  async function customerRequests(sim: BoosterSimulator): Promise<LoggedRequest[]> {
    const response = await fetch(`${sim.url}/_sim/requests`);
    const entries = (await response.json()) as LoggedRequest[];
    return entries.filter((entry) => entry.route === 'customer');
  }

  async function waitForRequests(sim: BoosterSimulator, atLeast: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const requests = await customerRequests(sim);
      if (requests.length >= atLeast) return requests;
      if (Date.now() > deadline) throw new Error(`Only ${requests.length} requests, waited for ${atLeast}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('500 to everything with a backlog of 100: a handful of requests, then one probe per pause', async () => {
    // retryBaseMs 200: the circuit pauses at least 3 s (15 x the retry base), about 6 s at first.
    const { sim, services } = await setup(
      { faults: { serverError: { probability: 1 } } },
      { retryBaseMs: 200 },
    );
    await enqueueMany(services, 100);
    await configure(services, sim);
    const open = await waitForStatus(services, (status) => status.lastError?.code === 'boosterFailing');
    expect(open.lastError?.message).toMatch(/^Booster is failing \(HTTP 500\); sending is paused/);
    const beforePause = await customerRequests(sim);
    // The probe (unauthenticated) plus the sends that ran into the failures, not the backlog.
    expect(beforePause.length).toBeLessThanOrEqual(8);

    const withProbe = await waitForRequests(sim, beforePause.length + 1);
    const lastBefore = Date.parse(beforePause.at(-1)!.receivedAt);
    const probe = withProbe[beforePause.length]!;
    expect(Date.parse(probe.receivedAt) - lastBefore).toBeGreaterThanOrEqual(2_900);
    // The probe failed: open again for longer; nothing else was sent meanwhile.
    await waitForStatus(
      services,
      (status) =>
        status.lastError?.code === 'boosterFailing' &&
        status.nextRetryAt !== open.nextRetryAt &&
        status.counts.sending === 0,
    );
    expect((await customerRequests(sim)).length).toBe(beforePause.length + 1);
    expect((await services.handlers.sync.status(undefined)).counts.pending).toBe(100);
  }, 30_000);

  it('Booster answers the same id for every client: the first is sent, the others held for a person', async () => {
    const { sim, services, dataDir } = await setup({
      faults: { badCustomerId: { probability: 1, value: 77 } },
    });
    const ids = await enqueueMany(services, 10);
    await configure(services, sim);
    const status = await waitForStatus(services, drained);
    expect(status.counts).toMatchObject({ sent: 1, needsAttention: 9, possibleDuplicate: 9 });
    const held = await services.handlers.outbox.list({ limit: 20, states: ['needsAttention'] });
    expect(held.items.map((entry) => entry.attentionReason)).toEqual(Array(9).fill('suspiciousId'));
    expect(held.items.every((entry) => ids.includes(entry.captureId))).toBe(true);
    expect(held.items[0]?.lastError?.message).toMatch(/client id 77/);

    // The journal keeps it so: after a restart the same clients are held, and 77 still has its owner.
    await services.stop();
    const again = await startCore({}, dataDir);
    cleanups.push(() => again.services.stop());
    const reopened = await again.services.handlers.sync.status(undefined);
    expect(reopened.counts).toMatchObject({ sent: 1, needsAttention: 9, possibleDuplicate: 9 });
  });

  it('Booster answers 200 with id 0: needs attention and flagged, since it may have created the client', async () => {
    const { sim, services } = await setup({ faults: { badCustomerId: { probability: 1, value: 0 } } });
    await enqueueMany(services, 2);
    await configure(services, sim);
    const status = await waitForStatus(services, drained);
    expect(status.counts).toMatchObject({ sent: 0, needsAttention: 2, possibleDuplicate: 2 });
    expect(sim.customers()).toHaveLength(2);
  });
});
