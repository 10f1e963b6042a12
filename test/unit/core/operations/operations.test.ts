// Operations over a real outbox on disk (no Booster): the import is all or nothing, keyed by capture id, keeps
// each client's capture clock and meets the country rules as every enqueue does; the receipt finds a sent
// client by the POS code it kept after sending, and shows each client's consents as evidenced.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openLocalOutbox,
  openReadOnlyOutbox,
  type LocalOutboxServices,
} from '../../../../electron/main/core/boosterServices';
import { CONSENT_REFERENCE_FILE, openConsent } from '../../../../electron/main/core/consent/openConsent';
import { openOutbox } from '../../../../electron/main/core/openOutbox';
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

async function open(clock = new FakeClock(), consentReference?: unknown): Promise<LocalOutboxServices> {
  const dataDir = await makeTempDir();
  if (consentReference !== undefined)
    await writeFile(path.join(dataDir, CONSENT_REFERENCE_FILE), JSON.stringify(consentReference));
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

  it('refuses a client of China without the cross-border consent, naming the country, consent and field', async () => {
    const target = await open();
    const chinese = rescued(sampleRecord(5, { countryId: 'cn', allowStoreDataAbroad: false }));
    const consenting = rescued(sampleRecord(6, { countryId: 'cn', allowStoreDataAbroad: true }));
    const file = await encodeRescue([consenting, chinese], passphrase, { cost });
    const result = await target.operations.importRescue(file, passphrase);
    expect(result).toMatchObject({ inFile: 2, imported: 0 });
    expect(result.refused).toEqual([
      {
        captureId: chinese.captureId,
        reasons: [
          expect.stringMatching(
            /^allowStoreDataAbroad: Clients from China must give the consent .*\(allowStoreDataAbroad\)/,
          ),
        ],
      },
    ]);
    expect((await target.handlers.outbox.list({ limit: 10 })).items).toEqual([]);
  });

  it("applies the folder's own country rules (consent-reference.json), as its enqueue does", async () => {
    const target = await open(new FakeClock(), {
      countryRules: [{ id: 'kr', countries: ['KR'], requiredConsents: ['dataSharingConsent'] }],
    });
    const korean = rescued(sampleRecord(7, { countryId: 'kr' }));
    // The rules replace the shipped ones: China's is not this folder's rule.
    const chinese = rescued(sampleRecord(8, { countryId: 'cn' }));
    const file = await encodeRescue([korean, chinese], passphrase, { cost });
    const result = await target.operations.importRescue(file, passphrase);
    expect(result.refused.map((refusal) => [refusal.captureId, refusal.reasons])).toEqual([
      [korean.captureId, [expect.stringMatching(/^dataSharingConsent: Clients from South Korea must give/)]],
    ]);
    await expect(
      target.handlers.outbox.enqueue({ captureId: korean.captureId, record: korean.record }),
    ).rejects.toMatchObject({ code: 'invalidRecord', fields: [{ path: 'dataSharingConsent' }] });
    await target.handlers.outbox.enqueue({ captureId: chinese.captureId, record: chinese.record });
  });

  it('refuses a short passphrase before reading anything', async () => {
    const source = await open();
    await expect(source.operations.exportRescue('short')).rejects.toMatchObject({ code: 'invalidRequest' });
  });
});

describe('consents on the receipt', () => {
  it("shows each client's last answer per purpose, read by the app and by a read-only open (the CLI)", async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const deps = {
      dataDir,
      clock: new FakeClock(Date.UTC(2026, 10, 30, 10)),
      logger: createSilentLogger(),
      keySource: testKeySource(dataDir),
    };
    const opened = await openOutbox(deps, 'readWrite');
    const [ticked, untouched] = [newCaptureId(), newCaptureId()];
    for (const [index, captureId] of [ticked, untouched].entries())
      await opened.outbox.enqueue(captureId, sampleRecord(index));
    const consent = await openConsent({
      dataDir,
      contactKey: opened.dataKeys.contactKey,
      logger: deps.logger,
      clock: deps.clock,
      monotonicEpoch: opened.monotonicEpoch,
      skewMs: () => undefined,
      boosterUser: async () => undefined,
    });
    const tick = (purpose: 'privacyPolicyAcceptanceStorage' | 'canBeContactedByMaison', given: boolean) =>
      consent.service.handlers.record({
        captureId: ticked,
        purpose,
        given,
        textId: `consent.${purpose}`,
        version: 1,
        language: 'fr',
        tickedBy: 'client',
      });
    await tick('privacyPolicyAcceptanceStorage', true);
    await tick('canBeContactedByMaison', true);
    await tick('canBeContactedByMaison', false);
    const summary = consent.service.summaryFor([ticked, untouched]);
    await consent.close();
    await opened.close();

    const readOnly = await openReadOnlyOutbox(deps);
    cleanups.push(() => readOnly.stop());
    const { rows, csv } = await readOnly.operations.receipt({
      posCode: 'ES100:102048',
      from: '2026-11-30',
      to: '2026-11-30',
    });
    const consentsOf = (captureId: string) =>
      rows.find((row) => row.captureId === captureId)?.consents.filter((line) => line.answer !== 'none');
    expect(consentsOf(ticked)).toEqual([
      {
        purpose: 'privacyPolicyAcceptanceStorage',
        answer: 'given',
        tickedBy: 'client',
        language: 'fr',
        version: 1,
      },
      {
        purpose: 'canBeContactedByMaison',
        answer: 'withdrawn',
        tickedBy: 'client',
        language: 'fr',
        version: 1,
      },
    ]);
    expect(consentsOf(untouched)).toEqual([]);
    expect(csv).toContain(
      `${ticked},"given by client (fr, v1)","withdrawn by client (fr, v1)",none,none,none,none`,
    );
    // The app's service answers the same summary.
    expect(summary.get(ticked)?.map((line) => [line.purpose, line.given])).toEqual([
      ['privacyPolicyAcceptanceStorage', true],
      ['canBeContactedByMaison', false],
    ]);
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
