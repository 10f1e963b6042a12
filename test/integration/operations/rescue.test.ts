// The rescue file end to end over the web host's HTTP IPC, against the Booster simulator: a laptop with sent,
// refused and unsent clients exports them; a fresh laptop imports them (never twice), then sends them once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult, OutboxEntrySummary, RescueImportResult, SyncStatus } from '../../../shared/ipc';
import { localDay } from '../../../electron/main/core/operations/receipt';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { startWebHost, type WebHost } from '../../../tools/web-host/index';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { testKeySource } from '../../support/core/testKeys';
import { waitUntil } from '../../support/waitUntil';
import { ipcBodyLimitFor } from '../../../tools/web-host/ipc-body';
import { postIpc } from '../web-host/http-client';

let folder: string;
const hosts: WebHost[] = [];
const passphrase = 'a long rescue passphrase';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-rescue-'));
});

afterEach(async () => {
  for (const host of hosts.splice(0).reverse()) await host.close();
  await rm(folder, { recursive: true, force: true });
});

async function start(name: string, options: Partial<Parameters<typeof startWebHost>[0]>): Promise<WebHost> {
  const dataDir = path.join(folder, name);
  const host = await startWebHost({
    dataDir,
    rendererDir: path.join(folder, 'no-renderer'),
    logger: createSilentLogger(),
    keySource: testKeySource(dataDir),
    ...options,
  });
  hosts.push(host);
  return host;
}

async function call<T>(host: WebHost, channel: string, request?: unknown): Promise<IpcResult<T>> {
  const response = await postIpc(host, channel, request);
  expect(response.status, response.body.slice(0, 200)).toBe(200);
  return JSON.parse(response.body) as IpcResult<T>;
}

async function value<T>(host: WebHost, channel: string, request?: unknown): Promise<T> {
  const result = await call<T>(host, channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const status = (host: WebHost) => value<SyncStatus>(host, 'sync:status');
const entries = async (host: WebHost) =>
  (await value<{ items: OutboxEntrySummary[] }>(host, 'outbox:list', { limit: 100 })).items;

describe('rescue export and import', () => {
  it('carries the unsent clients to a fresh laptop, never twice, and they are sent once', async () => {
    const source = await start('laptop-a', {
      simulator: { rejectRules: [{ field: 'lastName', matches: '^Refuse' }] },
    });
    const sim = source.simulator!;
    const sent = [newCaptureId(), newCaptureId()];
    const refused = newCaptureId();
    for (const [index, captureId] of sent.entries())
      await value(source, 'outbox:enqueue', { captureId, record: sampleRecord(index) });
    await value(source, 'outbox:enqueue', {
      captureId: refused,
      record: sampleRecord(9, { lastName: 'Refused' }),
    });
    await waitUntil(async () => {
      const { counts } = await status(source);
      return counts.sent === 2 && counts.needsAttention === 1;
    }, 'two sent and one refused on laptop A');

    // Booster out of reach from now on: these two stay unsent.
    await value(source, 'auth:signOut');
    const unsent = [newCaptureId(), newCaptureId()];
    for (const [index, captureId] of unsent.entries())
      await value(source, 'outbox:enqueue', { captureId, record: sampleRecord(20 + index) });
    expect((await status(source)).counts).toMatchObject({ pending: 2, sent: 2, needsAttention: 1 });

    // The event receipt lists every client of the day with the ids Booster gave.
    const today = localDay(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);
    const receipt = await value<{
      rows: { captureId: string; boosterCustomerId?: number; state: string }[];
      csv: string;
    }>(source, 'operations:receipt', { posCode: 'ES100:102048', from: today, to: today });
    expect(receipt.rows.map((row) => row.captureId).sort()).toEqual([...sent, refused, ...unsent].sort());
    for (const row of receipt.rows.filter((candidate) => sent.includes(candidate.captureId)))
      expect(row.boosterCustomerId).toBeGreaterThan(0);
    expect(receipt.csv.split('\r\n').filter(Boolean)).toHaveLength(6);

    const exported = await value<{ fileName: string; contentBase64: string; count: number }>(
      source,
      'operations:exportRescue',
      { passphrase },
    );
    expect(exported.count).toBe(3);
    expect(exported.fileName).toMatch(/^booster-rescue-.*\.boosterrescue$/);

    // Laptop B sends to the same Booster.
    const target = await start('laptop-b', { boosterUrl: sim.url, apiKey: sim.apiKey });
    const wrong = await call(target, 'operations:importRescue', {
      contentBase64: exported.contentBase64,
      passphrase: 'not the passphrase at all',
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.code).toBe('rescueWrongPassphrase');
      expect(wrong.error.fields?.[0]?.path).toBe('passphrase');
    }
    const damaged = Buffer.from(exported.contentBase64, 'base64');
    damaged[damaged.length - 50]! ^= 0xff;
    const refusedImport = await call(target, 'operations:importRescue', {
      contentBase64: damaged.toString('base64'),
      passphrase,
    });
    expect(refusedImport.ok || refusedImport.error.code).toBe('rescueDamaged');
    expect(await entries(target)).toEqual([]);

    const imported = await value<RescueImportResult>(target, 'operations:importRescue', {
      contentBase64: exported.contentBase64,
      passphrase,
    });
    expect(imported).toMatchObject({ inFile: 3, imported: 3, alreadyPresent: 0, refused: [] });
    const again = await value<RescueImportResult>(target, 'operations:importRescue', {
      contentBase64: exported.contentBase64,
      passphrase,
    });
    expect(again).toMatchObject({ inFile: 3, imported: 0, alreadyPresent: 3 });

    await waitUntil(async () => {
      const { counts } = await status(target);
      return counts.sent === 2 && counts.needsAttention === 1 && counts.pending === 0;
    }, 'laptop B sent the two unsent clients and holds the refused one');
    const onB = await entries(target);
    expect(onB.map((entry) => entry.captureId).sort()).toEqual([...unsent, refused].sort());
    const created = sim.customers().map((customer) => customer.idempotencyKey);
    for (const captureId of unsent) expect(created.filter((key) => key === captureId)).toHaveLength(1);
    for (const captureId of sent) expect(created.filter((key) => key === captureId)).toHaveLength(1);
  });

  it('accepts an import body larger than other channels may send, and still bounds it', async () => {
    const host = await start('laptop-c', {});
    const large = Buffer.alloc(400 * 1024, 7).toString('base64');
    const answer = await call(host, 'operations:importRescue', { contentBase64: large, passphrase });
    expect(answer.ok || answer.error.code).toBe('rescueNotRescueFile');
    const elsewhere = await postIpc(host, 'outbox:enqueue', {
      captureId: newCaptureId(),
      record: { note: large },
    });
    expect(elsewhere.status).toBe(413);
    expect(ipcBodyLimitFor('operations:importRescue')).toBeGreaterThan(32 * 1024 * 1024);
    expect(ipcBodyLimitFor('operations:importRescue')).toBeLessThan(33 * 1024 * 1024);
    expect(await entries(host)).toEqual([]);
  });
});
