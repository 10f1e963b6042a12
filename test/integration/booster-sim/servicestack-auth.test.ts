// The simulator's authentication as ServiceStack really serves it (issue 10, items 15-17): tokens in the body
// or only as ss-tok / ss-reftok cookies, Authenticate and GetAccessToken at their predefined routes, and the
// read-only GET /auth session check for every credential the simulator accepts.
import { describe, expect, it } from 'vitest';
import { postCustomer, simUsers, useBoosterSimulator } from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

const staff = simUsers[0]!;
const credentials = { userName: staff.userName, password: staff.password, rememberMe: true };

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: jsonHeaders(headers), body: JSON.stringify(body) });
}

function getAuth(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/auth`, { headers: { Accept: 'application/json', ...headers } });
}

/** name -> value of each Set-Cookie, and the attributes of each. */
function cookiesOf(response: Response): Map<string, { value: string; attributes: string }> {
  const cookies = new Map<string, { value: string; attributes: string }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';');
    const equals = pair.indexOf('=');
    cookies.set(pair.slice(0, equals), {
      value: pair.slice(equals + 1),
      attributes: attributes.join(';').toLowerCase(),
    });
  }
  return cookies;
}

describe('tokenDelivery', () => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const sim = useBoosterSimulator(() => {
    now = Date.parse('2026-06-01T08:00:00Z');
    return { now: () => now, tokenLifetimeMs: 60_000 };
  });

  it("'body' (the default): the tokens are in the AuthenticateResponse and no token cookie is set", async () => {
    expect(sim().config().tokenDelivery).toBe('body');
    const response = await post(`${sim().url}/auth/credentials`, credentials);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      bearerToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(cookiesOf(response).size).toBe(0);
  });

  it("'cookies': only HttpOnly ss-tok / ss-reftok cookies carry the tokens, which work as Bearer tokens", async () => {
    sim().configure({ tokenDelivery: 'cookies' });
    const signIn = await post(`${sim().url}/auth/credentials`, credentials);
    expect(signIn.status).toBe(200);
    const body = (await signIn.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ userName: staff.userName, sessionId: expect.any(String) });
    expect(body).not.toHaveProperty('bearerToken');
    expect(body).not.toHaveProperty('refreshToken');
    const cookies = cookiesOf(signIn);
    const token = cookies.get('ss-tok')!;
    const refresh = cookies.get('ss-reftok')!;
    expect(token.value).toMatch(/^\S{16,}$/);
    expect(refresh.value).toMatch(/^\S{16,}$/);
    for (const cookie of [token, refresh]) expect(cookie.attributes).toContain('httponly');

    const auth = { Authorization: `Bearer ${token.value}` };
    expect((await postCustomer(sim(), validWireCustomer(), auth)).status).toBe(200);

    now += 60_000;
    expect((await postCustomer(sim(), validWireCustomer(), auth)).status).toBe(401);
    const refreshed = await post(`${sim().url}/access-token`, { refreshToken: refresh.value });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).not.toHaveProperty('accessToken');
    const renewed = cookiesOf(refreshed).get('ss-tok')!;
    expect(renewed.value).not.toBe(token.value);
    const again = await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${renewed.value}`,
    });
    expect(again.status).toBe(200);
    expect(sim().customers()).toHaveLength(2);
  });

  it("'cookies': a refresh may leave the refresh token to its ss-reftok cookie, and ss-tok is a credential", async () => {
    sim().configure({ tokenDelivery: 'cookies' });
    const cookies = cookiesOf(await post(`${sim().url}/auth/credentials`, credentials));
    const refreshed = await post(
      `${sim().url}/access-token`,
      {},
      { Cookie: `ss-reftok=${cookies.get('ss-reftok')!.value}` },
    );
    expect(refreshed.status).toBe(200);
    const token = cookiesOf(refreshed).get('ss-tok')!.value;
    expect((await postCustomer(sim(), validWireCustomer(), { Cookie: `ss-tok=${token}` })).status).toBe(200);
  });

  it('is set by the control API and refused there when it is neither body nor cookies', async () => {
    const put = await fetch(`${sim().url}/_sim/config`, {
      method: 'PATCH',
      body: JSON.stringify({ tokenDelivery: 'cookies' }),
    });
    expect(put.status).toBe(200);
    expect(sim().config().tokenDelivery).toBe('cookies');
    const bad = await fetch(`${sim().url}/_sim/config`, {
      method: 'PATCH',
      body: JSON.stringify({ tokenDelivery: 'header' }),
    });
    expect(bad.status).toBe(400);
    expect(sim().config().tokenDelivery).toBe('cookies');
  });
});

describe('predefined routes of Authenticate and GetAccessToken', () => {
  const sim = useBoosterSimulator();

  it.each(['/auth/credentials', '/api/Authenticate', '/json/reply/Authenticate', '/api/authenticate'])(
    'signs in at %s, and refuses a wrong password there',
    async (route) => {
      const response = await post(`${sim().url}${route}`, { ...credentials, provider: 'credentials' });
      expect(response.status).toBe(200);
      const { bearerToken } = (await response.json()) as { bearerToken: string };
      expect(
        (await postCustomer(sim(), validWireCustomer(), { Authorization: `Bearer ${bearerToken}` })).status,
      ).toBe(200);
      const refused = await post(`${sim().url}${route}`, { ...credentials, password: 'nope' });
      expect(refused.status).toBe(401);
      expect(sim().requests().at(-1)).toMatchObject({ route: 'auth', outcome: 'unauthorized' });
    },
  );

  it.each(['/access-token', '/api/GetAccessToken', '/json/reply/GetAccessToken'])(
    'refreshes at %s',
    async (route) => {
      const signIn = await post(`${sim().url}/api/Authenticate`, credentials);
      const { refreshToken } = (await signIn.json()) as { refreshToken: string };
      const response = await post(`${sim().url}${route}`, { refreshToken });
      expect(response.status).toBe(200);
      const { accessToken } = (await response.json()) as { accessToken: string };
      expect(
        (await postCustomer(sim(), validWireCustomer(), { Authorization: `Bearer ${accessToken}` })).status,
      ).toBe(200);
      expect(sim().requests().at(-2)).toMatchObject({ route: 'auth', outcome: 'refreshed' });
    },
  );

  it('answers a GET to a sign-in route with 405, as ServiceStack does', async () => {
    const response = await fetch(`${sim().url}/api/Authenticate`);
    expect(response.status).toBe(405);
  });
});

describe('GET /auth: the read-only session check', () => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const sim = useBoosterSimulator(() => {
    now = Date.parse('2026-06-01T08:00:00Z');
    return { now: () => now, apiKey: 'probe-key', tokenLifetimeMs: 60_000 };
  });

  async function expectSession(response: Response, userName: string): Promise<void> {
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userName, sessionId: expect.any(String) });
  }

  it('answers 200 with the session for the API key (Bearer or X-Api-Key)', async () => {
    await expectSession(await getAuth(sim().url, { Authorization: 'Bearer probe-key' }), 'apikey');
    await expectSession(await getAuth(sim().url, { 'X-Api-Key': 'probe-key' }), 'apikey');
  });

  it.each(['body', 'cookies'] as const)(
    'answers 200 for a token signed in with tokenDelivery %s, and a TokenException once it expired',
    async (tokenDelivery) => {
      sim().configure({ tokenDelivery });
      const signIn = await post(`${sim().url}/auth/credentials`, credentials);
      const token =
        tokenDelivery === 'body'
          ? ((await signIn.json()) as { bearerToken: string }).bearerToken
          : cookiesOf(signIn).get('ss-tok')!.value;
      await expectSession(await getAuth(sim().url, { Authorization: `Bearer ${token}` }), staff.userName);
      await expectSession(await getAuth(sim().url, { Cookie: `ss-tok=${token}` }), staff.userName);
      now += 60_000;
      const expired = await getAuth(sim().url, { Authorization: `Bearer ${token}` });
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual({
        responseStatus: { errorCode: 'TokenException', message: 'Token has expired' },
      });
    },
  );

  it('answers 401 with an empty body and a challenge without a credential or with a wrong one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong' },
      { 'X-Api-Key': 'wrong' },
    ];
    for (const headers of attempts) {
      const response = await getAuth(sim().url, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('credentials realm="/auth/credentials"');
      expect(await response.text()).toBe('');
    }
    expect(
      sim()
        .requests()
        .map((entry) => entry.route),
    ).toEqual(['session', 'session', 'session']);
    expect(sim().customers()).toHaveLength(0);
  });

  it("is the 'session' route for faults: a captive portal there answers HTML", async () => {
    sim().configure({ faults: { notBooster: { count: 1, routes: ['session'] } } });
    const portal = await getAuth(sim().url, { Authorization: 'Bearer probe-key' });
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-type')).toMatch(/text\/html/);
    await portal.text();
    // Faults on the customer route leave the session check alone.
    sim().configure({ faults: { serverError: { probability: 1, routes: ['customer'] } } });
    await expectSession(await getAuth(sim().url, { Authorization: 'Bearer probe-key' }), 'apikey');
  });
});
