// `sync` ends when it says it will (issue 7 item 7): a Booster that sends its headers and then trickles the
// body for ever must not keep the CLI alive past --max-wait-ms, and SIGTERM stops it promptly and safely.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/core/tempDir';
import { sampleRecord } from '../../support/core/records';
import { run } from '../../../tools/cli/run';
import { runCliInProcess, startCli, testConfigHome } from './cliRunner';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Answers the unauthenticated probe like Booster (401) and the credentialed one (200), then answers every
 *  create call with headers and one byte of body every 100 ms, never finishing. */
async function startTricklingBooster(): Promise<{ url: string; creates: () => number }> {
  let creates = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    request.resume();
    if (!request.headers.authorization) {
      response.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
      response.end('{"responseStatus":{"errorCode":"Unauthorized","message":"Unauthorized"}}');
      return;
    }
    // The credentialed probe (GET /auth) is answered as Booster does; only the create calls trickle.
    if (request.method === 'GET' && request.url?.startsWith('/auth')) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"userId":"1","sessionId":"s","userName":"api-key"}');
      return;
    }
    creates += 1;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{');
    const timer = setInterval(() => response.write(' '), 100);
    timers.add(timer);
    response.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const timer of timers) clearInterval(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, creates: () => creates };
}

async function folderWithOneRecord(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'records.json');
  await fs.writeFile(file, JSON.stringify([sampleRecord(1)]));
  const enqueued = await runCliInProcess(['enqueue', '--data-dir', path.join(dir, 'data'), file]);
  expect(enqueued.code, enqueued.stderr).toBe(0);
  return path.join(dir, 'data');
}

async function openRecords(dataDir: string): Promise<number> {
  const status = await runCliInProcess(['status', '--data-dir', dataDir]);
  expect(status.code, status.stderr).toBe(0);
  const counts = JSON.parse(status.stdout) as Record<string, number>;
  expect(counts.sent).toBe(0);
  return counts.pending! + counts.sending!;
}

/** `cli sync` against that Booster, with a request timeout far beyond the wait: only the deadline ends it. */
function startSync(boosterUrl: string, dataDir: string, maxWaitMs: number) {
  return startCli([
    'sync',
    '--data-dir',
    dataDir,
    '--booster-url',
    boosterUrl,
    '--api-key',
    'k',
    '--max-wait-ms',
    String(maxWaitMs),
    '--request-timeout-ms',
    '60000',
  ]);
}

describe('sync against a Booster whose answer never ends', () => {
  it(
    'exits by itself at --max-wait-ms, with its status printed and the record still queued',
    { timeout: 60_000 },
    async () => {
      const booster = await startTricklingBooster();
      const dataDir = await folderWithOneRecord();
      const sync = startSync(booster.url, dataDir, 2000);
      cleanups.push(() => sync.kill());
      const result = await sync.done;
      expect(result.signal, result.stderr).toBeNull();
      expect(result.code, result.stderr).toBe(3);
      expect(booster.creates()).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ counts: { sent: 0 } });
      expect(await openRecords(dataDir)).toBe(1);
    },
  );

  it(
    'stops promptly on SIGTERM: final status printed, lock released, record still queued',
    { timeout: 60_000 },
    async () => {
      const booster = await startTricklingBooster();
      const dataDir = await folderWithOneRecord();
      const sync = startSync(booster.url, dataDir, 600000);
      cleanups.push(() => sync.kill());
      // Observed progress: the create call is in flight (its answer trickling) before the signal.
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (booster.creates() > 0) done(resolve);
        }, 20);
        void sync.done.then(() => done(() => reject(new Error('the CLI ended before sending'))));
        function done(settle: () => void) {
          clearInterval(check);
          settle();
        }
      });
      sync.child.kill('SIGTERM');
      const result = await sync.done;
      expect(result.signal, result.stderr).toBeNull();
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(/SIGTERM/);
      const final = JSON.parse(result.stdout) as { counts: Record<string, number> };
      expect(final.counts.pending! + final.counts.sending!).toBe(1);
      expect(await openRecords(dataDir)).toBe(1);
      // The lock is free: a writer can open the folder at once.
      const again = await runCliInProcess([
        'enqueue',
        '--data-dir',
        dataDir,
        path.join(dataDir, '..', 'records.json'),
      ]);
      expect(again.code, again.stderr).toBe(0);
    },
  );

  // The CLI must not rely on the HTTP layer honouring its abort: a fetch that never settles, whatever
  // signal it gets, still cannot hold `sync` past its deadline or past a SIGTERM.
  it('returns on a stop signal even when a request ignores its abort', { timeout: 30_000 }, async () => {
    const dataDir = await folderWithOneRecord();
    let creates = 0;
    let stopListener: ((signal: string) => void) | undefined;
    const hangingFetch: typeof globalThis.fetch = async (input, init) => {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      if (!headers.get('authorization'))
        return new Response('{"responseStatus":{"errorCode":"Unauthorized","message":"Unauthorized"}}', {
          status: 401,
          headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' },
        });
      const url = input instanceof Request ? input.url : String(input);
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      if (method === 'GET' && new URL(url).pathname === '/auth')
        return new Response('{"userId":"1","sessionId":"s","userName":"api-key"}', {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      creates += 1;
      if (creates === 1) setImmediate(() => stopListener?.('SIGTERM'));
      return new Promise<Response>(() => undefined);
    };
    const runSync = (maxWaitMs: string, onStopSignal: (listener: (signal: string) => void) => () => void) => {
      let stdout = '';
      let stderr = '';
      const done = run(
        [
          'sync',
          '--data-dir',
          dataDir,
          '--booster-url',
          'http://127.0.0.1:9',
          '--api-key',
          'k',
          '--max-wait-ms',
          maxWaitMs,
          '--request-timeout-ms',
          '600000',
        ],
        {
          stdout: (text) => void (stdout += text),
          stderr: (text) => void (stderr += text),
          // The same key file folder as the runner's enqueue that created this data folder.
          env: { XDG_CONFIG_HOME: testConfigHome },
          cwd: dataDir,
          fetch: hangingFetch,
          onStopSignal,
        },
      );
      return done.then((code) => ({ code, stdout, stderr }));
    };

    // SIGTERM as soon as the create call is in flight.
    const signalled = await runSync('600000', (listener) => {
      stopListener = listener;
      return () => (stopListener = undefined);
    });
    expect(creates).toBe(1);
    expect(signalled.code, signalled.stderr).toBe(3);
    expect(signalled.stderr).toMatch(/SIGTERM: stopping/);
    const final = JSON.parse(signalled.stdout) as { counts: Record<string, number> };
    expect(final.counts.pending! + final.counts.sending!).toBe(1);
  });
});
