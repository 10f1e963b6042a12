// BoosterHttp's bounded exchanges on a fake fetch: what no real server in a test can produce (an opaque
// redirect, Electron's cancelled redirect), and the pure decisions behind them.
import { describe, expect, it } from 'vitest';
import { BoosterHttp, setCookies } from '../../../electron/main/core/booster/boosterHttp';
import {
  isCancelledRedirect,
  isRedirect,
  redirectTargetHost,
} from '../../../electron/main/core/booster/boundedExchange';
import { createFakeFetch, jsonResponse, probeAnswer } from '../../support/core/fakeFetch';

const baseUrl = 'https://booster.example';

function setup(options: { requestTimeoutMs?: number } = {}) {
  const fake = createFakeFetch();
  const http = new BoosterHttp({
    fetch: fake.fetch,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    probeTimeoutMs: 5_000,
    now: Date.now,
  });
  return { fake, http };
}

/** What a browser-like fetch gives for a redirect with `redirect: 'manual'`. */
function opaqueRedirect(): Response {
  const response = new Response(null);
  return new Proxy(response, {
    get: (target, property) =>
      property === 'type' ? 'opaqueredirect' : property === 'status' ? 0 : Reflect.get(target, property),
  });
}

describe('redirect: manual on every request', () => {
  it('the create call, the probe, sign-in and refresh all ask fetch not to follow redirects', async () => {
    const { fake, http } = setup();
    fake.respond((request) =>
      request.url.endsWith('/customer') && !request.headers.get('authorization')
        ? probeAnswer()
        : jsonResponse(200, { boosterCustomerId: 1, bearerToken: 't', accessToken: 't' }),
    );
    await http.postCustomer(baseUrl, 'Bearer k', 'c-1', {});
    await http.probe(baseUrl);
    await http.probe(baseUrl, undefined, 'Bearer k');
    await http.signIn(baseUrl, 'user', 'pw');
    await http.refresh(baseUrl, 'r');
    expect(fake.requests.map((request) => request.redirect)).toEqual(Array(5).fill('manual'));
  });
});

describe('redirects that name no host', () => {
  it.each([
    ['an opaque redirect (status 0)', () => Promise.resolve(opaqueRedirect())],
    [
      "Electron's net.fetch cancelling the redirect",
      () => Promise.reject(new Error('Redirect was cancelled')),
    ],
  ])('%s: retryable, not ambiguous, and the message says a redirect', async (_case, answer) => {
    const { fake, http } = setup();
    fake.respond(answer);
    const { outcome } = await http.postCustomer(baseUrl, 'Bearer k', 'c-1', {});
    expect(outcome).toEqual({
      kind: 'retryable',
      reason: 'network',
      ambiguous: false,
      message:
        "Booster's address answered with a redirect: a captive portal or a proxy is in the way. The client stays queued.",
    });
    expect(await http.signIn(baseUrl, 'user', 'pw')).toMatchObject({ kind: 'unreachable' });
    expect(await http.probe(baseUrl)).toMatchObject({ reachable: false });
  });

  it('a 3xx without a Location is still a redirect', async () => {
    const { fake, http } = setup();
    fake.respond(() => new Response(null, { status: 302 }));
    expect((await http.postCustomer(baseUrl, 'Bearer k', 'c-1', {})).outcome).toMatchObject({
      kind: 'retryable',
      status: 302,
      ambiguous: false,
    });
  });
});

describe('isRedirect / isCancelledRedirect', () => {
  it.each([
    [300, 'default', true],
    [307, 'default', true],
    [399, 'default', true],
    [0, 'opaqueredirect', true],
    [200, 'basic', false],
    [400, 'default', false],
    [0, 'error', false],
  ] as const)('status %i, type %s: %s', (status, type, expected) => {
    expect(isRedirect({ status, type })).toBe(expected);
  });

  it("recognises only Electron's cancelled-redirect error", () => {
    expect(isCancelledRedirect(new Error('Redirect was cancelled'))).toBe(true);
    expect(isCancelledRedirect(new TypeError('fetch failed'))).toBe(false);
    expect(isCancelledRedirect('Redirect was cancelled')).toBe(false);
  });
});

describe('redirectTargetHost names the host only', () => {
  const requestUrl = 'https://booster.example/customer';
  it.each([
    ['https://portal.example/login?mac=aa:bb&token=secret', 'portal.example'],
    ['http://user:pass@portal.example:8080/x', 'portal.example:8080'],
    ['/login?next=/customer', 'booster.example'],
    ['//other.example/path', 'other.example'],
    ['https://xn--80ak6aa92e.com/', 'xn--80ak6aa92e.com'],
    ['https://ПРИМЕР.рф/', 'xn--e1afmkfd.xn--p1ai'],
  ])('%s -> %s', (location, host) => {
    expect(redirectTargetHost(location, requestUrl)).toBe(host);
  });

  it.each([
    [null],
    [''],
    ['http://[::1'],
    ['javascript:alert(1)'],
    ['data:text/html,<b>hi</b>'],
    [`https://${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.example/`],
  ])('%s names nothing', (location) => {
    expect(redirectTargetHost(location, requestUrl)).toBeUndefined();
  });
});

describe('token calls', () => {
  it("a captive portal's HTML 200 to the sign-in is unreachable, not a refusal (the password is kept)", async () => {
    const { fake, http } = setup();
    fake.respond(() => new Response('<html>Guest Wi-Fi</html>', { status: 200 }));
    expect(await http.signIn(baseUrl, 'user', 'pw')).toEqual({
      kind: 'unreachable',
      message:
        "An answer that is not Booster's came back to the sign-in (HTTP 200, not JSON): a captive portal or a proxy may be in the way.",
    });
  });

  it('a JSON 200 without a token is still a refusal', async () => {
    const { fake, http } = setup();
    fake.respond(() => jsonResponse(200, { sessionId: 's' }));
    expect(await http.signIn(baseUrl, 'user', 'pw')).toMatchObject({ kind: 'refused' });
  });
});

describe('timeouts', () => {
  it('a timeout beyond what a timer can hold does not fire at once', async () => {
    const { fake, http } = setup({ requestTimeoutMs: 3_000_000_000 });
    let abortedWhenAnswered: boolean | undefined;
    fake.respond(async (request) => {
      // Had the timer overflowed, the signal would already be aborted when the answer is built.
      await new Promise((resolve) => setImmediate(resolve));
      abortedWhenAnswered = request.signal.aborted;
      return jsonResponse(200, { boosterCustomerId: 3 });
    });
    expect((await http.postCustomer(baseUrl, 'Bearer k', 'c-1', {})).outcome).toEqual({
      kind: 'created',
      boosterCustomerId: 3,
    });
    expect(abortedWhenAnswered).toBe(false);
  });

  it('an already aborted caller signal sends nothing', async () => {
    const { fake, http } = setup();
    fake.respond(async (request) => {
      if (request.signal.aborted) throw request.signal.reason;
      return jsonResponse(200, { boosterCustomerId: 3 });
    });
    const stop = new AbortController();
    stop.abort();
    expect((await http.postCustomer(baseUrl, 'Bearer k', 'c-1', {}, stop.signal)).outcome).toMatchObject({
      kind: 'retryable',
      reason: 'timeout',
    });
  });
});

describe('tokens in cookies (ServiceStack 6+ UseTokenCookie)', () => {
  it('sign-in and refresh read ss-tok / ss-reftok when the body has no token', async () => {
    const { fake, http } = setup();
    fake.respond((request) => {
      const headers = new Headers({ 'Content-Type': 'application/json' });
      const refresh = request.url.endsWith('/access-token');
      headers.append('Set-Cookie', `ss-tok=${refresh ? 'fresh' : 'jwt'}; Path=/; HttpOnly`);
      if (!refresh)
        headers.append('Set-Cookie', 'ss-reftok=ref; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT');
      return new Response(JSON.stringify({ userName: 'user' }), { status: 200, headers });
    });
    expect(await http.signIn(baseUrl, 'user', 'pw')).toEqual({
      kind: 'ok',
      token: 'jwt',
      refreshToken: 'ref',
    });
    expect(await http.refresh(baseUrl, 'ref')).toEqual({ kind: 'ok', token: 'fresh' });
  });

  it('the body wins over a cookie when both are there', async () => {
    const { fake, http } = setup();
    fake.respond(
      () =>
        new Response(JSON.stringify({ bearerToken: 'from-body', refreshToken: 'r' }), {
          status: 200,
          headers: { 'Set-Cookie': 'ss-tok=from-cookie' },
        }),
    );
    expect(await http.signIn(baseUrl, 'user', 'pw')).toMatchObject({ token: 'from-body' });
  });

  it('setCookies splits a joined Set-Cookie header where getSetCookie is missing', () => {
    const joined =
      'ss-tok=a.b.c; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly, ss-reftok="r"; Path=/';
    const headers = { get: (name: string) => (name === 'set-cookie' ? joined : null) } as unknown as Headers;
    expect([...setCookies(headers)]).toEqual([
      ['ss-tok', 'a.b.c'],
      ['ss-reftok', 'r'],
    ]);
  });
});

describe('the probe', () => {
  it('with a credential: GET /auth carrying it, nothing sent to /customer', async () => {
    const { fake, http } = setup();
    fake.respond(() => jsonResponse(200, { sessionId: 's', userName: 'apikey' }));
    expect(await http.probe(baseUrl, undefined, 'Bearer k')).toEqual({
      reachable: true,
      credentials: 'accepted',
    });
    expect(fake.requests.map((request) => [request.method, new URL(request.url).pathname])).toEqual([
      ['GET', '/auth'],
    ]);
    expect(fake.requests[0]!.headers.get('authorization')).toBe('Bearer k');
  });

  it('a 401 to the credential is Booster refusing it: reachable', async () => {
    const { fake, http } = setup();
    fake.respond(() => probeAnswer());
    expect(await http.probe(baseUrl, undefined, 'Bearer wrong')).toEqual({
      reachable: true,
      credentials: 'refused',
    });
  });

  it('an HTML or non-JSON 200 at /auth is not Booster', async () => {
    const { fake, http } = setup();
    fake.respond(() => new Response('<html>Guest Wi-Fi</html>', { status: 200 }));
    expect(await http.probe(baseUrl, undefined, 'Bearer k')).toEqual({
      reachable: false,
      detail: "an answer that is not Booster's (HTTP 200)",
    });
  });

  it('a host without GET /auth (404) is asked the old way, by an unauthenticated POST /customer', async () => {
    const { fake, http } = setup();
    fake.respond((request) =>
      request.method === 'GET'
        ? new Response('Handler for Request not found', { status: 404 })
        : probeAnswer(),
    );
    expect(await http.probe(baseUrl, undefined, 'Bearer k')).toEqual({ reachable: true });
    expect(fake.requests.map((request) => [request.method, new URL(request.url).pathname])).toEqual([
      ['GET', '/auth'],
      ['POST', '/customer'],
    ]);
    expect(fake.requests[1]!.headers.get('authorization')).toBeNull();
  });
});
