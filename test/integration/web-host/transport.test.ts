// The web host's HTTP transport (static files, /ipc/<channel>, SSE) over real HTTP, with fake handlers.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { startWebHostServer, type WebHostServer } from '../../../tools/web-host/server';
import {
  createFakeHandlers,
  idleStatus,
  pendingEntry,
  recordingLogger,
} from '../../unit/electron/fake-handlers';
import { openEventStream, postIpc, rawRequest, tokenHeaders } from './http-client';

let folder: string;
let server: WebHostServer;
const pushes = new EventEmitter();
const logger = recordingLogger();

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-host-'));
  const rendererDir = path.join(folder, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(folder, 'secret.txt'), 'do not serve');
  server = await startWebHostServer({
    dispatcher: createIpcDispatcher(createFakeHandlers()),
    subscribeSyncChanged: (listener) => {
      pushes.on('push', listener);
      return () => pushes.off('push', listener);
    },
    rendererDir,
    logger,
  });
});

afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('web host static files', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves index.html with the bridge script before the app script, for / and for page routes', async () => {
    for (const route of ['/', '/index.html', '/outbox', '/drafts/12']) {
      const response = await rawRequest(new URL(route, server.url).href);
      expect(response.status, route).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html\b/);
      expect(response.body.indexOf('/booster-bridge.js')).toBeGreaterThan(0);
      expect(response.body.indexOf('/booster-bridge.js')).toBeLessThan(
        response.body.indexOf('/assets/app.js'),
      );
    }
  });

  it('serves assets with their MIME type, and no script for a missing one', async () => {
    const script = await rawRequest(new URL('/assets/app.js', server.url).href);
    expect([script.status, script.headers['content-type']]).toEqual([
      200,
      expect.stringMatching(/^text\/javascript\b/),
    ]);
    // As a stylesheet link asks for it (without `Accept: text/css`, Vite answers CSS as a JavaScript module).
    const css = await rawRequest(new URL('/assets/app.css', server.url).href, {
      headers: { accept: 'text/css,*/*;q=0.1' },
    });
    expect([css.status, css.headers['content-type']]).toEqual([200, expect.stringMatching(/^text\/css\b/)]);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    // Vite's single-page fallback answers a missing file with the page, never with a script to run.
    const missing = await rawRequest(new URL('/assets/missing.js', server.url).href);
    expect(missing.headers['content-type']).not.toMatch(/javascript/);
  });

  it('serves the bridge client as JavaScript', async () => {
    const bridge = await rawRequest(new URL('/booster-bridge.js', server.url).href);
    expect(bridge.status).toBe(200);
    expect(bridge.headers['content-type']).toMatch(/^text\/javascript\b/);
    expect(bridge.body).toContain('/ipc/events');
  });

  it('never serves a file outside the build', async () => {
    for (const route of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await rawRequest(`${server.url.replace(/\/$/, '')}${route}`);
      expect(response.body, route).not.toContain('do not serve');
    }
  });

  it('refuses requests with a foreign Host or Origin (DNS rebinding, other sites)', async () => {
    const cases: Record<string, string>[] = [
      { host: 'evil.example' },
      { host: `evil.example:${server.port}` },
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of cases) {
      const page = await rawRequest(server.url, { headers });
      expect(page.status, JSON.stringify(headers)).toBe(403);
      // With the right token: the Host / Origin checks hold on their own.
      const ipc = await rawRequest(new URL('/ipc/sync:status', server.url).href, {
        method: 'POST',
        headers: { ...tokenHeaders(server), 'content-type': 'application/json', ...headers },
        body: '',
      });
      expect(ipc.status).toBe(403);
      expect(JSON.parse(ipc.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe('web host IPC over HTTP', () => {
  it('answers a channel with its IpcResult', async () => {
    const response = await postIpc(server, 'sync:status');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: idleStatus });
  });

  it('validates requests through the dispatcher', async () => {
    const invalid = await postIpc(server, 'outbox:discard', { captureId: 'nope' });
    expect(JSON.parse(invalid.body)).toMatchObject({
      ok: false,
      error: { code: 'invalidRequest', fields: [{ path: 'captureId' }] },
    });
    const unknown = await postIpc(server, 'outbox:explode', {});
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknownChannel' } });
  });

  it('refuses a body that is not JSON, and methods other than POST', async () => {
    const notJson = await rawRequest(new URL('/ipc/sync:status', server.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...tokenHeaders(server) },
      body: '{oops',
    });
    expect([notJson.status, JSON.parse(notJson.body).error.code]).toEqual([400, 'invalidRequest']);
    const form = await rawRequest(new URL('/ipc/sync:status', server.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...tokenHeaders(server) },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const get = await rawRequest(new URL('/ipc/sync:status', server.url).href, {
      headers: tokenHeaders(server),
    });
    expect(get.status).toBe(405);
  });

  it('refuses a request body over the cap (256 KiB; see request-limits.test.ts)', async () => {
    const response = await postIpc(server, 'outbox:enqueue', { padding: 'x'.repeat(1024 * 1024) });
    expect([response.status, JSON.parse(response.body).error.code]).toEqual([413, 'invalidRequest']);
  });

  it('streams valid sync:changed pushes as Server-Sent Events and drops invalid ones', async () => {
    const stream = await openEventStream(server);
    try {
      pushes.emit('push', { status: { ...idleStatus, activity: 'dancing' }, changed: [] });
      const valid = { status: { ...idleStatus, activity: 'syncing' }, changed: [pendingEntry] };
      pushes.emit('push', valid);
      expect(await stream.nextEvent()).toEqual({ event: 'sync:changed', data: valid });
      expect(stream.events).toHaveLength(1);
      expect(logger.lines.some((line) => line.message.includes('outside the IPC contract'))).toBe(true);
    } finally {
      stream.close();
    }
  });
});
