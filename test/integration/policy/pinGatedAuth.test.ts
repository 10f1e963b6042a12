// With an IT policy present, the Booster requests that change where clients go need the staff PIN, through the
// same dispatcher and services the app uses: switching environments and signing out are refused without it
// (naming the field `pin`) or with a wrong one (counted like an unlock), and pass with the right one; the
// policy's retentionDays is how long sent clients are kept.
import { afterEach, describe, expect, it } from 'vitest';
import { openBoosterServices, type BoosterServices } from '../../../electron/main/core/boosterServices';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import type { PolicyView } from '../../../shared/ipc';
import { FakeClock } from '../../support/core/fakeClock';
import { createFakeFetch } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { makeTempDir } from '../../support/core/tempDir';
import { testKeySource } from '../../support/core/testKeys';

const scrypt = { N: 2 ** 10, r: 8, p: 1 };
const PIN = '482917';
const policy: PolicyView = {
  state: 'loaded',
  source: '/etc/booster-capture/policy.json',
  policy: {
    version: 1,
    environments: [
      { id: 'eu', name: 'Europe', baseUrl: 'https://eu.booster.example', authMode: 'apiKey' },
      { id: 'us', name: 'Americas', baseUrl: 'https://us.booster.example', authMode: 'apiKey' },
    ],
    idleLockMinutes: 5,
    allowedUiLanguages: ['en'],
    retentionDays: 7,
  },
};

const toStop: BoosterServices[] = [];
afterEach(async () => {
  for (const services of toStop.splice(0)) await services.stop();
});

async function open() {
  const store = new MemoryOutboxStore();
  const services = await openBoosterServices({
    dataDir: await makeTempDir(),
    // Booster is never reached here: a configure is saved and answered notChecked.
    fetch: createFakeFetch().fetch,
    secretStore: createMemorySecretStore(),
    clock: new FakeClock(),
    logger: createSilentLogger(),
    store,
    keySource: testKeySource(store),
    policy,
    appLock: { scrypt },
  });
  toStop.push(services);
  const dispatch = createIpcDispatcher(services.handlers);
  expect(await dispatch('lock:setPin', { pin: PIN })).toMatchObject({ ok: true });
  return dispatch;
}

const toEu = { mode: 'apiKey', baseUrl: 'https://eu.booster.example', apiKey: 'k' };
const toUs = { mode: 'apiKey', baseUrl: 'https://us.booster.example', apiKey: 'k' };

describe('PIN-gated Booster requests under a policy', () => {
  it('switching environments needs the PIN: none, a wrong one, then the right one', async () => {
    const dispatch = await open();
    expect(await dispatch('auth:switchCheck', { baseUrl: toEu.baseUrl, mode: 'apiKey' })).toMatchObject({
      ok: true,
      value: {
        kind: 'needsPin',
        needsPin: true,
        to: { environmentId: 'eu', label: 'Europe (eu.booster.example)' },
      },
    });
    expect(await dispatch('auth:configure', toEu)).toMatchObject({
      ok: false,
      error: { code: 'pinNeeded', fields: [{ path: 'pin' }] },
    });
    expect(await dispatch('auth:configure', { ...toEu, pin: '000001' })).toMatchObject({
      ok: false,
      error: { code: 'wrongPin', fields: [{ path: 'pin' }] },
    });
    // The wrong PIN counted like an unlock's.
    expect(await dispatch('lock:status', undefined)).toMatchObject({ value: { attemptsBeforeWait: 2 } });
    expect(await dispatch('auth:environment', undefined)).toEqual({ ok: true, value: null });
    expect(await dispatch('auth:configure', { ...toEu, pin: PIN })).toMatchObject({
      ok: true,
      value: { environment: { baseUrl: 'https://eu.booster.example', environmentId: 'eu' } },
    });
    // The same environment again (a new key) is no switch; another one is.
    expect(await dispatch('auth:configure', { ...toEu, apiKey: 'k2' })).toMatchObject({ ok: true });
    expect(await dispatch('auth:configure', toUs)).toMatchObject({
      ok: false,
      error: { code: 'pinNeeded' },
    });
  });

  it('signing out and turning the lock off need the PIN', async () => {
    const dispatch = await open();
    await dispatch('auth:configure', { ...toEu, pin: PIN });
    expect(await dispatch('auth:signOut', undefined)).toMatchObject({
      ok: false,
      error: { code: 'pinNeeded', fields: [{ path: 'pin' }] },
    });
    expect(await dispatch('auth:signOut', { pin: '000001' })).toMatchObject({
      ok: false,
      error: { code: 'wrongPin', fields: [{ path: 'pin' }] },
    });
    expect(await dispatch('auth:signOut', { pin: PIN })).toMatchObject({
      ok: true,
      value: { signedIn: false, environmentId: 'eu' },
    });
    expect(await dispatch('lock:disable', {})).toMatchObject({
      ok: false,
      error: { code: 'pinNeeded', fields: [{ path: 'pin' }] },
    });
  });

  it("keeps sent clients for the policy's retentionDays", async () => {
    const dispatch = await open();
    const diagnostics = await dispatch('operations:diagnostics', undefined);
    expect(diagnostics.ok && (diagnostics.value as { text: string }).text).toContain(
      'Sent retention (days): 7',
    );
  });
});
