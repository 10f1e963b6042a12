// Where consent meets the outbox: erasing a client on request erases its consent evidence (only when the
// outbox did erase it). The country rules are the outbox's own validator's (test/unit/consent/
// countryRulesEverywhere.test.ts, the CLI's and the rescue import's tests).
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoosterHandlers } from '../../../shared/ipc';
import { withConsentChecks } from '../../../electron/main/core/consent/consentHandlers';
import { openConsent, type OpenConsent } from '../../../electron/main/core/consent/openConsent';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { makeTempDir } from '../../support/core/tempDir';
import { createFakeHandlers } from '../electron/fake-handlers';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ consent: OpenConsent; erased: { value: boolean } }> {
  const dir = await makeTempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const consent = await openConsent({
    dataDir: dir,
    contactKey: randomBytes(32),
    logger: createSilentLogger(),
    clock: new FakeClock(),
    monotonicEpoch: 'run',
    skewMs: () => undefined,
    boosterUser: async () => undefined,
  });
  cleanups.push(() => consent.close());
  return { consent, erased: { value: true } };
}

function handlersWith(setup: Awaited<ReturnType<typeof setUp>>) {
  const base = createFakeHandlers();
  const outbox: BoosterHandlers['outbox'] = {
    ...base.outbox,
    erase: async () => ({ erased: setup.erased.value }),
  };
  return withConsentChecks(setup.consent, { outbox });
}

describe('withConsentChecks', () => {
  it('erases the evidence of an erased client, and keeps it when the outbox did not erase', async () => {
    const setup = await setUp();
    const handlers = handlersWith(setup);
    const captureId = randomUUID();
    const text = { textId: 'consent.privacyPolicyAcceptanceStorage', version: 1, language: 'en' };
    await handlers.consent.record({
      captureId,
      purpose: 'privacyPolicyAcceptanceStorage',
      given: true,
      tickedBy: 'staff',
      ...text,
    });
    setup.erased.value = false;
    expect(await handlers.outbox.erase({ captureId, confirmUnsent: false })).toEqual({ erased: false });
    expect((await handlers.consent.listForCapture({ captureId })).evidence).toHaveLength(1);
    setup.erased.value = true;
    expect(await handlers.outbox.erase({ captureId, confirmUnsent: true })).toEqual({ erased: true });
    expect((await handlers.consent.listForCapture({ captureId })).evidence).toEqual([]);
  });
});
