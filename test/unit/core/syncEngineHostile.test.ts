// The engine against a failing Booster and a failing disk, on a fake clock: no floods, no spinning, clear
// states, and nothing lost. Also: Booster ids that cannot be right, status() as a pure read, a bounded stop().
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/ipc';
import type { EnvironmentConfig } from '../../../electron/main/core/booster/environmentStore';
import type { EntryMeta, StoredBody } from '../../../electron/main/core/outbox/types';
import type { Logger } from '../../../electron/main/core/platform/logger';
import { LockLostError } from '../../../electron/main/core/platform/dataDirLock';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { openBoosterServices, type BoosterServices } from '../../../electron/main/core/boosterServices';
import { FakeClock } from '../../support/core/fakeClock';
import {
  boosterRoutes,
  createFakeFetch,
  jsonResponse,
  type FakeFetch,
  type FetchHandler,
} from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { waitFor } from '../../support/core/servicesHarness';
import { makeTempDir } from '../../support/core/tempDir';

const baseUrl = 'https://booster.example/api';
const MINUTE = 60_000;

/** The in-memory store with a disk that can fill up: every write attempt is counted. */
class FillableDiskStore extends MemoryOutboxStore {
  full = false;
  /** As the file store behaves once another process took the data folder's lock: every write refused. */
  lockLost = false;
  writeAttempts = 0;

  override async put(meta: EntryMeta, body: StoredBody): Promise<void> {
    this.writeAttempts += 1;
    if (this.lockLost) throw new LockLostError();
    if (this.full)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return super.put(meta, body);
  }
}

interface Rig {
  services: BoosterServices;
  clock: FakeClock;
  net: FakeFetch;
  store: FillableDiskStore;
  logLines: { level: string; message: string }[];
  requestTimes: number[];
  status(): Promise<SyncStatus>;
}

const running: { services: BoosterServices; dataDir: string }[] = [];
afterEach(async () => {
  for (const { services, dataDir } of running.splice(0)) {
    await services.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function startRig(options: { random?: () => number; stopTimeoutMs?: number } = {}): Promise<Rig> {
  const clock = new FakeClock();
  const net = createFakeFetch();
  const store = new FillableDiskStore();
  const logLines: Rig['logLines'] = [];
  const log =
    (level: string) =>
    (message: string): void =>
      void logLines.push({ level, message });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  let environment: EnvironmentConfig | undefined;
  const dataDir = await makeTempDir();
  const requestTimes: number[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    requestTimes.push(clock.now());
    return net.fetch(input, init);
  }) as typeof globalThis.fetch;
  const services = await openBoosterServices({
    dataDir,
    fetch,
    secretStore: createMemorySecretStore(),
    clock,
    logger,
    store,
    environmentStore: {
      load: async () => environment,
      save: async (config) => void (environment = config),
    },
    random: options.random ?? (() => 0.5),
    settings: {
      requestTimeoutMs: 2_000,
      probeTimeoutMs: 1_000,
      ...(options.stopTimeoutMs !== undefined ? { stopTimeoutMs: options.stopTimeoutMs } : {}),
    },
  });
  running.push({ services, dataDir });
  return {
    services,
    clock,
    net,
    store,
    logLines,
    requestTimes,
    status: () => services.handlers.sync.status(undefined),
  };
}

async function configure(rig: Rig): Promise<void> {
  await rig.services.handlers.auth.configure({ mode: 'apiKey', baseUrl, apiKey: 'secret-key' });
}

async function enqueueMany(rig: Rig, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const captureId = newCaptureId();
    await rig.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(index) });
    ids.push(captureId);
  }
  return ids;
}

/** Lets every promise and I/O callback run (the fake clock stands still meanwhile). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 15; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Simulated time passes in steps, with the engine's work settled after each. */
async function runFor(rig: Rig, ms: number, stepMs = 1_000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    rig.clock.advance(stepMs);
    await settle();
  }
}

/** Requests in every minute since `start` (fixed minutes), and the most in any sliding minute. */
function requestRates(times: number[], start: number, minutes: number) {
  const perMinute = Array.from(
    { length: minutes },
    (_, minute) =>
      times.filter((at) => at >= start + minute * MINUTE && at < start + (minute + 1) * MINUTE).length,
  );
  const busiestSlidingMinute = Math.max(
    0,
    ...times.map((at) => times.filter((other) => other >= at && other < at + MINUTE).length),
  );
  return { perMinute, busiestSlidingMinute };
}

const html = () =>
  new Response('<html><body>Welcome to Hotel WiFi</body></html>', {
    status: 200,
    headers: { 'Content-Type': 'text/html' },
  });

describe('a failing Booster is not flooded (the circuit)', () => {
  const scenarios: [string, (rig: Rig) => FetchHandler][] = [
    [
      'HTTP 500 to every send',
      () =>
        boosterRoutes(() =>
          jsonResponse(500, { responseStatus: { errorCode: 'SqlException', message: 'down' } }),
        ),
    ],
    ['an HTML 200 to every send (the probe passes)', () => boosterRoutes(html)],
    ['an HTML 200 to everything, probes included', () => html],
  ];

  it.each(scenarios)(
    '%s: 300 queued clients, 30 minutes, fewer than 10 requests in every minute',
    async (_name, answer) => {
      const rig = await startRig();
      rig.net.respond(answer(rig));
      await enqueueMany(rig, 300);
      const start = rig.clock.now();
      await configure(rig);
      await runFor(rig, 30 * MINUTE);

      const { perMinute, busiestSlidingMinute } = requestRates(rig.requestTimes, start, 30);
      expect(Math.max(...perMinute), `requests per minute: ${perMinute.join(', ')}`).toBeLessThan(10);
      expect(busiestSlidingMinute).toBeLessThan(10);
      expect(rig.requestTimes.length).toBeGreaterThan(10); // it kept trying, slowly

      const status = await rig.status();
      expect(status.counts.pending + status.counts.sending).toBe(300);
      expect(status.counts.sent).toBe(0);
      // Only clients that were really sent can be duplicates: not the whole backlog.
      expect(status.counts.possibleDuplicate).toBeLessThan(rig.requestTimes.length);
      // The log says when things change, not per request.
      expect(rig.logLines.length).toBeLessThan(rig.requestTimes.length + 10);
    },
    60_000,
  );

  it.each([0, 0.999])(
    'whatever the jitter draws (%s), an HTML 200 to every send stays under 10 requests a minute',
    async (draw) => {
      const rig = await startRig({ random: () => draw });
      rig.net.respond(boosterRoutes(html));
      await enqueueMany(rig, 300);
      const start = rig.clock.now();
      await configure(rig);
      await runFor(rig, 20 * MINUTE);
      const { perMinute, busiestSlidingMinute } = requestRates(rig.requestTimes, start, 20);
      expect(busiestSlidingMinute, `requests per minute: ${perMinute.join(', ')}`).toBeLessThan(10);
    },
    60_000,
  );

  it('the status says Booster is failing, that sending is paused and when it is tried again', async () => {
    const rig = await startRig();
    rig.net.respond(
      boosterRoutes(() => jsonResponse(500, { responseStatus: { errorCode: 'X', message: 'y' } })),
    );
    await enqueueMany(rig, 20);
    await configure(rig);
    await waitFor(async () => (await rig.status()).lastError?.code === 'boosterFailing', 'circuit open');
    const status = await rig.status();
    expect(status.lastError?.message).toMatch(
      /^Booster is failing \(HTTP 500\); sending is paused and will be tried again at \d\d:\d\d\. Clients stay queued\.$/,
    );
    expect(status.activity).toBe('waiting');
    expect(Date.parse(status.nextRetryAt!)).toBeGreaterThanOrEqual(rig.clock.now() + 30_000);
    expect(rig.logLines.filter((line) => /Booster is failing/.test(line.message))).toHaveLength(1);
  });

  it('a successful probe closes the circuit and the backlog drains at full speed', async () => {
    const rig = await startRig();
    let failing = true;
    let nextId = 1;
    rig.net.respond(
      boosterRoutes(() =>
        failing ? jsonResponse(503, {}) : jsonResponse(200, { boosterCustomerId: nextId++ }),
      ),
    );
    await enqueueMany(rig, 40);
    await configure(rig);
    await waitFor(async () => (await rig.status()).lastError?.code === 'boosterFailing', 'circuit open');
    failing = false;
    const sendsBefore = rig.requestTimes.length;
    await runFor(rig, 31_000);
    await waitFor(async () => (await rig.status()).counts.sent === 40, 'all sent after one probe');
    expect(rig.requestTimes.length - sendsBefore).toBeLessThanOrEqual(42);
    expect((await rig.status()).lastError).toBeUndefined();
    expect(rig.logLines.filter((line) => /answers again/.test(line.message))).toHaveLength(1);
  });

  it('"Sync now" while paused sends exactly one request, then the circuit pauses again', async () => {
    const rig = await startRig();
    rig.net.respond(boosterRoutes(() => jsonResponse(500, {})));
    await enqueueMany(rig, 50);
    await configure(rig);
    await waitFor(async () => (await rig.status()).lastError?.code === 'boosterFailing', 'circuit open');
    await settle();
    const before = rig.requestTimes.length;
    await rig.services.handlers.sync.now(undefined);
    await waitFor(() => rig.requestTimes.length === before + 1, 'one probe');
    await settle();
    expect(rig.requestTimes.length).toBe(before + 1);
    expect((await rig.status()).lastError?.code).toBe('boosterFailing');
  });

  it('Retry-After on a throttled Booster is honoured by the circuit', async () => {
    const rig = await startRig();
    rig.net.respond(
      boosterRoutes(() => new Response('Slow down', { status: 429, headers: { 'Retry-After': '600' } })),
    );
    await enqueueMany(rig, 30);
    const start = rig.clock.now();
    await configure(rig);
    await runFor(rig, 9 * MINUTE, 5_000);
    // The first burst, then nothing for the 10 minutes asked.
    expect(rig.requestTimes.filter((at) => at > start + 10_000)).toEqual([]);
  });
});

describe('a full disk pauses sending (no spinning) and sending resumes by itself', () => {
  it('a write failure pauses with storageFailed, retries the disk slowly, logs once, and resumes', async () => {
    const rig = await startRig();
    let nextId = 1;
    rig.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: nextId++ })));
    await enqueueMany(rig, 300);
    rig.store.full = true;
    const writesBefore = rig.store.writeAttempts;
    const logsBefore = rig.logLines.length;
    await configure(rig);
    await runFor(rig, 10 * MINUTE);

    const status = await rig.status();
    expect(status).toMatchObject({
      activity: 'paused',
      pausedReason: 'storageFailed',
      counts: { pending: 300, sent: 0 },
      lastError: {
        code: 'diskFull',
        message: 'Disk full: free space on this laptop. Nothing was lost; sending resumes by itself.',
      },
    });
    expect(Date.parse(status.nextRetryAt!)).toBeGreaterThan(rig.clock.now());
    // 5 s doubling to 5 minutes: a handful of checks in 10 minutes, not thousands of writes.
    expect(rig.store.writeAttempts - writesBefore).toBeLessThan(20);
    const newLines = rig.logLines.slice(logsBefore).filter((line) => line.message.startsWith('sync:'));
    expect(newLines.map((line) => line.message)).toEqual([
      'sync: the outbox cannot write to disk; sending is paused',
    ]);

    // An enqueue meanwhile says why, naming the cause.
    await expect(
      rig.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(999) }),
    ).rejects.toMatchObject({
      code: 'storageFailed',
      message: expect.stringMatching(/disk is full \(ENOSPC\)/),
    });

    rig.store.full = false;
    await runFor(rig, 5 * MINUTE, 5_000);
    await waitFor(async () => (await rig.status()).counts.sent === 300, 'all sent once the disk is back');
    const after = await rig.status();
    expect(after.pausedReason).toBeUndefined();
    expect(after.counts.possibleDuplicate).toBe(0);
    expect(
      rig.logLines.filter(
        (line) => line.message === 'sync: the outbox writes to disk again; sending resumes',
      ),
    ).toHaveLength(1);
  }, 60_000);

  it('a lost data-folder lock pauses sending with its own message, logged once, with no spinning', async () => {
    const rig = await startRig();
    rig.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 })));
    await enqueueMany(rig, 50);
    rig.store.lockLost = true;
    const writesBefore = rig.store.writeAttempts;
    const logsBefore = rig.logLines.length;
    await configure(rig);
    await runFor(rig, 10 * MINUTE);

    expect(await rig.status()).toMatchObject({
      activity: 'paused',
      pausedReason: 'storageFailed',
      counts: { pending: 50, sent: 0 },
      lastError: { code: 'storageFailed', message: expect.stringMatching(/took this data folder's lock/) },
    });
    expect(rig.store.writeAttempts - writesBefore).toBeLessThan(20);
    const newLines = rig.logLines.slice(logsBefore).filter((line) => line.message.startsWith('sync:'));
    expect(newLines.map((line) => line.message)).toEqual([
      'sync: the outbox cannot write to disk; sending is paused',
    ]);
  }, 60_000);

  it("an answer the full disk would not take is kept and written when it works again: Booster's id is not lost", async () => {
    const rig = await startRig();
    rig.net.respond(
      boosterRoutes(() => {
        rig.store.full = true; // the disk fills while Booster creates the client
        return jsonResponse(200, { boosterCustomerId: 4242 });
      }),
    );
    const [captureId] = await enqueueMany(rig, 1);
    await configure(rig);
    await waitFor(async () => (await rig.status()).pausedReason === 'storageFailed', 'paused');
    expect((await rig.status()).counts).toMatchObject({ sending: 1, sent: 0 });
    const requests = rig.requestTimes.length;
    rig.store.full = false;
    await runFor(rig, 10_000);
    await waitFor(async () => (await rig.status()).counts.sent === 1, 'the answer written');
    expect(await rig.services.handlers.outbox.list({ limit: 1 })).toMatchObject({
      items: [{ captureId, state: 'sent', boosterCustomerId: 4242, possibleDuplicate: false }],
    });
    expect(rig.requestTimes.length).toBe(requests); // not sent again
  });

  it('an enqueue that succeeds proves the disk works: sending resumes without waiting', async () => {
    const rig = await startRig();
    let nextId = 1;
    rig.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: nextId++ })));
    await enqueueMany(rig, 3);
    rig.store.full = true;
    await configure(rig);
    await waitFor(async () => (await rig.status()).pausedReason === 'storageFailed', 'paused');
    rig.store.full = false;
    await rig.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(9) });
    await waitFor(async () => (await rig.status()).counts.sent === 4, 'sent without waiting for the check');
  });
});

describe('Booster ids that cannot be right', () => {
  it('twenty clients answered with the same id: the first is sent, the others held for a person', async () => {
    const rig = await startRig();
    rig.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 77 })));
    await enqueueMany(rig, 20);
    await configure(rig);
    await waitFor(
      async () => (await rig.status()).counts.pending + (await rig.status()).counts.sending === 0,
    );
    expect((await rig.status()).counts).toMatchObject({ sent: 1, needsAttention: 19, possibleDuplicate: 19 });
    const held = await rig.services.handlers.outbox.list({ limit: 50, states: ['needsAttention'] });
    for (const entry of held.items) {
      expect(entry).toMatchObject({ attentionReason: 'suspiciousId', possibleDuplicate: true });
      expect(entry.lastError?.message).toMatch(/client id 77, which it already gave another client/);
    }
  });

  it('a 2xx whose id is not usable (0) needs attention and is flagged: Booster may have created it', async () => {
    const rig = await startRig();
    rig.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 0 })));
    const [captureId] = await enqueueMany(rig, 1);
    await configure(rig);
    await waitFor(async () => (await rig.status()).counts.needsAttention === 1);
    expect((await rig.services.handlers.outbox.list({ limit: 1 })).items[0]).toMatchObject({
      captureId,
      attentionReason: 'failed',
      possibleDuplicate: true,
    });
  });
});

describe('list cursors through the services', () => {
  it('a cursor no page handed out is refused, naming the cursor', async () => {
    const rig = await startRig();
    await enqueueMany(rig, 3);
    await expect(rig.services.handlers.outbox.list({ limit: 2, cursor: 'abc:def' })).rejects.toMatchObject({
      code: 'invalidRequest',
      message: expect.stringMatching(/list cursor is not valid/),
      fields: [expect.objectContaining({ path: 'cursor' })],
    });
  });
});

describe('status and stop', () => {
  it('status() is a pure read: asking or not between two drains gives the same progress', async () => {
    const progressOfSecondDrain = async (askBetween: boolean) => {
      const rig = await startRig();
      let nextId = 1;
      let hold = false;
      const held: (() => void)[] = [];
      rig.net.respond(
        boosterRoutes(async () => {
          if (hold) await new Promise<void>((resolve) => held.push(resolve));
          return jsonResponse(200, { boosterCustomerId: nextId++ });
        }),
      );
      await configure(rig);
      await enqueueMany(rig, 3);
      await waitFor(() => rig.store.getMeta([...rig.store.metas()][2]!.captureId)?.state === 'sent');
      if (askBetween) await rig.status();
      hold = true;
      await enqueueMany(rig, 2);
      await waitFor(() => held.length === 2, 'two sends held');
      const progress = (await rig.status()).progress;
      for (const release of held) release();
      return progress;
    };
    expect(await progressOfSecondDrain(false)).toEqual(await progressOfSecondDrain(true));
    expect(await progressOfSecondDrain(false)).toEqual({ done: 0, total: 2 });
  });

  it('stop(bound) returns in about that time even when an answer never ends', async () => {
    const rig = await startRig({ stopTimeoutMs: 200 });
    let sends = 0;
    rig.net.respond(
      boosterRoutes(() => {
        sends += 1;
        return new Promise<Response>(() => undefined); // headers never come, the abort is ignored
      }),
    );
    await enqueueMany(rig, 2);
    await configure(rig);
    await waitFor(() => sends === 2, 'requests in flight');
    const began = performance.now();
    await rig.services.stop();
    expect(performance.now() - began).toBeLessThan(1_500);
  });
});
