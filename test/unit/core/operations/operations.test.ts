// Operations over a real outbox on disk (no Booster): the import is all or nothing, keyed by capture id, and
// keeps each client's capture clock; the receipt finds a sent client by the POS code it kept after sending.
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalOutbox, type LocalOutboxServices } from '../../../../electron/main/core/boosterServices';
import { encodeRescue, type RescueRecord } from '../../../../electron/main/core/operations/rescueFile';
import { nextContent } from '../../../../electron/main/core/outbox/transitions';
import { createSilentLogger } from '../../../../electron/main/core/platform/logger';
import { FakeClock } from '../../../support/core/fakeClock';
import { newCaptureId, sampleRecord } from '../../../support/core/records';
import { makeTempDir } from '../../../support/core/tempDir';
import { testKeySource } from '../../../support/core/testKeys';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const passphrase = 'operations passphrase';
const cost = { N: 2 ** 14, r: 8, p: 1 };

async function open(clock = new FakeClock()): Promise<LocalOutboxServices> {
  const dataDir = await makeTempDir();
  const services = await openLocalOutbox({
    dataDir,
    clock,
    logger: createSilentLogger(),
    keySource: testKeySource(dataDir),
  });
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  cleanups.push(() => services.stop());
  return services;
}

function rescued(record: Record<string, unknown>, at = Date.UTC(2026, 10, 20, 9, 30)): RescueRecord {
  return {
    captureId: newCaptureId(),
    record,
    capture: {
      deviceTimeMs: at,
      timeZone: 'Asia/Tokyo',
      monotonicMs: 5,
      monotonicEpoch: 'other-laptop',
      registrationDateFromDevice: true,
    },
    state: 'pending',
    possibleDuplicate: false,
    attemptCount: 0,
    enqueuedAt: at,
  };
}

describe('rescue import into an outbox', () => {
  it('queues nothing when one record is not valid, and says which and why', async () => {
    const target = await open();
    const good = rescued(sampleRecord(1, { registrationDate: '2026-11-20T09:30:00.000Z' }));
    const bad = rescued(sampleRecord(2, { lastName: '', emails: 'not a list' }));
    const file = await encodeRescue([good, bad], passphrase, { cost });
    const result = await target.operations.importRescue(file, passphrase);
    expect(result).toMatchObject({ inFile: 2, imported: 0, alreadyPresent: 0 });
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]?.captureId).toBe(bad.captureId);
    expect(result.refused[0]?.reasons.join(' ')).toMatch(/emails/);
    expect((await target.handlers.outbox.list({ limit: 10 })).items).toEqual([]);
  });

  it('keeps the capture clock, so the receipt on the new laptop shows when and where it was captured', async () => {
    const target = await open();
    const client = rescued(
      sampleRecord(3, { registrationDate: '2026-11-20T09:30:00.000Z' }),
      Date.UTC(2026, 10, 20, 16, 0),
    );
    const file = await encodeRescue([client, client], passphrase, { cost });
    // The same capture id twice in one file is queued once.
    expect(await target.operations.importRescue(file, passphrase)).toMatchObject({
      imported: 1,
      alreadyPresent: 1,
    });
    // 16:00 UTC on the 20th is the 21st in Tokyo, where it was captured.
    const { rows } = await target.operations.receipt({
      posCode: 'ES100:102048',
      from: '2026-11-21',
      to: '2026-11-21',
    });
    expect(rows).toEqual([
      expect.objectContaining({
        captureId: client.captureId,
        capturedAt: '2026-11-20T16:00:00.000Z',
        state: 'pending',
      }),
    ]);
  });

  it('refuses a short passphrase before reading anything', async () => {
    const source = await open();
    await expect(source.operations.exportRescue('short')).rejects.toMatchObject({ code: 'invalidRequest' });
  });
});

describe('what a sent client keeps', () => {
  it('keeps its POS code, not its record, for the receipt', () => {
    const record = sampleRecord(4);
    const capture = {
      deviceTimeMs: 1,
      timeZone: 'UTC',
      monotonicMs: 1,
      monotonicEpoch: 'e',
      registrationDateFromDevice: true,
    };
    const queued = nextContent(
      undefined,
      { kind: 'enqueued', captureId: 'c', record, capture, contactHashes: [] },
      1,
    );
    const sending = nextContent(queued, { kind: 'attemptBegan', record, capture }, 2);
    const sent = nextContent(
      sending,
      {
        kind: 'attemptFinished',
        result: { kind: 'sent', boosterCustomerId: 9, attempt: { startedAt: 2, outcome: 'created' } },
      },
      3,
    );
    expect(sent.personal).toEqual({ displayName: 'Bianchi4, Giulia', posCode: 'ES100:102048' });
  });
});
