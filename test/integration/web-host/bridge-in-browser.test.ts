// window.booster as the page sees it in the web host: the bridge client in real Chromium, talking
// HTTP + SSE to the web host server (fake handlers here; the real services are in web-host.test.ts), every
// request carrying the launch token the page was served with.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcContract, type BoosterBridge } from '../../../shared/ipc';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { startWebHostServer, type WebHostServer } from '../../../tools/web-host/server';
import { captureId, createFakeHandlers, idleStatus, pendingEntry } from '../../unit/electron/fake-handlers';

// What the page's globals look like from the evaluate() callbacks (this project compiles without the DOM lib).
declare const booster: BoosterBridge;
declare const window: { booster: unknown; appSawBridge?: boolean; received: unknown[]; stop: () => void };
declare const document: { querySelector(selector: string): unknown };

let folder: string;
let server: WebHostServer;
let browser: Browser;
let page: Page;
const pushes = new EventEmitter();
/** The X-Booster-Token of every /ipc/* request the first page made, by path. */
const ipcRequests: { path: string; token: string | undefined }[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-bridge-'));
  await mkdir(folder, { recursive: true });
  // The real renderer's CSP, so the bridge is known to work under it.
  await writeFile(
    path.join(folder, 'index.html'),
    `<!doctype html><html><head>
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'" />
      <script type="module" src="/assets/app.js"></script></head><body></body></html>`,
  );
  await mkdir(path.join(folder, 'assets'));
  await writeFile(
    path.join(folder, 'assets', 'app.js'),
    'window.appSawBridge = typeof window.booster === "object";',
  );
  const handlers = createFakeHandlers();
  handlers.outbox.reopen = async () => {
    throw Object.assign(new Error('This client was not found. Refresh the list.'), { code: 'notFound' });
  };
  server = await startWebHostServer({
    dispatcher: createIpcDispatcher(handlers),
    subscribeSyncChanged: (listener) => {
      pushes.on('push', listener);
      return () => pushes.off('push', listener);
    },
    rendererDir: folder,
    logger: { warn: () => undefined, error: () => undefined },
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage();
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/ipc/'))
      ipcRequests.push({ path: decodeURIComponent(pathname), token: request.headers()['x-booster-token'] });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.appSawBridge !== undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('window.booster in the web host', () => {
  it('exists before the app script runs, and cannot be replaced', async () => {
    expect(await page.evaluate(() => window.appSawBridge)).toBe(true);
    const replaced = await page.evaluate(() => {
      try {
        window.booster = {};
      } catch {
        // strict-mode pages throw; either way the bridge stays
      }
      return Object.keys(booster).sort();
    });
    // Every domain of the contract, and the push subscription.
    expect(replaced).toEqual([...Object.keys(ipcContract), 'onSyncChanged'].sort());
  });

  it('calls main and returns IpcResults, errors included', async () => {
    expect(await page.evaluate(() => booster.sync.status())).toEqual({ ok: true, value: idleStatus });
    expect(await page.evaluate(() => booster.outbox.list({ states: ['pending'] }))).toEqual({
      ok: true,
      value: { items: [pendingEntry] },
    });
    expect(await page.evaluate((id) => booster.outbox.reopen({ captureId: id }), captureId)).toEqual({
      ok: false,
      error: { code: 'notFound', message: 'This client was not found. Refresh the list.' },
    });
    expect(await page.evaluate(() => booster.outbox.discard({ captureId: 'nope' }))).toMatchObject({
      ok: false,
      error: { code: 'invalidRequest' },
    });
  });

  it('delivers sync:changed pushes to onSyncChanged until unsubscribed', async () => {
    await page.evaluate(() => {
      const received: unknown[] = [];
      window.received = received;
      window.stop = booster.onSyncChanged((event) => received.push(event));
    });
    // Wait until the page's EventSource is connected before pushing.
    const valid = { status: { ...idleStatus, activity: 'syncing' as const }, changed: [pendingEntry] };
    await expect
      .poll(
        async () => {
          pushes.emit('push', valid);
          return page.evaluate(() => window.received.length);
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => window.received[0])).toEqual(valid);
    const countBefore = await page.evaluate(() => {
      window.stop();
      return window.received.length;
    });
    pushes.emit('push', valid);
    // A round trip through main: any push still in flight would have arrived before this answer.
    await page.evaluate(() => booster.sync.status());
    expect(await page.evaluate(() => window.received.length)).toBe(countBefore);
  });

  it('sends the launch token on every call and on the event stream, and leaves no copy in the page', async () => {
    // The earlier tests called main and subscribed: each of those requests carried this launch's token.
    expect(ipcRequests.map((request) => request.path)).toEqual(
      expect.arrayContaining(['/ipc/sync:status', '/ipc/outbox:list', '/ipc/events']),
    );
    expect(ipcRequests.filter((request) => request.token !== server.token)).toEqual([]);
    expect(
      await page.evaluate(() => document.querySelector('meta[name="booster-web-host-token"]')),
    ).toBeNull();
    expect(await page.content()).not.toContain(server.token);
    // The page's own origin is not enough: a request without the bridge's header is refused.
    const direct = await page.evaluate(async () => {
      const response = await fetch('/ipc/sync:status', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '',
      });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(direct).toEqual({
      status: 403,
      body: { ok: false, error: { code: 'forbidden', message: expect.any(String) as unknown } },
    });
  });

  it('reconnects the event stream after it failed, as EventSource did', async () => {
    const other = await browser.newPage();
    let attempts = 0;
    // The first connection fails; the bridge must try again by itself.
    await other.route('**/ipc/events', (route) => {
      attempts += 1;
      return attempts === 1 ? route.abort() : route.continue();
    });
    await other.goto(server.url);
    await other.evaluate(() => {
      const received: unknown[] = [];
      window.received = received;
      window.stop = booster.onSyncChanged((event) => received.push(event));
    });
    const valid = { status: { ...idleStatus, activity: 'syncing' as const }, changed: [pendingEntry] };
    await expect
      .poll(
        async () => {
          pushes.emit('push', valid);
          return other.evaluate(() => window.received.length);
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await other.evaluate(() => window.received[0])).toEqual(valid);
    await other.close();
  });

  it('answers mainUnreachable rather than throwing when the host is gone', async () => {
    const orphan = await browser.newPage();
    await orphan.goto(server.url);
    await orphan.route('**/ipc/**', (route) => route.abort());
    expect(await orphan.evaluate(() => booster.sync.status())).toMatchObject({
      ok: false,
      error: { code: 'mainUnreachable' },
    });
    await orphan.close();
  });
});
