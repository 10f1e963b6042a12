// Issue 11 (web host part) over real HTTP: every /ipc/* request and the event stream need this launch's token,
// which only the page the host served carries; the Host check stops DNS rebinding even with the token.
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { checkLaunchToken, createLaunchToken } from '../../../tools/web-host/launch-token';
import { startWebHostServer, type WebHostServer } from '../../../tools/web-host/server';
import { recordingLogger } from '../../unit/electron/fake-handlers';
import { openEventStream, postIpc, rawRequest, type RawResponse } from './http-client';

let folder: string;
let server: WebHostServer;
let otherLaunch: WebHostServer;
const logger = recordingLogger();
/** Every call that reached main, by channel: a refused request must never get there. */
const dispatched: string[] = [];
// Main itself is not under test here: a dispatcher that records and answers the same value to every channel.
const dispatcher: IpcDispatcher = async (channel) => {
  dispatched.push(channel);
  return { ok: true, value: { answeredBy: 'main' } };
};

async function startServer(rendererDir: string, log = recordingLogger()): Promise<WebHostServer> {
  return startWebHostServer({
    dispatcher,
    subscribeSyncChanged: () => () => undefined,
    rendererDir,
    logger: log,
  });
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-host-token-'));
  const rendererDir = path.join(folder, 'renderer');
  await mkdir(rendererDir);
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  server = await startServer(rendererDir, logger);
  otherLaunch = await startServer(rendererDir);
});

afterAll(async () => {
  await server?.close();
  await otherLaunch?.close();
  await rm(folder, { recursive: true, force: true });
});

const ipcUrl = () => new URL('/ipc/sync:status', server.url).href;
const eventsUrl = () => new URL('/ipc/events', server.url).href;

function callStatus(headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(ipcUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"marker":"body-must-not-come-back"}',
  });
}

/** Each way of not having this launch's token, named for the failure message. */
function wrongTokens(): [string, Record<string, string>][] {
  return [
    ['no token', {}],
    ['an empty token', { 'x-booster-token': '' }],
    ['a wrong token of the right length', { 'x-booster-token': createLaunchToken() }],
    ['a truncated token', { 'x-booster-token': server.token.slice(0, -1) }],
    ['the token with more after it', { 'x-booster-token': `${server.token}A` }],
    ['the token in another case', { 'x-booster-token': server.token.toUpperCase() }],
    ["another launch's token", { 'x-booster-token': otherLaunch.token }],
    ['the token as a cookie', { cookie: `x-booster-token=${server.token}` }],
    ['the token as a bearer credential', { authorization: `Bearer ${server.token}` }],
  ];
}

function expectRefused(response: RawResponse, what: string): void {
  expect(response.status, what).toBe(403);
  expect(response.headers['content-type'], what).toMatch(/^application\/json\b/);
  expect(JSON.parse(response.body), what).toEqual({
    ok: false,
    error: { code: 'forbidden', message: expect.stringContaining('Only Booster Capture pages') as unknown },
  });
  // Nothing of the request comes back: not its body, not a token.
  expect(response.body, what).not.toContain('body-must-not-come-back');
  expect(response.body, what).not.toContain(server.token);
  expect(response.body, what).not.toContain(otherLaunch.token);
}

describe('the launch token', () => {
  it('is 32 random bytes in base64url, new at every launch', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(otherLaunch.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.token).not.toBe(otherLaunch.token);
    expect(createLaunchToken(() => Buffer.alloc(32, 0xff))).toBe(`${'_'.repeat(42)}8`);
  });

  it('is compared exactly: length, case, duplicates and absence all fail', () => {
    const token = createLaunchToken(() => randomBytes(32));
    expect(checkLaunchToken(token, token)).toEqual({ allowed: true });
    expect(checkLaunchToken(token, undefined)).toEqual({ allowed: false, reason: 'missing token' });
    expect(checkLaunchToken(token, '')).toEqual({ allowed: false, reason: 'missing token' });
    for (const presented of [
      token.slice(1),
      `${token} `,
      token.toLowerCase(),
      [token, token],
      `${token}, ${token}`,
    ])
      expect(checkLaunchToken(token, presented), String(presented)).toEqual({
        allowed: false,
        reason: 'wrong token',
      });
  });

  it('is in the served page as a meta tag, before the bridge, in a page never cached', async () => {
    for (const route of ['/', '/index.html', '/drafts/12']) {
      const page = await rawRequest(new URL(route, server.url).href);
      expect(page.status, route).toBe(200);
      const meta = `<meta name="booster-web-host-token" content="${server.token}">`;
      expect(page.body, route).toContain(meta);
      expect(page.body.indexOf(meta), route).toBeLessThan(page.body.indexOf('/booster-bridge.js'));
      expect(page.headers['cache-control'], route).toBe('no-store');
      // Never in a URL the page loads (URLs end up in logs and in the history).
      expect(page.body.replace(meta, ''), route).not.toContain(server.token);
    }
    const other = await rawRequest(otherLaunch.url);
    expect(other.body).toContain(`content="${otherLaunch.token}"`);
    expect(other.body).not.toContain(server.token);
  });

  it('answers /ipc/* only with the right token, without calling main otherwise', async () => {
    dispatched.length = 0;
    for (const [what, headers] of wrongTokens()) expectRefused(await callStatus(headers), what);
    expect(dispatched).toEqual([]);

    const allowed = await postIpc(server, 'sync:status');
    expect([allowed.status, JSON.parse(allowed.body)]).toEqual([
      200,
      { ok: true, value: { answeredBy: 'main' } },
    ]);
    expect(dispatched).toEqual(['sync:status']);
    // The token is checked before the method or the channel: nothing is learnt without it.
    expectRefused(await rawRequest(ipcUrl()), 'GET without a token');
    expectRefused(
      await rawRequest(new URL('/ipc/outbox:explode', server.url).href, { method: 'POST' }),
      'an unknown channel without a token',
    );
    expect(dispatched).toEqual(['sync:status']);
  });

  it('opens the event stream only with the right token', async () => {
    for (const [what, headers] of wrongTokens()) {
      expectRefused(
        await rawRequest(eventsUrl(), { headers: { accept: 'text/event-stream', ...headers } }),
        what,
      );
    }
    const stream = await openEventStream(server);
    stream.close();
    await expect(openEventStream({ url: server.url, token: otherLaunch.token })).rejects.toThrow(
      'event stream answered 403',
    );
  });

  it('still refuses a foreign Host (DNS rebinding) or Origin with the right token', async () => {
    dispatched.length = 0;
    const right = { 'x-booster-token': server.token };
    const foreign: Record<string, string>[] = [
      { host: 'evil.example' },
      { host: `evil.example:${server.port}` },
      { host: `127.0.0.1:${otherLaunch.port}` },
      { origin: 'http://evil.example' },
    ];
    for (const headers of foreign) {
      expect((await callStatus({ ...right, ...headers })).status, JSON.stringify(headers)).toBe(403);
      const events = await rawRequest(eventsUrl(), { headers: { ...right, ...headers } });
      expect(events.status, JSON.stringify(headers)).toBe(403);
      const page = await rawRequest(server.url, { headers });
      expect(page.status, JSON.stringify(headers)).toBe(403);
      expect(page.body).not.toContain(server.token);
    }
    expect(dispatched).toEqual([]);
  });

  it('logs each refusal with its reason and path, and never a token', async () => {
    await callStatus({});
    await callStatus({ 'x-booster-token': otherLaunch.token });
    const refusals = logger.lines.filter((line) => line.message === 'Web host refused a request');
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fields: { reason: 'missing token', url: '/ipc/sync:status' } }),
        expect.objectContaining({ fields: { reason: 'wrong token', url: '/ipc/sync:status' } }),
      ]),
    );
    const everything = JSON.stringify(logger.lines);
    expect(everything).not.toContain(server.token);
    expect(everything).not.toContain(otherLaunch.token);
  });
});
