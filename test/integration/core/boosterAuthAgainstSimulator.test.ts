// The Booster client's sign-in, refresh and probe over real HTTP against the simulator (issue 10, items 15
// and 17): tokens from the body or from ss-tok / ss-reftok cookies, and the probe's GET /auth.
import { describe, expect, it } from 'vitest';
import { BoosterAuth } from '../../../electron/main/core/booster/boosterAuth';
import { BoosterHttp } from '../../../electron/main/core/booster/boosterHttp';
import type { EnvironmentConfig } from '../../../electron/main/core/booster/environmentStore';
import type { Logger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { simUsers, useBoosterSimulator } from '../../support/booster-sim';
import { newCaptureId } from '../../support/core/records';
import { validWireCustomer } from '../booster-sim/wire-fixtures';

const staff = simUsers[0]!;
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function boosterHttp(): BoosterHttp {
  return new BoosterHttp({
    fetch: globalThis.fetch,
    requestTimeoutMs: 5_000,
    probeTimeoutMs: 5_000,
    now: Date.now,
  });
}

function boosterAuth(http: BoosterHttp): BoosterAuth {
  let saved: EnvironmentConfig | undefined;
  return new BoosterAuth({
    environments: {
      load: () => Promise.resolve(saved),
      save: (config) => Promise.resolve(void (saved = config)),
    },
    secrets: createMemorySecretStore(),
    http,
    logger: quiet,
  });
}

describe.each(['body', 'cookies'] as const)('tokens delivered in the %s', (tokenDelivery) => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const sim = useBoosterSimulator(() => {
    now = Date.parse('2026-06-01T08:00:00Z');
    return { now: () => now, tokenLifetimeMs: 60_000, tokenDelivery };
  });

  it('BoosterHttp: sign-in, a customer sent with the token, the expired token refreshed', async () => {
    const http = boosterHttp();
    const signedIn = await http.signIn(sim().url, staff.userName, staff.password);
    expect(signedIn).toMatchObject({
      kind: 'ok',
      token: expect.any(String),
      refreshToken: expect.any(String),
    });
    if (signedIn.kind !== 'ok') return;

    const first = await http.postCustomer(
      sim().url,
      `Bearer ${signedIn.token}`,
      newCaptureId(),
      validWireCustomer(),
    );
    expect(first.outcome).toMatchObject({ kind: 'created' });

    now += 60_000;
    const expired = await http.postCustomer(
      sim().url,
      `Bearer ${signedIn.token}`,
      newCaptureId(),
      validWireCustomer(),
    );
    expect(expired.outcome).toMatchObject({ kind: 'unauthorized' });

    const refreshed = await http.refresh(sim().url, signedIn.refreshToken!);
    expect(refreshed).toMatchObject({ kind: 'ok', token: expect.any(String) });
    if (refreshed.kind !== 'ok') return;
    expect(refreshed.token).not.toBe(signedIn.token);
    const again = await http.postCustomer(
      sim().url,
      `Bearer ${refreshed.token}`,
      newCaptureId(),
      validWireCustomer(),
    );
    expect(again.outcome).toMatchObject({ kind: 'created' });
    expect(sim().customers()).toHaveLength(2);
  });

  it('BoosterAuth: signs in on configure, renews on a 401, and the header it gives is accepted', async () => {
    const http = boosterHttp();
    const auth = boosterAuth(http);
    await auth.configure({
      mode: 'credentials',
      baseUrl: sim().url,
      userName: staff.userName,
      password: staff.password,
    });
    const header = await auth.authHeader();
    expect(header).toMatchObject({ ok: true, authorization: expect.stringMatching(/^Bearer \S{16,}$/) });
    if (!header.ok) return;
    expect(await http.probe(sim().url, undefined, await auth.probeAuthorization())).toMatchObject({
      reachable: true,
      credentials: 'accepted',
    });

    now += 60_000;
    const expired = await http.postCustomer(
      sim().url,
      header.authorization,
      newCaptureId(),
      validWireCustomer(),
    );
    expect(expired.outcome).toMatchObject({ kind: 'unauthorized' });
    expect(await auth.onUnauthorized(header.generation)).toBe('retry');
    const renewed = await auth.authHeader();
    if (!renewed.ok) throw new Error('no header after the refresh');
    const sent = await http.postCustomer(
      sim().url,
      renewed.authorization,
      newCaptureId(),
      validWireCustomer(),
    );
    expect(sent.outcome).toMatchObject({ kind: 'created' });
    // Renewed by the refresh token, not by signing in again.
    expect(
      sim()
        .requests()
        .map((entry) => `${entry.path} ${entry.outcome}`),
    ).toContain('/access-token refreshed');
    expect(
      sim()
        .requests()
        .filter((entry) => entry.path === '/auth/credentials'),
    ).toHaveLength(1);
  });
});

describe('the probe: GET /auth with the credential', () => {
  let now = Date.parse('2026-06-01T08:00:00Z');
  const sim = useBoosterSimulator(() => {
    now = Date.parse('2026-06-01T08:00:00Z');
    return { now: () => now, apiKey: 'probe-key', tokenLifetimeMs: 60_000, clockOffsetMs: 3_600_000 };
  });

  it('a valid key: reachable, accepted, with the server time; nothing reaches /customer', async () => {
    const result = await boosterHttp().probe(sim().url, undefined, 'Bearer probe-key');
    expect(result).toMatchObject({ reachable: true, credentials: 'accepted' });
    if (!result.reachable) return;
    // The Date header is the simulator's clock shifted by clockOffsetMs (second resolution).
    expect(Math.abs(result.serverTime!.serverDateMs - (now + 3_600_000))).toBeLessThan(1_000);
    expect(
      sim()
        .requests()
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['GET /auth 200']);
  });

  it('a wrong key: Booster is there (reachable) and refuses the credential', async () => {
    expect(await boosterHttp().probe(sim().url, undefined, 'Bearer wrong-key')).toMatchObject({
      reachable: true,
      credentials: 'refused',
    });
  });

  it('an expired token: reachable, the credential expired', async () => {
    const http = boosterHttp();
    const signedIn = await http.signIn(sim().url, staff.userName, staff.password);
    if (signedIn.kind !== 'ok') throw new Error('sign-in failed');
    now += 60_000;
    expect(await http.probe(sim().url, undefined, `Bearer ${signedIn.token}`)).toMatchObject({
      reachable: true,
      credentials: 'expired',
    });
  });

  it("a captive portal's HTML 200 or a redirect at /auth is not Booster", async () => {
    sim().configure({ faults: { notBooster: { count: 1, routes: ['session'] } } });
    expect(await boosterHttp().probe(sim().url, undefined, 'Bearer probe-key')).toEqual({
      reachable: false,
      detail: "an answer that is not Booster's (HTTP 200)",
    });
    sim().configure({ faults: { redirect: { count: 1, routes: ['session'] } } });
    expect(await boosterHttp().probe(sim().url, undefined, 'Bearer probe-key')).toEqual({
      reachable: false,
      detail:
        "Booster's address answered with a redirect to portal.example: a captive portal or a proxy is in the way",
    });
  });

  it('a 429 with Retry-After at /auth: not reachable, and the wait is returned', async () => {
    sim().configure({ faults: { rateLimited: { count: 1, routes: ['session'], retryAfterSeconds: 30 } } });
    const result = await boosterHttp().probe(sim().url, undefined, 'Bearer probe-key');
    expect(result).toMatchObject({ reachable: false, detail: "an answer that is not Booster's (HTTP 429)" });
    if (result.reachable) return;
    expect(result.retryAfterMs).toBeGreaterThan(25_000);
  });

  it('without a credential it asks the old way (an unauthenticated POST /customer), still Booster', async () => {
    expect(await boosterHttp().probe(sim().url)).toMatchObject({ reachable: true });
    expect(
      sim()
        .requests()
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['POST /customer 401']);
  });
});
