// The engine with the duplicate limit and the probe's verdict on the credential, on a fake clock and fetch:
// the limit an environment declares, an interrupted send counted before the next one leaves, and a Booster
// that refuses the probe's credential never receiving a client.
import { afterEach, describe, expect, it } from 'vitest';
import type {
  EnvironmentConfig,
  EnvironmentStore,
} from '../../../electron/main/core/booster/environmentStore';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { boosterRoutes, isSessionProbe, jsonResponse, sessionAnswer } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';

const baseUrl = 'https://booster.example/api';
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.services.stop();
});

function memoryEnvironment(config: EnvironmentConfig): EnvironmentStore & { current(): EnvironmentConfig } {
  let saved: EnvironmentConfig | undefined = config;
  return {
    load: async () => saved,
    save: async (next) => void (saved = next),
    current: () => saved!,
  };
}

async function open(options: Parameters<typeof createHarness>[0]): Promise<Harness> {
  const harness = await createHarness(options);
  harnesses.push(harness);
  return harness;
}

const customerPosts = (harness: Harness) =>
  harness.net.requests.filter((request) => request.method === 'POST' && request.url.endsWith('/customer'));

/** Lets the engine work, moving the fake clock over backoff waits, until `condition` holds. */
async function runUntil(harness: Harness, condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let step = 0; step < 200; step += 1) {
    if (await condition()) return;
    await waitFor(async () => true);
    harness.clock.advance(1_000);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const lostAnswer = () => {
  // Reset after the request left: Booster may have created the client.
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
};

describe('the duplicate limit in the engine', () => {
  it('the limit the environment declares (3) holds the client after its third lost answer', async () => {
    const environment = memoryEnvironment({ baseUrl, mode: 'apiKey', ambiguousAttemptLimit: 3 });
    const harness = await open({
      environmentStore: environment,
      secrets: createMemorySecretStore({ apiKey: 'key' }),
    });
    harness.net.respond(boosterRoutes(lostAnswer));
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await runUntil(
      harness,
      async () => (await harness.services.handlers.sync.status(undefined)).counts.needsAttention === 1,
      'the client held',
    );
    expect(customerPosts(harness)).toHaveLength(3);
    expect(customerPosts(harness).map((post) => post.headers.get('idempotency-key'))).toEqual([
      captureId,
      captureId,
      captureId,
    ]);
    const [entry] = (await harness.services.handlers.outbox.list({ limit: 10 })).items;
    expect(entry).toMatchObject({ attentionReason: 'mayAlreadyExist', attempts: 3 });
  });

  it('a send interrupted by a crash counts: with the budget spent, the client is held before anything leaves', async () => {
    const store = new MemoryOutboxStore();
    const secrets = createMemorySecretStore({ apiKey: 'key' });
    const environment = memoryEnvironment({ baseUrl, mode: 'apiKey' });
    const first = await open({ store, secrets, environmentStore: environment });
    first.net.respond(boosterRoutes(lostAnswer));
    const captureId = newCaptureId();
    await first.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await waitFor(() => customerPosts(first).length === 1, 'the first send');
    await waitFor(() => store.getMeta(captureId)?.state === 'pending', 'the lost answer written');
    await first.services.stop();
    harnesses.splice(harnesses.indexOf(first), 1);
    // As if the next send was cut off by a crash: found `sending` at the next start.
    const meta = store.getMeta(captureId)!;
    const body = (await store.readBody(captureId))!;
    const cutOff = { startedAt: first.clock.now(), outcome: 'started' };
    await store.put({ ...meta, state: 'sending' }, { ...body, attempts: [...body.attempts, cutOff] });

    const second = await open({ store, secrets, environmentStore: environment });
    second.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 5 })));
    await waitFor(
      async () => (await second.services.handlers.sync.status(undefined)).counts.needsAttention === 1,
      'the client held',
    );
    expect(customerPosts(second)).toHaveLength(0);
    const [entry] = (await second.services.handlers.outbox.list({ limit: 10 })).items;
    expect(entry).toMatchObject({ state: 'needsAttention', attentionReason: 'mayAlreadyExist' });
    expect(entry?.history?.map((line) => line.outcome)).toEqual(['ambiguous', 'ambiguous']);
  });
});

describe("the probe's verdict on the credential", () => {
  const refused = () =>
    jsonResponse(
      401,
      { responseStatus: { errorCode: 'Unauthorized', message: 'Invalid API key' } },
      { 'WWW-Authenticate': 'credentials realm="/auth/credentials"' },
    );

  it('an API key Booster refuses at GET /auth: paused with signInNeeded, no client sent', async () => {
    // Configured earlier; Booster has revoked the key since.
    const harness = await open({
      environmentStore: memoryEnvironment({ baseUrl, mode: 'apiKey' }),
      secrets: createMemorySecretStore({ apiKey: 'revoked' }),
    });
    harness.net.respond(async (request) => {
      if (isSessionProbe(request)) return refused();
      return jsonResponse(200, { boosterCustomerId: 1 });
    });
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(
      async () => (await harness.services.handlers.sync.status(undefined)).pausedReason === 'signInNeeded',
      'sync paused for sign-in',
    );
    const status = await harness.services.handlers.sync.status(undefined);
    expect(status).toMatchObject({ activity: 'paused', lastError: { code: 'signInNeeded' } });
    expect(status.counts.pending).toBe(1);
    expect(customerPosts(harness)).toHaveLength(0);
    expect(await harness.services.handlers.auth.environment(undefined)).toMatchObject({ signedIn: false });
  });

  it('a session token Booster refuses at GET /auth is renewed first; the client goes with the new one', async () => {
    const harness = await open({});
    let signIns = 0;
    harness.net.respond(async (request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith('/auth/credentials')) {
        signIns += 1;
        return jsonResponse(200, { bearerToken: `token-${signIns}`, sessionId: 's' });
      }
      const authorization = request.headers.get('authorization');
      if (authorization !== 'Bearer token-2') return refused();
      return isSessionProbe(request) ? sessionAnswer() : jsonResponse(200, { boosterCustomerId: 12 });
    });
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await harness.services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl,
      userName: 'staff@maison.example',
      password: 'pw',
    });
    await waitFor(
      async () => (await harness.services.handlers.sync.status(undefined)).counts.sent === 1,
      'the client sent',
    );
    expect(customerPosts(harness).map((post) => post.headers.get('authorization'))).toEqual([
      'Bearer token-2',
    ]);
  });
});
