import { describe, expect, it } from 'vitest';
import { postCustomer, simUsers, useBoosterSimulator } from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

const staff = simUsers[0]!;

interface Session {
  sessionId: string;
  userName: string;
  bearerToken: string;
  refreshToken: string;
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });
}

async function signIn(url: string): Promise<Session> {
  const response = await post(`${url}/auth/credentials`, {
    userName: staff.userName,
    password: staff.password,
    rememberMe: true,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Session;
}

async function expectEmptyChallenge(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('credentials realm="/auth/credentials"');
  expect(await response.text()).toBe('');
}

async function expectTokenExpired(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({
    responseStatus: { errorCode: 'TokenException', message: 'Token has expired' },
  });
}

describe('API key', () => {
  const sim = useBoosterSimulator({ apiKey: 'key-for-this-test' });

  it('answers 401 with an empty body and a challenge without a credential or with a wrong one', async () => {
    await expectEmptyChallenge(await postCustomer(sim(), validWireCustomer(), {}));
    await expectEmptyChallenge(
      await postCustomer(sim(), validWireCustomer(), { Authorization: 'Bearer wrong-key' }),
    );
    await expectEmptyChallenge(await postCustomer(sim(), validWireCustomer(), { 'X-Api-Key': 'wrong-key' }));
    await expectEmptyChallenge(
      await postCustomer(sim(), validWireCustomer(), { Authorization: 'Basic a2V5OmtleQ==' }),
    );
    expect(sim().customers()).toHaveLength(0);
    expect(
      sim()
        .requests()
        .map((entry) => entry.outcome),
    ).toEqual(Array(4).fill('unauthorized'));
  });

  it('accepts the key as a Bearer token or as X-Api-Key', async () => {
    expect(
      (await postCustomer(sim(), validWireCustomer(), { Authorization: 'Bearer key-for-this-test' })).status,
    ).toBe(200);
    expect(
      (await postCustomer(sim(), validWireCustomer(), { 'X-Api-Key': 'key-for-this-test' })).status,
    ).toBe(200);
    expect(sim().customers()).toHaveLength(2);
  });
});

describe('credentials, bearer tokens and refresh', () => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const sim = useBoosterSimulator(() => {
    now = Date.parse('2026-06-01T08:00:00Z');
    return { now: () => now, tokenLifetimeMs: 60_000, refreshTokenLifetimeMs: 600_000 };
  });

  it('signs in with userName and password and answers the session with tokens', async () => {
    const session = await signIn(sim().url);
    expect(session).toMatchObject({ userName: staff.userName });
    for (const key of ['sessionId', 'bearerToken', 'refreshToken'] as const)
      expect(session[key]).toMatch(/^\S{16,}$/);
    const response = await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${session.bearerToken}`,
    });
    expect(response.status).toBe(200);
  });

  it('answers a wrong password with 401 Unauthorized', async () => {
    const response = await post(`${sim().url}/auth/credentials`, {
      userName: staff.userName,
      password: 'nope',
      rememberMe: true,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      responseStatus: { errorCode: 'Unauthorized', message: 'Invalid Username or Password' },
    });
  });

  it('answers a login without a password with 400 NotEmpty on Password', async () => {
    const response = await post(`${sim().url}/auth/credentials`, { userName: staff.userName });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { responseStatus: { errors: { fieldName: string }[] } };
    expect(body.responseStatus.errors.map((error) => error.fieldName)).toEqual(['Password']);
  });

  it('expires bearer tokens after tokenLifetimeMs with a TokenException, and a refresh issues a new one', async () => {
    const session = await signIn(sim().url);
    now += 60_000;
    await expectTokenExpired(
      await postCustomer(sim(), validWireCustomer(), { Authorization: `Bearer ${session.bearerToken}` }),
    );
    expect(sim().requests().at(-1)).toMatchObject({ status: 401, outcome: 'token-expired' });

    const refreshed = await post(`${sim().url}/access-token`, { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    expect(accessToken).not.toBe(session.bearerToken);
    const response = await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${accessToken}`,
    });
    expect(response.status).toBe(200);
  });

  it('refuses an expired or unknown refresh token with 401 ResponseStatus', async () => {
    const session = await signIn(sim().url);
    const unknown = await post(`${sim().url}/access-token`, { refreshToken: 'not-a-token' });
    expect(unknown.status).toBe(401);
    expect(
      ((await unknown.json()) as { responseStatus: { errorCode: string } }).responseStatus.errorCode,
    ).toBe('TokenException');
    now += 600_000;
    const expired = await post(`${sim().url}/access-token`, { refreshToken: session.refreshToken });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      responseStatus: { errorCode: 'TokenException', message: 'Token has expired' },
    });
  });

  it('forces expiry with the expireTokens fault (count), leaving refresh tokens alive by default', async () => {
    const session = await signIn(sim().url);
    sim().configure({ faults: { expireTokens: { count: 1 } } });
    const auth = { Authorization: `Bearer ${session.bearerToken}` };
    await expectTokenExpired(await postCustomer(sim(), validWireCustomer(), auth));
    // The token stays expired after the fault's count is used up.
    await expectTokenExpired(await postCustomer(sim(), validWireCustomer(), auth));
    expect(
      sim()
        .requests()
        .map((entry) => entry.fault),
    ).toContain('expireTokens');
    const refreshed = await post(`${sim().url}/access-token`, { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(sim().customers()).toHaveLength(0);
  });

  it('can expire refresh tokens too, so the client has to sign in again', async () => {
    const session = await signIn(sim().url);
    sim().configure({ faults: { expireTokens: { count: 1, alsoRefreshTokens: true } } });
    await expectTokenExpired(
      await postCustomer(sim(), validWireCustomer(), { Authorization: `Bearer ${session.bearerToken}` }),
    );
    const refreshed = await post(`${sim().url}/access-token`, { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(401);
  });

  it('expires tokens on demand through the control API', async () => {
    const session = await signIn(sim().url);
    const control = await fetch(`${sim().url}/_sim/expire-tokens`, { method: 'POST' });
    expect(control.status).toBe(200);
    await expectTokenExpired(
      await postCustomer(sim(), validWireCustomer(), { Authorization: `Bearer ${session.bearerToken}` }),
    );
  });
});
