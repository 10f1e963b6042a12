// window.booster as the page sees it in the web host: the bridge client in real Chromium, talking
// HTTP + SSE to the web host server (fake handlers here; the real services are in web-host.test.ts).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoosterBridge } from '../../../shared/ipc';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { startWebHostServer, type WebHostServer } from '../../../tools/web-host/server';
import { captureId, createFakeHandlers, idleStatus, pendingEntry } from '../../unit/electron/fake-handlers';

// What the page's globals look like from the evaluate() callbacks (this project compiles without the DOM lib).
declare const booster: BoosterBridge;
declare const window: { booster: unknown; appSawBridge?: boolean; received: unknown[]; stop: () => void };

let folder: string;
let server: WebHostServer;
let browser: Browser;
let page: Page;
const pushes = new EventEmitter();

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
    expect(replaced).toEqual(['auth', 'drafts', 'onSyncChanged', 'outbox', 'sync']);
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
