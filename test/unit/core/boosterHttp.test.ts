// BoosterHttp's bounded exchanges on a fake fetch: what no real server in a test can produce (an opaque
// redirect, Electron's cancelled redirect), and the pure decisions behind them.
import { describe, expect, it } from 'vitest';
import { BoosterHttp } from '../../../electron/main/core/booster/boosterHttp';
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
    await http.signIn(baseUrl, 'user', 'pw');
    await http.refresh(baseUrl, 'r');
    expect(fake.requests.map((request) => request.redirect)).toEqual([
      'manual',
      'manual',
      'manual',
      'manual',
    ]);
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
