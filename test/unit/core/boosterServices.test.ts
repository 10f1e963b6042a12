import { afterEach, describe, expect, it } from 'vitest';
import type { SyncChanged } from '../../../shared/ipc';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { readdir } from 'node:fs/promises';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { openLocalOutbox, openReadOnlyOutbox } from '../../../electron/main/core/boosterServices';
import { FakeClock } from '../../support/core/fakeClock';
import { makeTempDir } from '../../support/core/tempDir';
import { testKeySource } from '../../support/core/testKeys';
import type { EnvironmentConfig } from '../../../electron/main/core/booster/environmentStore';

const baseUrl = 'https://booster.example/api';
const started: Harness[] = [];

async function startHarness(...args: Parameters<typeof createHarness>): Promise<Harness> {
  const harness = await createHarness(...args);
  started.push(harness);
  return harness;
}

afterEach(async () => {
  for (const harness of started.splice(0)) await harness.services.stop();
});

async function configureApiKey(harness: Harness) {
  await harness.services.handlers.auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'secret-key' });
}

const status = (harness: Harness) => harness.services.handlers.sync.status(undefined);

/** Booster's connection fails once with this socket error code, then Booster creates the client. */
function failOnceWithNetworkError(harness: Harness, code: string) {
  let failed = false;
  harness.net.respond(
    boosterRoutes(() => {
      if (!failed) {
        failed = true;
        throw Object.assign(new TypeError('fetch failed'), { cause: { code } });
      }
      return jsonResponse(200, { boosterCustomerId: 3 });
    }),
  );
}

describe('outbox handlers', () => {
  it('re-validates records (the renderer is untrusted) and answers field issues', async () => {
    const { services } = await startHarness();
    await expect(
      services.handlers.outbox.enqueue({
        captureId: newCaptureId(),
        record: { ...sampleRecord(), lastName: '' },
      }),
    ).rejects.toMatchObject({
      code: 'invalidRecord',
      fields: [expect.objectContaining({ path: 'lastName' })],
    });
    expect((await status(started[0]!)).counts.pending).toBe(0);
  });

  it('keeps the capture UUID, and enqueuing it twice is a no-op answering the existing entry', async () => {
    const harness = await startHarness();
    const captureId = newCaptureId();
    const first = await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(1) });
    const second = await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(2) });
    expect(first).toMatchObject({
      captureId,
      state: 'pending',
      displayName: 'Bianchi1, Giulia',
      possibleDuplicate: false,
    });
    expect(second).toEqual(first);
    // Even a version that would not validate: the queued entry is what counts, nothing is written.
    const third = await harness.services.handlers.outbox.enqueue({
      captureId,
      record: sampleRecord(3, { lastName: '' }),
    });
    expect(third).toEqual(first);
    expect((await status(harness)).counts).toMatchObject({ pending: 1 });
  });

  it('acknowledges only durable writes: a failed write queues nothing', async () => {
    const store = new MemoryOutboxStore();
    const harness = await startHarness({ store });
    store.failNextWrites = 1;
    await expect(
      harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() }),
    ).rejects.toMatchObject({ code: 'storageFailed' });
    expect((await status(harness)).counts.pending).toBe(0);
  });

  it('pauses with notConfigured until an environment is configured', async () => {
    const harness = await startHarness();
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).pausedReason === 'notConfigured');
    expect(harness.net.requests).toHaveLength(0);
  });

  it('finds matching contacts by normalized email and phone, in every state', async () => {
    const harness = await startHarness();
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(7) });
    const byEmail = await harness.services.handlers.outbox.findMatches({
      emails: [' Giulia.Bianchi7@EXAMPLE.com'],
      phones: [],
    });
    expect(byEmail.matches).toEqual([
      { captureId, state: 'pending', displayName: 'Bianchi7, Giulia', matchedOn: 'email' },
    ]);
    const byPhone = await harness.services.handlers.outbox.findMatches({
      emails: [],
      phones: [{ countryPrefix: 'it', phone: '+39 347 1234567' }],
    });
    expect(byPhone.matches[0]).toMatchObject({ captureId, matchedOn: 'phone' });
    const excluded = await harness.services.handlers.outbox.findMatches({
      emails: ['giulia.bianchi7@example.com'],
      phones: [],
      excludeCaptureId: captureId,
    });
    expect(excluded.matches).toEqual([]);
  });

  it('lists with states and a cursor', async () => {
    const harness = await startHarness();
    for (let i = 0; i < 5; i += 1) {
      await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(i) });
      harness.clock.advance(1);
    }
    const first = await harness.services.handlers.outbox.list({ limit: 2 });
    expect(first.items.map((item) => item.displayName)).toEqual(['Bianchi0, Giulia', 'Bianchi1, Giulia']);
    const second = await harness.services.handlers.outbox.list({ limit: 10, cursor: first.nextCursor });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeUndefined();
    expect((await harness.services.handlers.outbox.list({ limit: 10, states: ['sent'] })).items).toEqual([]);
  });
});

describe('sending', () => {
  it('sends with the capture UUID as Idempotency-Key, then keeps only what staff need', async () => {
    const harness = await startHarness();
    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 812 })));
    await configureApiKey(harness);
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(1) });
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent');
    // The probe (GET /auth) carries the key too; the customer request is the POST.
    const probe = harness.net.requests.find((request) => request.method === 'GET');
    expect(probe?.url).toBe(`${baseUrl}/auth`);
    const customerRequest = harness.net.requests.find((request) => request.method === 'POST');
    expect(customerRequest?.url).toBe(`${baseUrl}/customer`);
    expect(customerRequest?.headers.get('authorization')).toBe('Bearer secret-key');
    expect(customerRequest?.headers.get('content-type')).toContain('application/json');
    expect(customerRequest?.headers.get('idempotency-key')).toBe(captureId);
    const body = JSON.parse(customerRequest?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ lastName: 'Bianchi1', birthDate: '1985-03-14', contactBySMSFlag: false });
    expect(typeof body.registrationDate).toBe('string');
    const [entry] = (await harness.services.handlers.outbox.list({ limit: 10 })).items;
    expect(entry).toMatchObject({
      captureId,
      state: 'sent',
      boosterCustomerId: 812,
      attempts: 1,
      possibleDuplicate: false,
    });
    await expect(harness.services.handlers.outbox.reopen({ captureId })).rejects.toMatchObject({
      code: 'notEditable',
    });
    // Retention: the contact hashes still find it.
    expect(
      (
        await harness.services.handlers.outbox.findMatches({
          emails: ['giulia.bianchi1@example.com'],
          phones: [],
        })
      ).matches[0]?.state,
    ).toBe('sent');
    expect((await status(harness)).lastSuccessfulSyncAt).toBeDefined();
  });

  it('400: needsAttention with field errors; reopen hands back the draft; the corrected version replaces it', async () => {
    const harness = await startHarness();
    let answer = () =>
      jsonResponse(400, {
        responseStatus: {
          errorCode: 'NotEmpty',
          message: "'Emails[0].Email' is not valid.",
          errors: [
            {
              errorCode: 'Email',
              fieldName: 'Emails[0].Email',
              message: "'Email' is not a valid email address.",
            },
          ],
        },
      });
    harness.net.respond(boosterRoutes(() => answer()));
    await configureApiKey(harness);
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(2) });
    await waitFor(async () => (await status(harness)).counts.needsAttention === 1, 'needsAttention');

    const reopened = await harness.services.handlers.outbox.reopen({ captureId });
    expect(reopened.fieldErrors).toEqual([
      { path: 'emails.0.email', code: 'Email', message: "'Email' is not a valid email address." },
    ]);
    expect(reopened.entry).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'rejected',
      attempts: 1,
    });
    expect(reopened.record).toMatchObject({ lastName: 'Bianchi2' });
    // It stays in the outbox until the corrected version is enqueued.
    expect((await status(harness)).counts.needsAttention).toBe(1);

    answer = () => jsonResponse(200, { boosterCustomerId: 9 });
    const corrected = { ...reopened.record, emails: [{ email: 'giulia@example.org', isMainEmail: true }] };
    const requeued = await harness.services.handlers.outbox.enqueue({ captureId, record: corrected });
    expect(requeued).toMatchObject({ state: 'pending', attempts: 1 });
    expect(requeued.fieldErrors).toBeUndefined();
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent');
    expect((await harness.services.handlers.outbox.list({ limit: 1 })).items[0]).toMatchObject({
      attempts: 2,
      boosterCustomerId: 9,
    });
  });

  it('403: needsAttention (forbidden); discard removes it on request only', async () => {
    const harness = await startHarness();
    harness.net.respond(
      boosterRoutes(
        () => new Response('Forbidden', { status: 403, headers: { 'Content-Type': 'text/plain' } }),
      ),
    );
    await configureApiKey(harness);
    const captureId = newCaptureId();
    const other = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await waitFor(async () => (await status(harness)).counts.needsAttention === 1);
    const [entry] = (await harness.services.handlers.outbox.list({ limit: 5, states: ['needsAttention'] }))
      .items;
    expect(entry).toMatchObject({ attentionReason: 'forbidden', lastError: { code: 'forbidden' } });
    expect(entry?.lastError?.message).toMatch(/administrator/);
    await expect(harness.services.handlers.outbox.discard({ captureId: other })).rejects.toMatchObject({
      code: 'notFound',
    });
    expect(await harness.services.handlers.outbox.discard({ captureId })).toEqual({ discarded: true });
    expect((await status(harness)).counts.needsAttention).toBe(0);
  });

  it('a pending record cannot be discarded or reopened', async () => {
    const harness = await startHarness();
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await expect(harness.services.handlers.outbox.discard({ captureId })).rejects.toMatchObject({
      code: 'notEditable',
    });
    await expect(harness.services.handlers.outbox.reopen({ captureId })).rejects.toMatchObject({
      code: 'notEditable',
    });
  });

  it('404 (wrong address): needsAttention (failed) with an actionable message', async () => {
    const harness = await startHarness();
    harness.net.respond(boosterRoutes(() => new Response('Not found', { status: 404 })));
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).counts.needsAttention === 1);
    const [entry] = (await harness.services.handlers.outbox.list({ limit: 1 })).items;
    expect(entry).toMatchObject({ attentionReason: 'failed' });
    expect(entry?.lastError?.message).toMatch(/address/);
  });

  it('500: retried with backoff, flagged possibleDuplicate (the server may have created it), then sent', async () => {
    const harness = await startHarness();
    let failures = 1;
    harness.net.respond(
      boosterRoutes(() =>
        failures-- > 0
          ? jsonResponse(500, { responseStatus: { errorCode: 'SqlException', message: 'deadlock' } })
          : jsonResponse(200, { boosterCustomerId: 5 }),
      ),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(
      async () =>
        (await harness.services.handlers.outbox.list({ limit: 1 })).items[0]?.lastError?.code === 'http500',
      'first failure',
    );
    const waiting = await status(harness);
    expect(waiting).toMatchObject({ activity: 'waiting', counts: { pending: 1, possibleDuplicate: 1 } });
    expect(waiting.nextRetryAt).toBeDefined();
    harness.clock.advance(2_000);
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent after backoff');
    expect((await harness.services.handlers.outbox.list({ limit: 1 })).items[0]).toMatchObject({
      possibleDuplicate: true,
      attempts: 2,
    });
  });

  it('503 with Retry-After holds the whole queue for that long; not a duplicate risk', async () => {
    const harness = await startHarness({ settings: { concurrency: 1 } });
    let throttled = true;
    let nextId = 1;
    harness.net.respond(
      boosterRoutes(() => {
        if (throttled) {
          throttled = false;
          return new Response('Slow down', { status: 503, headers: { 'Retry-After': '30' } });
        }
        return jsonResponse(200, { boosterCustomerId: nextId++ });
      }),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(1) });
    await waitFor(async () => (await status(harness)).lastError?.code === 'http503');
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(2) });
    harness.clock.advance(29_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await status(harness)).counts.sent).toBe(0);
    harness.clock.advance(1_000);
    await waitFor(async () => (await status(harness)).counts.sent === 2, 'both sent after Retry-After');
    expect((await status(harness)).counts.possibleDuplicate).toBe(0);
  });

  it('a network failure after sending is ambiguous: retried and flagged; Booster is probed first', async () => {
    const harness = await startHarness();
    failOnceWithNetworkError(harness, 'ECONNRESET');
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).counts.possibleDuplicate === 1);
    harness.clock.advance(2_000);
    await waitFor(async () => (await status(harness)).counts.sent === 1);
    const probes = harness.net.requests.filter((request) => request.method === 'GET');
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.every((request) => request.url === `${baseUrl}/auth`)).toBe(true);
  });

  it('connection refused is not ambiguous (nothing left the machine)', async () => {
    const harness = await startHarness();
    failOnceWithNetworkError(harness, 'ECONNREFUSED');
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).lastError?.code === 'network');
    harness.clock.advance(2_000);
    await waitFor(async () => (await status(harness)).counts.sent === 1);
    expect((await status(harness)).counts.possibleDuplicate).toBe(0);
  });

  it('API key refused (401): the queue pauses for sign-in; the record stays pending, unchanged', async () => {
    const harness = await startHarness();
    harness.net.respond(
      boosterRoutes(() => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).pausedReason === 'signInNeeded');
    const current = await status(harness);
    expect(current).toMatchObject({
      activity: 'paused',
      counts: { pending: 1, needsAttention: 0, possibleDuplicate: 0 },
    });
    expect(await harness.services.handlers.auth.environment(undefined)).toMatchObject({
      signedIn: false,
      authMode: 'apiKey',
    });

    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 77 })));
    await harness.services.handlers.auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'new-key' });
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent after signing in again');
    expect((await harness.services.handlers.outbox.list({ limit: 1 })).items[0]?.attempts).toBe(1);
  });

  it('credentials: an expired token is refreshed once and the send retried', async () => {
    const harness = await startHarness();
    let token = 'token-1';
    const paths: string[] = [];
    harness.net.respond(async (request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (path.endsWith('/auth/credentials'))
        return jsonResponse(200, { bearerToken: token, refreshToken: 'refresh-1', userName: 'staff' });
      if (path.endsWith('/access-token')) {
        token = 'token-2';
        return jsonResponse(200, { accessToken: token });
      }
      const authorization = request.headers.get('authorization');
      if (!authorization)
        return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'credentials' } });
      if (path.endsWith('/auth')) return jsonResponse(200, { userName: 'staff' });
      if (authorization !== `Bearer ${token}` || paths.filter((p) => p.endsWith('/customer')).length === 1) {
        return jsonResponse(401, {
          responseStatus: { errorCode: 'TokenException', message: 'Token has expired' },
        });
      }
      return jsonResponse(200, { boosterCustomerId: 11 });
    });
    const answer = await harness.services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl,
      userName: 'staff',
      password: 'pw',
    });
    expect(answer).toEqual({
      environment: {
        baseUrl,
        authMode: 'credentials',
        userName: 'staff',
        signedIn: true,
        // No policy: the environment is named by its address (shared/policy/environmentId.ts).
        environmentId: `url:${baseUrl}`,
      },
      check: 'accepted',
    });
    expect(await harness.secrets.get('refreshToken')).toBe('refresh-1');
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent after refresh');
    expect(paths.filter((p) => p.endsWith('/access-token'))).toHaveLength(1);
  });

  it('credentials refused at configure: "refused"; unreachable: "notChecked" with settings kept', async () => {
    const harness = await startHarness();
    harness.net.respond(() =>
      jsonResponse(401, {
        responseStatus: { errorCode: 'Unauthorized', message: 'Invalid Username or Password' },
      }),
    );
    await expect(
      harness.services.handlers.auth.configure({
        mode: 'credentials',
        baseUrl,
        userName: 'staff',
        password: 'bad',
      }),
    ).resolves.toMatchObject({ check: 'refused', environment: { signedIn: false } });
    harness.net.respond(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    });
    await expect(
      harness.services.handlers.auth.configure({
        mode: 'credentials',
        baseUrl,
        userName: 'staff',
        password: 'pw',
      }),
    ).resolves.toMatchObject({ check: 'notChecked' });
    expect(await harness.services.handlers.auth.environment(undefined)).toMatchObject({
      baseUrl,
      authMode: 'credentials',
      userName: 'staff',
    });
  });

  it('a sign-in endpoint that fails while Booster answers probes is waited for, never hammered', async () => {
    const harness = await startHarness();
    let signIns = 0;
    harness.net.respond(
      boosterRoutes(() => {
        signIns += 1;
        return jsonResponse(502, {});
      }),
    );
    await expect(
      harness.services.handlers.auth.configure({
        mode: 'credentials',
        baseUrl,
        userName: 'staff',
        password: 'pw',
      }),
    ).resolves.toMatchObject({ check: 'notChecked' });
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(
      async () => (await status(harness)).connectivity === 'offline',
      'offline after the failed sign-in',
    );
    const before = signIns;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(signIns).toBe(before);
    expect(await status(harness)).toMatchObject({
      counts: { pending: 1 },
      lastError: { code: 'boosterUnreachable' },
    });
  });

  it('a captive portal (HTML 200) is not Booster: offline, nothing sent', async () => {
    const harness = await startHarness();
    harness.net.respond(
      () =>
        new Response('<html><body>Welcome to Hotel WiFi</body></html>', {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).connectivity === 'offline');
    // Only probes went out (GET /auth, to the configured host, never followed): no client record.
    expect(harness.net.requests.every((request) => request.method === 'GET')).toBe(true);
    expect((await status(harness)).counts.pending).toBe(1);

    // The OS says "online": probe at once, no need to wait for the backoff.
    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 })));
    harness.hint('online');
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent after the online hint');
    expect((await status(harness)).connectivity).toBe('online');
  });

  it('a 200 that is not JSON after the probe passed (a portal or proxy) is retried and flagged, never a final failure', async () => {
    const harness = await startHarness();
    let portal = true;
    harness.net.respond(
      boosterRoutes(() =>
        portal
          ? ((portal = false),
            new Response('<html>Sign in to the hotel WiFi</html>', {
              status: 200,
              headers: { 'Content-Type': 'text/html' },
            }))
          : jsonResponse(200, { boosterCustomerId: 5 }),
      ),
    );
    await configureApiKey(harness);
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await waitFor(async () => (await status(harness)).counts.possibleDuplicate === 1, 'flagged');
    expect((await status(harness)).counts).toMatchObject({ pending: 1, needsAttention: 0 });
    // An answer that is not Booster's pauses every send (the circuit) before the retry.
    expect((await status(harness)).lastError?.code).toBe('boosterFailing');
    harness.clock.advance(30_000);
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent on retry');
    expect((await harness.services.handlers.outbox.list({ limit: 1 })).items[0]).toMatchObject({
      captureId,
      boosterCustomerId: 5,
      possibleDuplicate: true,
    });
  });

  it('an error of ours after the record was marked sending puts it back to pending, flagged, not stuck', async () => {
    let failSaves = false;
    let saved: EnvironmentConfig | undefined;
    const harness = await startHarness({
      environmentStore: {
        load: async () => saved,
        save: async (config) => {
          if (failSaves) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
          saved = config;
        },
      },
    });
    harness.net.respond(boosterRoutes(() => new Response(null, { status: 401 })));
    await configureApiKey(harness);
    // The 401 makes the engine save "sign-in needed"; that save fails.
    failSaves = true;
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(
      async () => (await status(harness)).counts.possibleDuplicate === 1,
      'the record back in pending, flagged',
    );
    expect((await status(harness)).counts).toMatchObject({ pending: 1, sending: 0 });
  });

  it('a failure of ours before sending (secret store unreadable) is retried later, not in a tight loop', async () => {
    const secrets = createMemorySecretStore();
    let reads = 0;
    let failReads = false;
    const harness = await startHarness({
      secrets: {
        ...secrets,
        get: async (name) => {
          if (!failReads) return secrets.get(name);
          reads += 1;
          throw new Error('keychain locked');
        },
      },
    });
    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 9 })));
    await configureApiKey(harness);
    failReads = true;
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(() => reads >= 1, 'a first try');
    for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    // One read for the probe's credential, one for the send: then nothing until the backoff has passed.
    expect(reads).toBe(2);
    failReads = false;
    harness.clock.advance(2_000);
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent once the store answers');
  });

  it('sync.now probes at once and skips the backoff wait', async () => {
    const harness = await startHarness();
    let fail = true;
    harness.net.respond(
      boosterRoutes(() =>
        fail ? ((fail = false), jsonResponse(502, {})) : jsonResponse(200, { boosterCustomerId: 1 }),
      ),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord() });
    await waitFor(async () => (await status(harness)).lastError?.code === 'http502');
    await harness.services.handlers.sync.now(undefined);
    await waitFor(async () => (await status(harness)).counts.sent === 1, 'sent by sync.now');
  });

  it('emits coalesced SyncChanged events with status and changed entries', async () => {
    const harness = await startHarness();
    const events: SyncChanged[] = [];
    harness.services.onSyncChanged((event) => events.push(event));
    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 })));
    await configureApiKey(harness);
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await waitFor(() =>
      events.some((event) =>
        event.changed.some((entry) => entry.captureId === captureId && entry.state === 'sent'),
      ),
    );
    expect(events.at(-1)?.status.counts.sent).toBe(1);
    expect(events.length).toBeLessThan(10);
  });

  it("corrects registrationDate by Booster's clock for a capture of this run", async () => {
    const harness = await startHarness();
    const trueTime = Date.UTC(2026, 10, 28, 12, 0, 0);
    harness.clock.setWallClock(trueTime - 3 * 3_600_000); // the laptop is 3 h behind
    let sentDate: string | undefined;
    harness.net.respond(
      boosterRoutes(
        async (request) => {
          sentDate = ((await request.json()) as { registrationDate: string }).registrationDate;
          return jsonResponse(200, { boosterCustomerId: 1 });
        },
        { date: () => new Date(harness.clock.now() + 3 * 3_600_000) },
      ),
    );
    const captureId = newCaptureId();
    await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    harness.clock.advance(60_000); // one minute later, Booster gets configured
    await configureApiKey(harness);
    await waitFor(async () => (await status(harness)).counts.sent === 1);
    const sentMs = Date.parse(sentDate!);
    expect(Math.abs(sentMs - trueTime)).toBeLessThan(2_000);
  });

  it('never touches dates staff typed', async () => {
    const harness = await startHarness();
    harness.clock.setWallClock(Date.UTC(2026, 10, 28, 23, 30));
    let body: Record<string, unknown> | undefined;
    harness.net.respond(
      boosterRoutes(
        async (request) => {
          body = (await request.json()) as Record<string, unknown>;
          return jsonResponse(200, { boosterCustomerId: 1 });
        },
        { date: () => new Date(harness.clock.now() + 5 * 3_600_000) },
      ),
    );
    await configureApiKey(harness);
    await harness.services.handlers.outbox.enqueue({
      captureId: newCaptureId(),
      record: sampleRecord(0, { weddingDate: '2010-06-30' }),
    });
    await waitFor(async () => (await status(harness)).counts.sent === 1);
    expect(body).toMatchObject({ birthDate: '1985-03-14', weddingDate: '2010-06-30' });
  });
});

describe('start-up', () => {
  it('a record found in sending goes back to pending, flagged possibleDuplicate', async () => {
    const store = new MemoryOutboxStore();
    const first = await createHarness({ store });
    const captureId = newCaptureId();
    await first.services.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    await first.services.stop();
    const meta = store.getMeta(captureId)!;
    const body = (await store.readBody(captureId))!;
    // Same version: the body is encrypted with its version as associated data, so it cannot be moved to another.
    await store.put(
      { ...meta, state: 'sending' },
      { ...body, attempts: [{ startedAt: 1, outcome: 'started' }] },
    );

    const second = await startHarness({ store });
    const entry = (await second.services.handlers.outbox.list({ limit: 1 })).items[0];
    expect(entry).toMatchObject({ captureId, state: 'pending', possibleDuplicate: true });
    expect((await status(second)).counts).toMatchObject({ pending: 1, sending: 0, possibleDuplicate: 1 });
  });

  it('deletes sent entries past the retention period, never unsent ones', async () => {
    const store = new MemoryOutboxStore();
    const first = await startHarness({ store });
    first.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 })));
    await configureApiKey(first);
    await first.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(1) });
    await waitFor(async () => (await status(first)).counts.sent === 1);
    await first.services.handlers.auth.signOut(undefined);
    await first.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(2) });
    await first.services.stop();
    started.splice(0);

    const clock = first.clock;
    clock.setWallClock(clock.now() + 31 * 24 * 3_600_000);
    const second = await startHarness({ store, clock, dataDir: first.dataDir });
    expect((await status(second)).counts).toMatchObject({ sent: 0, pending: 1 });
  });

  it('refuses a second instance on the same data folder', async () => {
    const first = await startHarness();
    await expect(createHarness({ dataDir: first.dataDir })).rejects.toMatchObject({ code: 'locked' });
  });

  it('a failed open releases the data folder: the next open takes it', async () => {
    const dataDir = await makeTempDir();
    await expect(
      createHarness({
        dataDir,
        environmentStore: {
          load: () => Promise.reject(new Error('EIO: i/o error')),
          save: () => Promise.resolve(),
        },
      }),
    ).rejects.toThrow(/EIO/);
    await startHarness({ dataDir });
  });

  it('stop() may be called twice (a quit during a quit)', async () => {
    const harness = await createHarness();
    await Promise.all([harness.services.stop(), harness.services.stop()]);
    await harness.services.stop();
  });
});

describe('an outbox opened without sending', () => {
  const open = async (dataDir: string) =>
    openLocalOutbox({
      dataDir,
      clock: new FakeClock(),
      logger: createSilentLogger(),
      keySource: testKeySource(dataDir),
    });

  it('writes under the lock and sends nothing; a read-only open reads it while the lock is held', async () => {
    const dataDir = await makeTempDir();
    const local = await open(dataDir);
    const captureId = newCaptureId();
    await local.handlers.outbox.enqueue({ captureId, record: sampleRecord() });
    expect(await local.handlers.sync.status(undefined)).toEqual({
      counts: { pending: 1, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 },
      connectivity: 'unknown',
      activity: 'waiting',
    });
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'locked' });

    const reader = await openReadOnlyOutbox({
      dataDir,
      clock: new FakeClock(),
      logger: createSilentLogger(),
      keySource: testKeySource(dataDir),
    });
    try {
      expect((await reader.handlers.outbox.list({ limit: 5 })).items).toEqual([
        expect.objectContaining({ captureId, state: 'pending' }),
      ]);
      expect('enqueue' in reader.handlers.outbox).toBe(false);
    } finally {
      await reader.stop();
      await local.stop();
    }
  });

  it('a read-only open of a folder with no journal yet creates nothing', async () => {
    const dataDir = await makeTempDir();
    const reader = await openReadOnlyOutbox({
      dataDir,
      clock: new FakeClock(),
      logger: createSilentLogger(),
      keySource: testKeySource(dataDir),
    });
    expect((await reader.handlers.sync.status(undefined)).counts.pending).toBe(0);
    await reader.stop();
    expect(await readdir(dataDir)).toEqual([]);
  });
});
