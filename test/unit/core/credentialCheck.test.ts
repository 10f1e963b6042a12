// What saving a key concludes from Booster's answer to GET /auth (checkOfProbe, pure), and BoosterAuth's
// configure on answers the simulator does not give: a 403, a portal's page, a host without GET /auth.
import { describe, expect, it } from 'vitest';
import { BoosterAuth, checkOfProbe } from '../../../electron/main/core/booster/boosterAuth';
import { BoosterHttp } from '../../../electron/main/core/booster/boosterHttp';
import type { EnvironmentConfig } from '../../../electron/main/core/booster/environmentStore';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import {
  createFakeFetch,
  jsonResponse,
  sessionAnswer,
  type FetchHandler,
} from '../../support/core/fakeFetch';

const baseUrl = 'https://booster.example/api';

describe('checkOfProbe', () => {
  it.each([
    [{ reachable: true, credentials: 'accepted' } as const, { check: 'accepted' }],
    [{ reachable: true, credentials: 'refused' } as const, { check: 'refused' }],
    // A key has no expiry of its own: a TokenException for it is a refusal all the same.
    [{ reachable: true, credentials: 'expired' } as const, { check: 'refused' }],
    [{ reachable: true } as const, { check: 'notChecked' }],
    [{ reachable: false, detail: 'network error ECONNREFUSED' } as const, { check: 'notChecked' }],
  ])('%j -> %j', (probe, expected) => {
    expect(checkOfProbe(probe)).toMatchObject(expected);
  });

  it('says why a key could not be checked', () => {
    expect(checkOfProbe({ reachable: false, detail: 'no answer in time' }).detail).toBe('no answer in time');
  });
});

function rig(handler: FetchHandler) {
  const net = createFakeFetch();
  net.respond(handler);
  let saved: EnvironmentConfig | undefined;
  const secrets = createMemorySecretStore();
  const auth = new BoosterAuth({
    environments: {
      load: () => Promise.resolve(saved),
      save: (config) => Promise.resolve(void (saved = config)),
    },
    secrets,
    http: new BoosterHttp({
      fetch: net.fetch,
      requestTimeoutMs: 1_000,
      probeTimeoutMs: 1_000,
      now: Date.now,
    }),
    logger: createSilentLogger(),
  });
  return { auth, net, secrets, saved: () => saved };
}

describe('BoosterAuth.configure with an API key', () => {
  it('a 403 from Booster to GET /auth is a refusal: key kept, marked, no header for sending', async () => {
    const { auth, net, secrets, saved } = rig(() =>
      jsonResponse(403, { responseStatus: { errorCode: 'Forbidden', message: 'Not allowed' } }),
    );
    const answer = await auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'k-403' });
    expect(answer).toMatchObject({ check: 'refused', environment: { signedIn: false } });
    expect(net.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${baseUrl}/auth`,
    ]);
    expect(net.requests[0]?.headers.get('authorization')).toBe('Bearer k-403');
    expect(await secrets.get('apiKey')).toBe('k-403');
    expect(saved()).toMatchObject({ baseUrl, mode: 'apiKey', signInNeeded: true });
    expect(await auth.authHeader()).toMatchObject({ ok: false, reason: 'signInNeeded' });
  });

  it('a captive portal (HTML 200) is not Booster: not checked, and not marked', async () => {
    const { auth, saved } = rig(
      () =>
        new Response('<html>Hotel WiFi</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );
    const answer = await auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'k' });
    expect(answer).toMatchObject({ check: 'notChecked', environment: { signedIn: true } });
    expect(answer.detail).toMatch(/not Booster's/);
    expect(saved()?.signInNeeded).toBeUndefined();
  });

  it('a Booster without GET /auth answers the old probe: reachable, but the key is left to the first send', async () => {
    const { auth, net } = rig((request) =>
      request.method === 'GET'
        ? new Response(null, { status: 404 })
        : new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }),
    );
    const answer = await auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'k' });
    expect(answer).toMatchObject({ check: 'notChecked', environment: { signedIn: true } });
    // The fallback is the unauthenticated, empty POST: the key itself never went with it.
    const post = net.requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('authorization')).toBeNull();
  });

  it('two saves at once are taken in turn: the later key, accepted, is not marked by the earlier refusal', async () => {
    let answerFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
    const { auth, saved } = rig(async (request) => {
      if (request.headers.get('authorization') === 'Bearer old-wrong') {
        await firstHeld;
        return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
      }
      return sessionAnswer();
    });
    const first = auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'old-wrong' });
    const second = auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'new-right' });
    answerFirst();
    expect((await first).check).toBe('refused');
    expect((await second).check).toBe('accepted');
    expect(saved()?.signInNeeded).toBeUndefined();
    expect(await auth.authHeader()).toMatchObject({ ok: true, authorization: 'Bearer new-right' });
  });
});

describe('BoosterAuth.configure keeps what was declared about the same Booster', () => {
  it('a new key for the same address keeps the duplicate limit and Idempotency-Key; another address drops them', async () => {
    const { auth, saved } = rig(() => sessionAnswer());
    await auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'k-1' });
    // As IT (or the CLI) declares them in environment.json.
    const declared = { ...saved()!, ambiguousAttemptLimit: 4, idempotencyKey: true };
    const reloaded = new BoosterAuth({
      environments: {
        load: () => Promise.resolve(declared),
        save: (config) => Promise.resolve(void Object.assign(declared, config)),
      },
      secrets: createMemorySecretStore(),
      http: new BoosterHttp({
        fetch: () => Promise.resolve(sessionAnswer()),
        requestTimeoutMs: 1_000,
        probeTimeoutMs: 1_000,
        now: Date.now,
      }),
      logger: createSilentLogger(),
    });
    await reloaded.load();
    await reloaded.configure({ mode: 'apiKey', baseUrl, apiKey: 'k-2' });
    expect(reloaded.environment()).toMatchObject({ baseUrl, ambiguousAttemptLimit: 4, idempotencyKey: true });
    await reloaded.configure({ mode: 'apiKey', baseUrl: 'https://other.example/api', apiKey: 'k-3' });
    expect(reloaded.environment()).not.toHaveProperty('ambiguousAttemptLimit');
    expect(reloaded.environment()).not.toHaveProperty('idempotencyKey');
  });
});
