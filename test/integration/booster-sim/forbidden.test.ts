// The forbidden fault: a plain-text 403 once the credential is verified (valid but not allowed), before
// anything is created or issued.
import { describe, expect, it } from 'vitest';
import { postCustomer, simUsers, useBoosterSimulator } from '../../support/booster-sim';
import { defaultSimulatorConfig } from '../../../tools/booster-sim/config';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

const staff = simUsers[0]!;

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });
}

function signIn(url: string, password = staff.password): Promise<Response> {
  return post(`${url}/auth/credentials`, { userName: staff.userName, password, rememberMe: true });
}

function putConfig(url: string, patch: unknown): Promise<Response> {
  return fetch(`${url}/_sim/config`, { method: 'PUT', headers: jsonHeaders(), body: JSON.stringify(patch) });
}

async function expectForbidden(response: Response): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/);
  expect(await response.text()).toBe('Forbidden');
}

describe('forbidden fault', () => {
  const sim = useBoosterSimulator({ honourIdempotencyKey: true });

  it('is off by default, on the customer route', () => {
    expect(defaultSimulatorConfig().faults.forbidden).toEqual({
      probability: 0,
      count: 0,
      routes: ['customer'],
    });
  });

  it('answers 403 with a plain-text Forbidden body, creates nothing, and logs the fault', async () => {
    sim().configure({ faults: { forbidden: { count: 1 } } });
    await expectForbidden(
      await postCustomer(sim(), validWireCustomer(), {
        Authorization: `Bearer ${sim().apiKey}`,
        'Idempotency-Key': 'k-403',
      }),
    );
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests()).toEqual([
      expect.objectContaining({
        status: 403,
        outcome: 'forbidden',
        fault: 'forbidden',
        errorCode: null,
        boosterCustomerId: null,
        idempotencyKey: 'k-403',
      }),
    ]);

    // Nothing was recorded under the key either: the retry creates the customer rather than replaying.
    const retry = await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${sim().apiKey}`,
      'Idempotency-Key': 'k-403',
    });
    expect(retry.status).toBe(200);
    expect(sim().requests()[1]).toMatchObject({ outcome: 'created' });
    expect(sim().customers()).toHaveLength(1);
  });

  it('fires on the next `count` authenticated requests, then falls back to its probability', async () => {
    sim().configure({ faults: { forbidden: { count: 2, probability: 0 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postCustomer(sim(), validWireCustomer())).status);
    expect(statuses).toEqual([403, 403, 200]);
    expect(sim().config().faults.forbidden.count).toBe(0);
    expect(sim().customers()).toHaveLength(1);
  });

  it('fires only after authentication succeeded: 401s and unreadable bodies leave the count alone', async () => {
    sim().configure({ faults: { forbidden: { count: 1 } } });
    expect((await postCustomer(sim(), validWireCustomer(), {})).status).toBe(401);
    expect((await postCustomer(sim(), validWireCustomer(), { 'X-Api-Key': 'wrong-key' })).status).toBe(401);
    expect((await postCustomer(sim(), '{not json')).status).toBe(400);

    const session = (await (await signIn(sim().url)).json()) as { bearerToken: string };
    sim().expireTokens();
    const expired = await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${session.bearerToken}`,
    });
    expect(expired.status).toBe(401);
    expect(sim().config().faults.forbidden.count).toBe(1);

    await expectForbidden(await postCustomer(sim(), validWireCustomer()));
    expect(
      sim()
        .requests()
        .filter((entry) => entry.route === 'customer')
        .map((entry) => entry.outcome),
    ).toEqual(['unauthorized', 'unauthorized', 'rejected', 'token-expired', 'forbidden']);
    expect(sim().customers()).toHaveLength(0);
  });

  it('comes before a server fault: the permission check runs before the service', async () => {
    sim().configure({ faults: { forbidden: { count: 1 }, serverError: { count: 1 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postCustomer(sim(), validWireCustomer())).status);
    expect(statuses).toEqual([403, 500, 200]);
  });

  it('changes while running through PUT /_sim/config', async () => {
    const put = await putConfig(sim().url, { faults: { forbidden: { probability: 1 } } });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { faults: { forbidden: unknown } }).faults.forbidden).toEqual({
      probability: 1,
      count: 0,
      routes: ['customer'],
    });
    await expectForbidden(await postCustomer(sim(), validWireCustomer()));
    await expectForbidden(await postCustomer(sim(), validWireCustomer()));

    expect((await putConfig(sim().url, { faults: { forbidden: { probability: 0 } } })).status).toBe(200);
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    expect(sim().customers()).toHaveLength(1);
  });

  it('answers a bad patch with 400 naming the field, and changes nothing', async () => {
    const before = sim().config();
    const response = await putConfig(sim().url, { faults: { forbidden: { probability: 2 } } });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain('faults.forbidden.probability');
    expect(sim().config()).toEqual(before);
  });

  it('on the auth route, answers 403 only once the credentials or refresh token are verified', async () => {
    const first = (await (await signIn(sim().url)).json()) as { refreshToken: string };
    sim().configure({ faults: { forbidden: { count: 2, routes: ['auth'] } } });

    // A wrong password is still a 401 and does not use up the count.
    expect((await signIn(sim().url, 'wrong-password')).status).toBe(401);
    await expectForbidden(await signIn(sim().url));
    expect((await post(`${sim().url}/access-token`, { refreshToken: 'unknown' })).status).toBe(401);
    await expectForbidden(await post(`${sim().url}/access-token`, { refreshToken: first.refreshToken }));
    expect(sim().config().faults.forbidden.count).toBe(0);

    // The customer route is not listed; once the count is used up, auth goes through again.
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    expect((await signIn(sim().url)).status).toBe(200);
    expect((await post(`${sim().url}/access-token`, { refreshToken: first.refreshToken })).status).toBe(200);
    expect(
      sim()
        .requests()
        .map((entry) => `${entry.path} ${entry.status} ${entry.fault ?? '-'}`),
    ).toEqual([
      '/auth/credentials 200 -',
      '/auth/credentials 401 -',
      '/auth/credentials 403 forbidden',
      '/access-token 401 -',
      '/access-token 403 forbidden',
      '/customer 200 -',
      '/auth/credentials 200 -',
      '/access-token 200 -',
    ]);
  });
});
