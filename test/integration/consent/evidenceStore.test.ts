// The consent evidence journal on real files: each tick is on disk (sealed) when it is acknowledged, nothing
// of it is readable in the file's bytes, it survives a reopen and a torn last line, main stamps what the page
// cannot be trusted with (hash, time, device, staff), a data-subject export holds every tick and the texts
// shown, and erasing a client removes its lines from the file.
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  consentTextFor,
  defaultConsentCatalogue,
  type ConsentPurpose,
} from '../../../shared/consent/catalogue';
import { consentExportSchema, type ConsentRecordRequest } from '../../../shared/ipc/consent';
import { EVIDENCE_FILE } from '../../../electron/main/core/consent/evidenceStore';
import { openConsent, type OpenConsent } from '../../../electron/main/core/consent/openConsent';
import { consentTextHash } from '../../../electron/main/core/consent/textHash';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { makeTempDir } from '../../support/core/tempDir';
import { rm } from 'node:fs/promises';

const dirs: string[] = [];
const opened: OpenConsent[] = [];
afterEach(async () => {
  for (const consent of opened.splice(0)) await consent.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const contactKey = randomBytes(32);

async function open(
  dataDir: string,
  options: { clock?: FakeClock; skewMs?: () => number | undefined; user?: string; epoch?: string } = {},
) {
  const consent = await openConsent({
    dataDir,
    contactKey,
    logger: createSilentLogger(),
    clock: options.clock ?? new FakeClock(),
    monotonicEpoch: options.epoch ?? 'run-1',
    skewMs: options.skewMs ?? (() => undefined),
    boosterUser: async () => options.user,
  });
  opened.push(consent);
  return consent;
}

function tick(
  captureId: string,
  purpose: ConsentPurpose,
  language: string,
  given = true,
): ConsentRecordRequest {
  const text = consentTextFor(defaultConsentCatalogue, purpose, language)!;
  return {
    captureId,
    purpose,
    given,
    textId: text.id,
    version: text.version,
    language: text.language,
    tickedBy: 'client',
  };
}

describe('consent evidence store', () => {
  it('records each tick sealed and durable, survives a reopen, and exports per client', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 10, 0, 0));
    const client = randomUUID();
    const other = randomUUID();
    const first = await open(dir, { clock, user: 'Zqxstaffmarker' });
    const { record } = first.service.handlers;

    const given = await record(tick(client, 'allowStoreDataAbroad', 'zh'));
    expect(given).toMatchObject({
      seq: 1,
      captureId: client,
      purpose: 'allowStoreDataAbroad',
      given: true,
      textId: 'consent.allowStoreDataAbroad',
      version: 1,
      language: 'zh',
      tickedBy: 'client',
      staff: { name: 'Zqxstaffmarker', source: 'boosterUser' },
      at: '2026-11-28T10:00:00.000Z',
      timeSource: 'device',
      timeZone: 'Europe/Paris',
    });
    expect(given.textHash).toBe(
      consentTextHash(consentTextFor(defaultConsentCatalogue, 'allowStoreDataAbroad', 'zh')!.text),
    );
    // On disk once acknowledged (fdatasync before the answer): the file already has its line.
    const file = path.join(dir, EVIDENCE_FILE);
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    clock.advance(5_000);
    // A German client reads English: the evidence records 'en' as shown. Then withdraws, recorded too.
    await record({ ...tick(client, 'dataSharingConsent', 'de'), staffHint: 'ignored@maison.example' });
    await record({ ...tick(client, 'dataSharingConsent', 'de', false), tickedBy: 'staff' });
    await record(tick(other, 'privacyPolicyAcceptanceStorage', 'fr'));
    const deviceId = given.deviceId;
    await first.close();

    // Nothing of the evidence is readable in the file: no staff name, purpose, text id, language or device id.
    const bytes = await readFile(file);
    for (const marker of [
      'Zqxstaffmarker',
      'allowStoreDataAbroad',
      'consent.',
      'dataSharingConsent',
      deviceId,
      '"zh"',
      'client',
    ])
      expect(bytes.includes(Buffer.from(marker, 'utf8')), marker).toBe(false);

    const again = await open(dir, { clock });
    const { evidence } = await again.service.handlers.listForCapture({ captureId: client });
    expect(evidence.map((row) => [row.seq, row.purpose, row.given, row.language, row.tickedBy])).toEqual([
      [1, 'allowStoreDataAbroad', true, 'zh', 'client'],
      [2, 'dataSharingConsent', true, 'en', 'client'],
      [3, 'dataSharingConsent', false, 'en', 'staff'],
    ]);
    expect(evidence.every((row) => row.deviceId === deviceId)).toBe(true);
    // The summary for the receipt: the withdrawal wins.
    const summary = again.service.summaryFor([client, other, randomUUID()]);
    expect(summary.get(client)?.map((line) => [line.purpose, line.given, line.changes])).toEqual([
      ['allowStoreDataAbroad', true, 1],
      ['dataSharingConsent', false, 2],
    ]);
    expect(summary.get(other)).toHaveLength(1);

    const exported = consentExportSchema.parse(await again.service.handlers.export({ captureId: client }));
    expect(exported.document.evidence).toHaveLength(3);
    expect(exported.document.texts.map((text) => [text.id, text.language])).toEqual([
      ['consent.allowStoreDataAbroad', 'zh'],
      ['consent.dataSharingConsent', 'en'],
    ]);
    for (const text of exported.document.texts) expect(text.hash).toBe(consentTextHash(text.text));
    // A later tick continues the sequence.
    expect((await again.service.handlers.record(tick(other, 'canBeContactedByMaison', 'fr'))).seq).toBe(5);
  });

  it('drops a torn last line (never acknowledged) and keeps reading the rest', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const client = randomUUID();
    const first = await open(dir);
    await first.service.handlers.record(tick(client, 'privacyPolicyAcceptanceStorage', 'en'));
    await first.close();
    await appendFile(path.join(dir, EVIDENCE_FILE), `2\t${client}\tv1.half-writ`);
    const again = await open(dir);
    expect((await again.service.handlers.listForCapture({ captureId: client })).evidence).toHaveLength(1);
    expect((await again.service.handlers.record(tick(client, 'canBeContactedByMaison', 'en'))).seq).toBe(2);
    expect((await again.service.handlers.listForCapture({ captureId: client })).evidence).toHaveLength(2);
  });

  it('refuses a text main does not hold, naming the field', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const consent = await open(dir);
    const request = tick(randomUUID(), 'allowStoreDataAbroad', 'fr');
    await expect(consent.service.handlers.record({ ...request, version: 7 })).rejects.toMatchObject({
      code: 'unknownConsentText',
      fields: [expect.objectContaining({ path: 'textId' })],
    });
    await expect(
      consent.service.handlers.record({ ...request, purpose: 'dataSharingConsent' }),
    ).rejects.toMatchObject({ code: 'unknownConsentText' });
  });

  it('places a tick in trusted time once Booster’s clock is known, as registration time is', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    // The laptop is 1 hour behind; Booster is first reached 10 minutes after the tick.
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const booster: { skewMs?: number } = {};
    const consent = await open(dir, { clock, skewMs: () => booster.skewMs });
    const client = randomUUID();
    const recorded = await consent.service.handlers.record(tick(client, 'allowStoreDataAbroad', 'en'));
    expect(recorded).toMatchObject({ at: '2026-11-28T09:00:00.000Z', timeSource: 'device' });
    clock.advance(10 * 60_000);
    booster.skewMs = 60 * 60_000;
    const [row] = (await consent.service.handlers.listForCapture({ captureId: client })).evidence;
    expect(row).toMatchObject({
      at: '2026-11-28T10:00:00.000Z',
      timeSource: 'corrected',
      deviceAt: '2026-11-28T09:00:00.000Z',
    });
    // Known at the tick: Booster's time at once.
    const later = await consent.service.handlers.record(tick(client, 'dataSharingConsent', 'en'));
    expect(later).toMatchObject({ at: '2026-11-28T10:10:00.000Z', timeSource: 'booster' });
  });

  it('erases a client’s lines from the file, keeping the others', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const erased = randomUUID();
    const kept = randomUUID();
    const consent = await open(dir);
    await consent.service.handlers.record(tick(erased, 'privacyPolicyAcceptanceStorage', 'fr'));
    await consent.service.handlers.record(tick(kept, 'privacyPolicyAcceptanceStorage', 'fr'));
    await consent.service.handlers.record(tick(erased, 'allowStoreDataAbroad', 'fr'));
    expect(await consent.service.erase(erased)).toBe(2);
    const text = await readFile(path.join(dir, EVIDENCE_FILE), 'utf8');
    expect(text).not.toContain(erased);
    expect(text).toContain(kept);
    expect((await consent.service.handlers.listForCapture({ captureId: erased })).evidence).toEqual([]);
    await consent.service.handlers.record(tick(kept, 'dataSharingConsent', 'fr'));
    await consent.close();
    const again = await open(dir);
    expect(
      (await again.service.handlers.listForCapture({ captureId: kept })).evidence.map((row) => row.seq),
    ).toEqual([2, 4]);
  });
});
