// The Booster client against hostile networks over real HTTP (issue 7): redirects are never followed, a body
// that never ends or never stops is cut off at the deadline or the byte cap, and the socket is closed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BoosterHttp } from '../../../electron/main/core/booster/boosterHttp';
import { startCore, waitForStatus } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { waitUntil } from '../../support/waitUntil';

interface TestServer {
  url: string;
  /** Host and port, as a redirect message names it. */
  host: string;
  requests: {
    method: string;
    path: string;
    authorization: string | undefined;
    idempotencyKey: string | string[] | undefined;
    body: string;
    /** The connection this request came on has closed (the client went away). */
    socketClosed: boolean;
  }[];
  /** Every request's connection has closed. */
  allSocketsClosed(): boolean;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A node:http server that records every request (body included) and every socket closing. */
async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { readBodyFirst?: boolean } = {},
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    const record = () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'],
        body,
        socketClosed: req.socket.destroyed,
      };
      req.socket.once('close', () => (request.socketClosed = true));
      requests.push(request);
    };
    if (options.readBodyFirst === false) {
      record();
      return handler(req, res);
    }
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      record();
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    allSocketsClosed: () => requests.every((request) => request.socketClosed),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => testServer.close());
  return testServer;
}

/** Where a redirect points: it answers as Booster would, so following the redirect would "succeed". */
function startRedirectTarget(): Promise<TestServer> {
  return startServer((req, res) => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ boosterCustomerId: 999, bearerToken: 'stolen', accessToken: 'stolen' }));
  });
}

/** Answers every request with `status` and a Location on `target` carrying data that must never be shown. */
function startRedirector(status: number, target: TestServer): Promise<TestServer> {
  return startServer((req, res) => {
    res.writeHead(status, { Location: `${target.url}/customer?session=secret-token` });
    res.end('<html><body>Moved</body></html>');
  });
}

/** Headers, then one byte every 100 ms for ever; the timer stops only when the client goes. */
function startTrickler(): Promise<TestServer> {
  return startServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(timer));
  });
}

/** A body of `bytes` (no Content-Length, so only a streaming cap can stop it), written as fast as it drains. */
function startFlooder(bytes: number): Promise<TestServer> {
  return startServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    const pump = () => {
      while (written < bytes && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
}

function boosterHttp(timeoutMs = 2_000): BoosterHttp {
  return new BoosterHttp({
    fetch: globalThis.fetch,
    requestTimeoutMs: timeoutMs,
    probeTimeoutMs: timeoutMs,
    now: Date.now,
  });
}

const post = (http: BoosterHttp, url: string) =>
  http.postCustomer(url, 'Bearer test-key', newCaptureId(), { lastName: 'Dubois' });

describe('redirects are never followed (issue 7, item 1)', () => {
  it.each([307, 301, 302, 303, 308])(
    'POST /customer answered %i: not sent, retryable and not ambiguous, naming only the host',
    async (status) => {
      const target = await startRedirectTarget();
      const redirector = await startRedirector(status, target);
      const { outcome } = await post(boosterHttp(), redirector.url);
      expect(outcome).toEqual({
        kind: 'retryable',
        reason: 'network',
        status,
        ambiguous: false,
        message: `Booster's address answered with a redirect to ${target.host}: a captive portal or a proxy is in the way. The client stays queued.`,
      });
      expect(outcome.kind === 'retryable' && outcome.message).not.toMatch(/secret|\/customer/);
      expect(redirector.requests).toHaveLength(1);
      expect(target.requests).toHaveLength(0);
    },
  );

  it.each([307, 301])(
    'sign-in and refresh answered %i: unreachable, and no credential leaves',
    async (status) => {
      const target = await startRedirectTarget();
      const redirector = await startRedirector(status, target);
      const http = boosterHttp();
      const signIn = await http.signIn(redirector.url, 'staff@maison.example', 'the-password');
      const refresh = await http.refresh(redirector.url, 'the-refresh-token');
      for (const result of [signIn, refresh]) {
        expect(result).toEqual({
          kind: 'unreachable',
          message: `Booster's address answered with a redirect to ${target.host}: a captive portal or a proxy is in the way. Nothing was sent there; try again once that is fixed.`,
        });
      }
      expect(redirector.requests.map((request) => request.path)).toEqual([
        '/auth/credentials',
        '/access-token',
      ]);
      expect(target.requests).toHaveLength(0);
    },
  );

  it('a redirect to the configured host itself says to check the address, not to blame a portal', async () => {
    const booster = await startServer((req, res) => {
      res.writeHead(301, { Location: `https://${req.headers.host}/customer` });
      res.end();
    });
    const { outcome } = await post(boosterHttp(), booster.url);
    expect(outcome).toMatchObject({
      kind: 'retryable',
      ambiguous: false,
      message: `Booster's address answered with a redirect to another address on ${booster.host}: check the Booster address in Settings (https?). The client stays queued.`,
    });
    expect(booster.requests).toHaveLength(1);
  });

  it('the probe answered 307: not reachable, naming the host', async () => {
    const target = await startRedirectTarget();
    const redirector = await startRedirector(307, target);
    expect(await boosterHttp().probe(redirector.url)).toEqual({
      reachable: false,
      detail: `Booster's address answered with a redirect to ${target.host}: a captive portal or a proxy is in the way`,
    });
    expect(target.requests).toHaveLength(0);
  });

  it.each([307, 301])(
    'the whole core: a proxy redirecting the POST with %i sends nothing there and marks nothing sent',
    async (status) => {
      const target = await startRedirectTarget();
      // Booster-shaped to the probe (GET /auth takes the key; POST /customer without a credential is
      // refused), a redirect for the authenticated POST.
      const proxy = await startServer((req, res) => {
        if (req.method === 'GET' && req.headers.authorization) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return void res.end(JSON.stringify({ userName: 'apikey', sessionId: 'proxy-session' }));
        }
        if (!req.headers.authorization || req.method === 'GET') {
          res.writeHead(401, { 'WWW-Authenticate': 'credentials realm="/auth/credentials"' });
          return void res.end();
        }
        res.writeHead(status, { Location: `${target.url}/customer` });
        res.end();
      });
      const { services } = await startCore();
      cleanups.push(() => services.stop());
      const captureIds = Array.from({ length: 3 }, () => newCaptureId());
      for (const [index, captureId] of captureIds.entries())
        await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(index) });
      await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: proxy.url, apiKey: 'key' });

      // Every record tried, and each try's outcome recorded (nothing left in flight).
      await waitUntil(
        () => captureIds.every((id) => proxy.requests.some((request) => request.idempotencyKey === id)),
        'each record to be tried',
      );
      await waitForStatus(services, (status) => status.counts.sending === 0);
      const syncStatus = await services.handlers.sync.status(undefined);
      expect(syncStatus.counts).toMatchObject({ sent: 0, needsAttention: 0, possibleDuplicate: 0 });
      expect(syncStatus.counts.pending + syncStatus.counts.sending).toBe(captureIds.length);
      const entries = (await services.handlers.outbox.list({ limit: 10 })).items;
      for (const entry of entries) {
        expect(entry.state === 'pending' || entry.state === 'sending').toBe(true);
        expect(entry.possibleDuplicate).toBe(false);
      }
      expect(target.requests).toHaveLength(0);
    },
  );
});

describe('an answer that never ends or never stops (issue 7, item 7)', () => {
  it('POST /customer: a trickling body ends at the deadline, and the socket is closed', async () => {
    const trickler = await startTrickler();
    const started = performance.now();
    const { outcome } = await post(boosterHttp(300), trickler.url);
    const elapsedMs = performance.now() - started;
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'timeout', ambiguous: true });
    // About the timeout (headers arrived at once): far below what a trickle would take.
    expect(elapsedMs).toBeGreaterThanOrEqual(250);
    expect(elapsedMs).toBeLessThan(5_000);
    await waitUntil(
      () => trickler.requests.length === 1 && trickler.allSocketsClosed(),
      'the socket to close',
    );
  });

  it('the probe and the token calls: same deadline, socket closed', async () => {
    const trickler = await startTrickler();
    const http = boosterHttp(300);
    expect(await http.probe(trickler.url)).toEqual({ reachable: false, detail: 'no answer in time' });
    expect(await http.signIn(trickler.url, 'staff@maison.example', 'pw')).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('no answer in time') as string,
    });
    expect(await http.refresh(trickler.url, 'refresh')).toMatchObject({ kind: 'unreachable' });
    await waitUntil(
      () => trickler.requests.length === 3 && trickler.allSocketsClosed(),
      'every socket to close',
    );
  });

  it("the caller's abort (the engine stopping) ends a trickling exchange too", async () => {
    const trickler = await startTrickler();
    const stop = new AbortController();
    const pending = boosterHttp(60_000).postCustomer(
      trickler.url,
      'Bearer k',
      newCaptureId(),
      {},
      stop.signal,
    );
    await waitUntil(() => trickler.requests.length === 1, 'the request to arrive');
    stop.abort();
    expect((await pending).outcome).toMatchObject({ kind: 'retryable', ambiguous: true });
    await waitUntil(() => trickler.allSocketsClosed(), 'the socket to close');
  });

  it('POST /customer: a 5 MB body is cut off at the cap, not Booster, ambiguous; the socket is closed', async () => {
    const flooder = await startFlooder(5 * 1024 * 1024);
    const { outcome } = await post(boosterHttp(), flooder.url);
    expect(outcome).toEqual({
      kind: 'retryable',
      reason: 'network',
      status: 200,
      ambiguous: true,
      message:
        "An answer that is not Booster's came back (HTTP 200, larger than 1 MiB): a captive portal or a proxy may be in the way. The client will be sent again.",
    });
    await waitUntil(() => flooder.requests.length === 1 && flooder.allSocketsClosed(), 'the socket to close');
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) });
      res.write('{');
    });
    expect((await post(boosterHttp(), server.url)).outcome).toMatchObject({
      kind: 'retryable',
      ambiguous: true,
      message: expect.stringContaining('larger than 1 MiB') as string,
    });
    await waitUntil(() => server.allSocketsClosed(), 'the socket to close');
  });

  it('the probe and the token calls: a 5 MB body is bounded too', async () => {
    const flooder = await startFlooder(5 * 1024 * 1024);
    const http = boosterHttp();
    expect(await http.probe(flooder.url)).toEqual({
      reachable: false,
      detail: "an answer that is not Booster's (HTTP 200, larger than 1 MiB)",
    });
    expect(await http.signIn(flooder.url, 'staff@maison.example', 'pw')).toMatchObject({
      kind: 'unreachable',
    });
    expect(await http.refresh(flooder.url, 'refresh')).toMatchObject({ kind: 'unreachable' });
    await waitUntil(
      () => flooder.requests.length === 3 && flooder.allSocketsClosed(),
      'every socket to close',
    );
  });
});
