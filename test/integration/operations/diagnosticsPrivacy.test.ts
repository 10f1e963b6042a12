// "Copy diagnostics" after a realistic day: clients with unique marker values captured, some sent, one
// refused by Booster with a message quoting its value, one flagged. Not one marker, nor the API key, is in it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult, SyncStatus } from '../../../shared/ipc';
import { createConsoleLogger } from '../../../electron/main/core/platform/logger';
import { startWebHost, type WebHost } from '../../../tools/web-host/index';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { testKeySource } from '../../support/core/testKeys';
import { waitUntil } from '../../support/waitUntil';
import { postIpc } from '../web-host/http-client';

let folder: string;
let host: WebHost | undefined;
const apiKey = 'diag-secret-api-key-7c1f9e';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-diagnostics-'));
});

afterEach(async () => {
  await host?.close();
  host = undefined;
  await rm(folder, { recursive: true, force: true });
});

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const result = JSON.parse((await postIpc(host!, channel, request)).body) as IpcResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Unique values in every personal field a client has. */
function markedClient(index: number) {
  const marker = `Zqxw${index}vbn`;
  return {
    markers: [
      marker,
      `first${marker}`,
      `${marker.toLowerCase()}@mail.example`,
      `+33 6 12 ${10 + index} 45 67`,
      `note ${marker} secret`,
    ],
    record: sampleRecord(index, {
      lastName: marker,
      firstName: `first${marker}`,
      emails: [{ email: `${marker.toLowerCase()}@mail.example`, isMainEmail: true }],
      phones: [{ phone: `6 12 ${10 + index} 45 67`, countryPrefix: 'fr', isMainPhone: true }],
      countryId: 'fr',
      notes: `note ${marker} secret`,
    }),
  };
}

describe('diagnostics', () => {
  it('holds no personal value and no secret after a full run', async () => {
    const dataDir = path.join(folder, 'data');
    host = await startWebHost({
      dataDir,
      rendererDir: path.join(folder, 'no-renderer'),
      keySource: testKeySource(dataDir),
      // Every line the app logs, down to debug, goes through the same allow-list as in production.
      logger: createConsoleLogger(new Writable({ write: (_chunk, _encoding, done) => done() }), 'debug'),
      simulator: {
        apiKey,
        rejectRules: [
          { field: 'lastName', matches: '^Zqxw3', message: 'Last name Zqxw3vbn is not accepted' },
        ],
      },
      apiKey,
    });
    const clients = [0, 1, 2, 3].map(markedClient);
    for (const client of clients)
      await value('outbox:enqueue', { captureId: newCaptureId(), record: client.record });
    await waitUntil(async () => {
      const { counts } = await value<SyncStatus>('sync:status');
      return counts.sent === 3 && counts.needsAttention === 1;
    }, 'three sent, one refused');
    // One more captured while Booster is out of reach, flagged after a lost answer.
    host.simulator!.configure({
      faults: { lostResponse: { probability: 0, count: 1, routes: ['customer'] } },
    });
    const late = markedClient(4);
    clients.push(late);
    await value('outbox:enqueue', { captureId: newCaptureId(), record: late.record });
    await waitUntil(
      async () => (await value<SyncStatus>('sync:status')).counts.possibleDuplicate >= 1,
      'a flagged client',
    );

    const { text } = await value<{ text: string }>('operations:diagnostics');
    expect(text).toContain('[Queue]');
    expect(text).toContain('needsAttention: 1');
    expect(text).toContain('Booster host: 127.0.0.1');
    expect(text).toMatch(/\[Recent log lines\] \([1-9]\d*\)/);
    for (const marker of [...clients.flatMap((client) => client.markers), apiKey, 'Zqxw', '12 10 45 67'])
      expect(text, marker).not.toContain(marker);
  });
});
