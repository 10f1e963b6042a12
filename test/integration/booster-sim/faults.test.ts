import { describe, expect, it } from 'vitest';
import {
  postCustomer,
  simUsers,
  startTestBoosterSimulator,
  useBoosterSimulator,
} from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

/** fetch rejects (TypeError 'fetch failed') when the socket closes without a response. */
async function expectSocketError(request: Promise<Response>): Promise<void> {
  await expect(request).rejects.toThrow(TypeError);
}

describe('faults', () => {
  const sim = useBoosterSimulator();

  it('reset: the connection is destroyed before the request is read, and nothing is created', async () => {
    sim().configure({ faults: { reset: { count: 1 } } });
    await expectSocketError(
      postCustomer(sim(), validWireCustomer(), {
        Authorization: `Bearer ${sim().apiKey}`,
        'Idempotency-Key': 'k-1',
      }),
    );
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests()[0]).toMatchObject({
      status: null,
      outcome: 'reset',
      fault: 'reset',
      idempotencyKey: 'k-1',
    });
    // The count is used up: the next request goes through.
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
  });

  it('lost response: the customer is created, then the connection is destroyed without a response', async () => {
    sim().configure({ faults: { lostResponse: { count: 1 } } });
    await expectSocketError(
      postCustomer(sim(), validWireCustomer(), {
        Authorization: `Bearer ${sim().apiKey}`,
        'Idempotency-Key': 'k-2',
      }),
    );
    const [created] = sim().customers();
    expect(created).toMatchObject({ idempotencyKey: 'k-2' });
    expect(sim().requests()[0]).toMatchObject({
      status: null,
      outcome: 'lost',
      fault: 'lostResponse',
      boosterCustomerId: created!.boosterCustomerId,
    });
  });

  it('500: a ResponseStatus body and nothing created', async () => {
    sim().configure({ faults: { serverError: { count: 1 } } });
    const response = await postCustomer(sim(), validWireCustomer());
    expect(response.status).toBe(500);
    const body = (await response.json()) as { responseStatus: { errorCode: string; message: string } };
    expect(body.responseStatus.errorCode).toBe('InvalidOperationException');
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests()[0]).toMatchObject({ status: 500, outcome: 'server-error' });
  });

  it.each([
    ['unavailable', 503, 'Service Unavailable', 'unavailable'],
    ['rateLimited', 429, 'Too Many Requests', 'rate-limited'],
  ] as const)('%s: %i with Retry-After and a plain-text body', async (fault, status, text, outcome) => {
    sim().configure({ faults: { [fault]: { count: 2, retryAfterSeconds: 7 } } });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await postCustomer(sim(), validWireCustomer());
      expect(response.status).toBe(status);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe(text);
    }
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    expect(
      sim()
        .requests()
        .map((entry) => entry.outcome),
    ).toEqual([outcome, outcome, 'created']);
    expect(sim().customers()).toHaveLength(1);
  });

  it('latency: the request log shows each request held for at least the configured time', async () => {
    sim().configure({ faults: { latency: { ms: 150 } } });
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    const [entry] = sim().requests();
    expect(entry!.latencyMs).toBe(150);
    expect(entry!.durationMs).toBeGreaterThanOrEqual(150);
  });

  it('applies faults only to the routes they list', async () => {
    sim().configure({ faults: { unavailable: { probability: 1, routes: ['auth'] } } });
    const login = await fetch(`${sim().url}/auth/credentials`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({
        userName: simUsers[0]!.userName,
        password: simUsers[0]!.password,
        rememberMe: true,
      }),
    });
    expect(login.status).toBe(503);
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    expect((await fetch(`${sim().url}/metadata`)).status).toBe(200);
  });

  it('changes faults while running through PUT /_sim/config', async () => {
    const put = await fetch(`${sim().url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({ faults: { serverError: { probability: 1 } } }),
    });
    expect(put.status).toBe(200);
    expect(
      ((await put.json()) as { faults: { serverError: { probability: number } } }).faults.serverError
        .probability,
    ).toBe(1);
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(500);

    await fetch(`${sim().url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({ faults: { serverError: { probability: 0 } } }),
    });
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
  });

  it('gives a fault with a count precedence, then falls back to its probability', async () => {
    sim().configure({ faults: { serverError: { count: 1, probability: 0 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postCustomer(sim(), validWireCustomer())).status);
    expect(statuses).toEqual([500, 200, 200]);
    expect(sim().config().faults.serverError.count).toBe(0);
  });
});

describe('latency with a frozen simulator clock', () => {
  const sim = useBoosterSimulator({
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    faults: { latency: { ms: 20 } },
  });

  it('still holds the request on the monotonic clock, and the log keeps the simulator time', async () => {
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    expect(sim().requests()[0]).toMatchObject({
      latencyMs: 20,
      receivedAt: '2026-01-01T00:00:00.000Z',
      respondedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(sim().requests()[0]!.durationMs).toBeGreaterThanOrEqual(20);
  });
});

describe('fault probabilities', () => {
  async function statusesWithSeed(seed: number): Promise<number[]> {
    const simulator = await startTestBoosterSimulator({
      seed,
      faults: { serverError: { probability: 0.3 }, unavailable: { probability: 0.3 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await postCustomer(simulator, validWireCustomer())).status);
      return statuses;
    } finally {
      await simulator.close();
    }
  }

  it('are reproducible from a seed', async () => {
    const first = await statusesWithSeed(1234);
    expect(await statusesWithSeed(1234)).toEqual(first);
    // With p=0.3 each over 30 requests, all three outcomes show up for this seed.
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });
});
