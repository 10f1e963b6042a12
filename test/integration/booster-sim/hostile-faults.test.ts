// The simulator's proxy and captive-portal faults (not Booster's behaviour), over real HTTP: other tests use
// them to show that the client never takes such an answer for Booster's.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { postCustomer, startTestBoosterSimulator, useBoosterSimulator } from '../../support/booster-sim';
import { waitUntil } from '../../support/waitUntil';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

const auth = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}` });

describe('proxy and captive-portal faults', () => {
  const sim = useBoosterSimulator();

  it.each([307, 301])('redirect: a %i with the Location, before anything is processed', async (status) => {
    sim().configure({
      faults: { redirect: { count: 1, status, location: 'http://portal.example/login?next=%2Fcustomer' } },
    });
    const response = await fetch(`${sim().url}/customer`, {
      method: 'POST',
      headers: jsonHeaders(auth(sim().apiKey)),
      body: JSON.stringify(validWireCustomer()),
      redirect: 'manual',
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBe('http://portal.example/login?next=%2Fcustomer');
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests()[0]).toMatchObject({ status, outcome: 'redirected', fault: 'redirect' });
    // The count is used up.
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
  });

  it('redirect on the auth routes when they are listed', async () => {
    sim().configure({ faults: { redirect: { probability: 1, routes: ['auth'] } } });
    const response = await fetch(`${sim().url}/auth/credentials`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ userName: 'a', password: 'b' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://portal.example/login');
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
  });

  it("notBooster: a captive portal's HTML page with a 200, and nothing created", async () => {
    sim().configure({ faults: { notBooster: { count: 1 } } });
    const response = await postCustomer(sim(), validWireCustomer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<html>[\s\S]*Guest Wi-Fi/);
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests()[0]).toMatchObject({ status: 200, outcome: 'not-booster', fault: 'notBooster' });
  });

  it.each([
    [0, 0],
    ['12', '12'],
    [-5, -5],
    [1e21, 1e21],
  ] as const)(
    'badCustomerId: the customer is created, the answer carries %j instead of its id',
    async (value, expected) => {
      sim().configure({ faults: { badCustomerId: { count: 1, value } } });
      const response = await postCustomer(sim(), validWireCustomer());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ boosterCustomerId: expected });
      const [created] = sim().customers();
      expect(created!.boosterCustomerId).toBeGreaterThan(0);
      expect(sim().requests()[0]).toMatchObject({
        outcome: 'created',
        fault: 'badCustomerId',
        boosterCustomerId: created!.boosterCustomerId,
      });
      // Next request: the real id.
      expect(await (await postCustomer(sim(), validWireCustomer())).json()).toEqual({
        boosterCustomerId: created!.boosterCustomerId + 1,
      });
    },
  );

  it('badCustomerId 77 for every client: each is created, all are answered 77', async () => {
    sim().configure({ faults: { badCustomerId: { probability: 1, value: 77 } } });
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => (await postCustomer(sim(), validWireCustomer())).json()),
    );
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ boosterCustomerId: 77 })));
    expect(
      new Set(
        sim()
          .customers()
          .map((customer) => customer.boosterCustomerId),
      ).size,
    ).toBe(5);
  });

  it('a lost response wins over badCustomerId when both strike', async () => {
    sim().configure({ faults: { lostResponse: { count: 1 }, badCustomerId: { count: 1, value: 77 } } });
    await expect(postCustomer(sim(), validWireCustomer())).rejects.toThrow(TypeError);
    expect(await (await postCustomer(sim(), validWireCustomer())).json()).toEqual({ boosterCustomerId: 77 });
  });

  it('slowBody: 200 headers, then a byte at a time; stops and releases its timer when the client goes', async () => {
    const trickles = spyOnTrickleTimers(20);
    sim().configure({ faults: { slowBody: { count: 1, intervalMs: 20 } } });
    const response = await postCustomer(sim(), validWireCustomer());
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    while (received.length < 5) received += new TextDecoder().decode((await reader.read()).value);
    expect(received).toMatch(/^\{ {4,}$/);
    expect(sim().requests()[0]).toMatchObject({ status: 200, outcome: 'slow-body', respondedAt: null });
    expect(trickles.started()).toHaveLength(1);

    await reader.cancel();
    await waitUntil(() => sim().requests()[0]!.respondedAt !== null, 'the simulator to see the client go');
    await waitUntil(() => trickles.allCleared(), 'the trickle timer to be released');
    expect(sim().customers()).toHaveLength(0);
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
  });

  it('rejects a redirect status outside 3xx and a bad interval, naming the field', async () => {
    expect(() => sim().configure({ faults: { redirect: { status: 200 } } })).toThrow(
      /faults\.redirect\.status/,
    );
    expect(() => sim().configure({ faults: { slowBody: { intervalMs: 0 } } })).toThrow(
      /faults\.slowBody\.intervalMs/,
    );
    expect(() => sim().configure({ faults: { badCustomerId: { value: [1] as never } } })).toThrow(
      /faults\.badCustomerId\.value/,
    );
  });

  it('changes the new faults through PUT /_sim/config', async () => {
    const put = await fetch(`${sim().url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({
        faults: { badCustomerId: { count: 1, value: '12' }, notBooster: { count: 1 } },
      }),
    });
    expect(put.status).toBe(200);
    expect(await (await postCustomer(sim(), validWireCustomer())).text()).toMatch(/<html>/);
    expect(await (await postCustomer(sim(), validWireCustomer())).json()).toEqual({
      boosterCustomerId: '12',
    });
  });
});

describe('slowBody and close()', () => {
  it('close() ends bodies still trickling, promptly, and leaves no timer behind', async () => {
    const trickles = spyOnTrickleTimers(25);
    const simulator = await startTestBoosterSimulator({
      faults: { slowBody: { probability: 1, intervalMs: 25 } },
    });
    const responses = await Promise.all(
      Array.from({ length: 3 }, () => postCustomer(simulator, validWireCustomer())),
    );
    const readers = responses.map((response) => response.body!.getReader());
    await Promise.all(readers.map((reader) => reader.read()));
    expect(trickles.started()).toHaveLength(3);
    await simulator.close();
    expect(trickles.allCleared()).toBe(true);
    // Every client sees its body fail (the socket closed) rather than hang.
    for (const reader of readers) {
      await expect(
        (async () => {
          for (;;) if ((await reader.read()).done) return 'ended';
        })(),
      ).rejects.toThrow();
    }
  });
});

/** Records the trickle's setInterval handles (told apart by their period) and whether each was cleared. */
function spyOnTrickleTimers(intervalMs: number) {
  const setSpy = vi.spyOn(globalThis, 'setInterval');
  const clearSpy = vi.spyOn(globalThis, 'clearInterval');
  onTestFinished(() => {
    setSpy.mockRestore();
    clearSpy.mockRestore();
  });
  const started = () =>
    setSpy.mock.calls.flatMap((call, index) =>
      call[1] === intervalMs ? [setSpy.mock.results[index]!.value as unknown] : [],
    );
  const cleared = () => new Set(clearSpy.mock.calls.map((call) => call[0] as unknown));
  return { started, allCleared: () => started().every((timer) => cleared().has(timer)) };
}
