// startWebHost end to end over HTTP: the REAL main-process services (outbox, sync engine, auth) in Node,
// the Booster simulator, files in a temp folder. The renderer is a stand-in page (the real one is e2e's).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncChangedSchema, type SyncChanged } from '../../../shared/ipc';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { startWebHost, WebHostStartError, type WebHost } from '../../../tools/web-host/index';
import { minimalPrivateClientExample } from '../../support/arbitraries';
import { startTestBoosterSimulator } from '../../support/booster-sim';
import { openEventStream, postIpc, rawRequest } from './http-client';

const captureId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const minimalPrivateClient = minimalPrivateClientExample;

let folder: string;
let rendererDir: string;
const hosts: WebHost[] = [];

async function start(options: Partial<Parameters<typeof startWebHost>[0]> = {}): Promise<WebHost> {
  const host = await startWebHost({
    dataDir: path.join(folder, 'data'),
    simulator: true,
    rendererDir,
    logger: createSilentLogger(),
    ...options,
  });
  hosts.push(host);
  return host;
}

function json(body: string): unknown {
  return JSON.parse(body) as unknown;
}

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-host-'));
  rendererDir = path.join(folder, 'renderer');
  await mkdir(rendererDir);
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<html><head><script type="module" src="/assets/app.js"></script></head></html>',
  );
});

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  await rm(folder, { recursive: true, force: true });
});

describe('startWebHost with the real services and the Booster simulator', () => {
  it('serves the page with the bridge, configured for the simulator it started', async () => {
    const host = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.simulator).toBeDefined();
    const page = await rawRequest(host.url);
    expect(page.body).toContain('<script type="module" src="/booster-bridge.js"></script>');

    const environment = json((await postIpc(host, 'auth:environment')).body);
    expect(environment).toMatchObject({
      ok: true,
      value: { baseUrl: host.simulator!.url, authMode: 'apiKey' },
    });
  });

  it('sends an enqueued client to Booster and pushes the progress over SSE', async () => {
    const host = await start();
    const stream = await openEventStream(host);
    try {
      const enqueued = json(
        (await postIpc(host, 'outbox:enqueue', { captureId, record: minimalPrivateClient })).body,
      );
      expect(enqueued).toMatchObject({
        ok: true,
        value: { captureId, displayName: expect.stringContaining('Rossi') },
      });

      let sent: SyncChanged['changed'][number] | undefined;
      while (!sent) {
        const { event, data } = await stream.nextEvent();
        expect(event).toBe('sync:changed');
        const push = syncChangedSchema.parse(data);
        sent = push.changed.find((entry) => entry.captureId === captureId && entry.state === 'sent');
      }
      expect(sent.boosterCustomerId).toBeGreaterThan(0);
      expect(host.simulator!.customers()).toHaveLength(1);
      expect(json((await postIpc(host, 'sync:status')).body)).toMatchObject({
        ok: true,
        value: { counts: { sent: 1 } },
      });
    } finally {
      stream.close();
    }
  });

  it('refuses an invalid client with the field errors from main', async () => {
    const host = await start();
    const { lastName: _lastName, ...withoutName } = minimalPrivateClient;
    const answer = json((await postIpc(host, 'outbox:enqueue', { captureId, record: withoutName })).body);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'invalidRecord', fields: [expect.objectContaining({ path: expect.any(String) })] },
    });
  });

  it('keeps the outbox across a restart on the same data folder', async () => {
    const first = await start({ simulator: { honourIdempotencyKey: true } });
    await postIpc(first, 'outbox:enqueue', { captureId, record: minimalPrivateClient });
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);

    const second = await start({ simulator: false });
    const list = json((await postIpc(second, 'outbox:list', { limit: 10 })).body);
    expect(list).toMatchObject({ ok: true, value: { items: [expect.objectContaining({ captureId })] } });
  });

  it('refuses a second host on a data folder in use, and leaves nothing running', async () => {
    await start();
    await expect(start()).rejects.toMatchObject({ code: 'locked' });
    expect(hosts).toHaveLength(1);
  });

  it('configures a given Booster environment at start', async () => {
    const booster = await startTestBoosterSimulator();
    try {
      const host = await start({ simulator: false, boosterUrl: booster.url, apiKey: booster.apiKey });
      expect(host.simulator).toBeUndefined();
      expect(json((await postIpc(host, 'auth:environment')).body)).toMatchObject({
        ok: true,
        value: { baseUrl: booster.url, authMode: 'apiKey' },
      });
    } finally {
      for (const host of hosts.splice(0)) await host.close();
      await booster.close();
    }
  });

  it('refuses contradictory options before starting anything', async () => {
    await expect(start({ simulator: false, boosterUrl: 'https://booster.example' })).rejects.toBeInstanceOf(
      WebHostStartError,
    );
    await expect(start({ boosterUrl: 'https://booster.example', apiKey: 'k' })).rejects.toBeInstanceOf(
      WebHostStartError,
    );
  });
});
