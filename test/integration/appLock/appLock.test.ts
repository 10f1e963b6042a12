// The app lock against a real data folder: the PIN file on disk (0600, scrypt, no PIN in clear), the throttle
// surviving a restart, wrong PINs, and every client-data channel refused while locked, through the same
// dispatcher and services the app uses.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppLock, type AppLockOptions } from '../../../electron/main/core/appLock/appLock';
import { gateBehindLock, openWhileLocked } from '../../../electron/main/core/appLock/lockHandlers';
import { createPinFileStore, PIN_FILE_NAME } from '../../../electron/main/core/appLock/pinFileStore';
import { FIRST_WAIT_MS } from '../../../electron/main/core/appLock/lockDecisions';
import { openBoosterServices, type BoosterServices } from '../../../electron/main/core/boosterServices';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { allInvokeChannels, ipcContract, type PolicyView } from '../../../shared/ipc';
import { FakeClock } from '../../support/core/fakeClock';
import { createFakeFetch } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { makeTempDir } from '../../support/core/tempDir';
import { testKeySource } from '../../support/core/testKeys';
import { createFakeHandlers } from '../../unit/electron/fake-handlers';

// Cheap scrypt for the many hashes below; one test checks the default cost.
const scrypt = { N: 2 ** 10, r: 8, p: 1 };
const PIN = '482917';

const policy: PolicyView = {
  state: 'loaded',
  source: '/etc/booster-capture/policy.json',
  policy: {
    version: 1,
    environments: [{ id: 'eu', name: 'Europe', baseUrl: 'https://booster.example.com', authMode: 'apiKey' }],
    idleLockMinutes: 2,
    allowedUiLanguages: ['en', 'fr'],
  },
};

async function openLock(dataDir: string, clock: FakeClock, overrides: Partial<AppLockOptions> = {}) {
  return AppLock.open({
    store: createPinFileStore(dataDir),
    clock,
    logger: createSilentLogger(),
    policyPresent: true,
    idleLockMinutes: 2,
    askForPinAtFirstRun: false,
    scrypt,
    ...overrides,
  });
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; fields?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; fields?: unknown };
  }
  throw new Error('expected a refusal');
}

const toStop: BoosterServices[] = [];
afterEach(async () => {
  for (const services of toStop.splice(0)) await services.stop();
});

describe('app lock state machine and PIN file', () => {
  it('asks for a PIN at first run with a policy, refuses a weak one, and stores only an scrypt hash', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const lock = await openLock(dataDir, clock);
    expect(lock.status()).toMatchObject({ state: 'setup', policyPresent: true, idleLockMinutes: 2 });
    expect(lock.isOpen()).toBe(false);
    expect(await refusal(lock.disable(undefined))).toMatchObject({ code: 'pinNeeded' });

    const weak = await refusal(lock.setPin('123456'));
    expect(weak).toMatchObject({
      code: 'invalidPin',
      message: 'Staff PIN: must not be a run of digits (such as 123456 or 987654).',
      fields: [{ path: 'pin', code: 'sequence' }],
    });
    expect(await refusal(lock.setPin('12a456'))).toMatchObject({
      code: 'invalidPin',
      fields: [{ path: 'pin' }],
    });

    expect(await lock.setPin(PIN)).toMatchObject({ state: 'unlocked', attemptsBeforeWait: 3 });
    expect(lock.isOpen()).toBe(true);
    expect(await refusal(lock.setPin('284913'))).toMatchObject({ code: 'pinAlreadySet' });

    const file = path.join(dataDir, PIN_FILE_NAME);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PIN);
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      mode: 'pin',
      failures: 0,
      pin: { algorithm: 'scrypt', N: 1024 },
    });
  });

  it('starts locked after a restart, throttles wrong PINs, and a restart keeps the wait', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    await (await openLock(dataDir, clock)).setPin(PIN);

    const lock = await openLock(dataDir, clock);
    expect(lock.status().state).toBe('locked');
    expect(lock.isOpen()).toBe(false);

    const messages: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await refusal(lock.unlock('000001'));
      expect(wrong.code).toBe('wrongPin');
      messages.push(wrong.message);
    }
    expect(messages).toEqual([
      'Wrong PIN. 2 attempts left before a wait.',
      'Wrong PIN. 1 attempt left before a wait.',
      'Wrong PIN. Wait before the next attempt.',
    ]);
    const waitUntil = clock.now() + FIRST_WAIT_MS;
    expect(lock.status()).toMatchObject({
      attemptsBeforeWait: 0,
      retryAt: new Date(waitUntil).toISOString(),
    });
    // Even the right PIN waits.
    expect(await refusal(lock.unlock(PIN))).toMatchObject({ code: 'tooManyAttempts' });

    const restarted = await openLock(dataDir, clock);
    expect(restarted.status()).toMatchObject({ state: 'locked', retryAt: new Date(waitUntil).toISOString() });
    expect(await refusal(restarted.unlock(PIN))).toMatchObject({ code: 'tooManyAttempts' });

    clock.advance(FIRST_WAIT_MS);
    expect(await restarted.unlock(PIN)).toMatchObject({ state: 'unlocked', attemptsBeforeWait: 3 });
    expect(JSON.parse(await readFile(path.join(dataDir, PIN_FILE_NAME), 'utf8'))).toMatchObject({
      failures: 0,
    });
  });

  it('counts parallel guesses one by one', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    await (await openLock(dataDir, clock)).setPin(PIN);
    const lock = await openLock(dataDir, clock);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => lock.unlock('000001')));
    const codes = results.map((result) =>
      result.status === 'rejected' ? (result.reason as { code: string }).code : 'ok',
    );
    expect(codes).toEqual([
      'wrongPin',
      'wrongPin',
      'wrongPin',
      'tooManyAttempts',
      'tooManyAttempts',
      'tooManyAttempts',
    ]);
  });

  it('still counts wrong PINs when the disk refuses to write them', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    await (await openLock(dataDir, clock)).setPin(PIN);
    const onDisk = createPinFileStore(dataDir);
    const lock = await openLock(dataDir, clock, {
      store: {
        read: () => onDisk.read(),
        write: () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })),
      },
    });
    const codes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) codes.push((await refusal(lock.unlock('000001'))).code);
    expect(codes).toEqual(['wrongPin', 'wrongPin', 'wrongPin', 'tooManyAttempts']);
  });

  it('locks when idle, and on demand; activity keeps it open', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const lock = await openLock(dataDir, clock);
    await lock.setPin(PIN);
    clock.advance(90_000);
    lock.reportActivity();
    clock.advance(90_000);
    expect(lock.isOpen()).toBe(true);
    clock.advance(30_000);
    expect(lock.status().state).toBe('locked');
    // Activity while locked does not unlock.
    expect(lock.reportActivity().state).toBe('locked');
    await lock.unlock(PIN);
    expect(lock.lockNow().state).toBe('locked');
  });

  it('changes the PIN only with the current one, and turns off only with the PIN under a policy', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const lock = await openLock(dataDir, clock);
    await lock.setPin(PIN);
    expect(await refusal(lock.changePin('000001', '284913'))).toMatchObject({
      code: 'wrongPin',
      fields: [{ path: 'currentPin' }],
    });
    expect(await refusal(lock.changePin(PIN, '999999'))).toMatchObject({ code: 'invalidPin' });
    await lock.changePin(PIN, '284913');
    expect(await refusal(lock.disable(undefined))).toMatchObject({
      code: 'pinNeeded',
      fields: [{ path: 'pin' }],
    });
    expect(await lock.disable('284913')).toMatchObject({ state: 'off' });
    expect((await openLock(dataDir, clock)).status().state).toBe('off');
  });

  it('without a policy, first run is off unless the host asks, and turning off needs no PIN', async () => {
    const clock = new FakeClock();
    expect((await openLock(await makeTempDir(), clock, { policyPresent: false })).status().state).toBe('off');
    const asked = await openLock(await makeTempDir(), clock, {
      policyPresent: false,
      askForPinAtFirstRun: true,
    });
    expect(asked.status()).toMatchObject({ state: 'setup', policyPresent: false });
    // Nothing to unlock with yet: the app is open meanwhile.
    expect(asked.isOpen()).toBe(true);
    await asked.setPin(PIN);
    expect(await asked.disable(undefined)).toMatchObject({ state: 'off' });
  });

  it('stays locked with a damaged PIN file and says IT can reset it', async () => {
    const dataDir = await makeTempDir();
    await writeFile(path.join(dataDir, PIN_FILE_NAME), '{"version":1,"mode":"pin"');
    const lock = await openLock(dataDir, new FakeClock());
    expect(lock.status()).toMatchObject({ state: 'locked', damaged: true });
    expect(await refusal(lock.unlock(PIN))).toMatchObject({ code: 'lockDamaged' });
  });

  it('hashes with scrypt at the default cost', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const { scrypt: _cheap, ...defaults } = { scrypt };
    void _cheap;
    const lock = await AppLock.open({
      store: createPinFileStore(dataDir),
      clock,
      logger: createSilentLogger(),
      policyPresent: false,
      idleLockMinutes: 5,
      askForPinAtFirstRun: true,
      ...defaults,
    });
    await lock.setPin(PIN);
    expect(JSON.parse(await readFile(path.join(dataDir, PIN_FILE_NAME), 'utf8'))).toMatchObject({
      pin: { N: 2 ** 15, r: 8, p: 1 },
    });
    expect(await (await openLock(dataDir, clock, { policyPresent: false })).unlock(PIN)).toMatchObject({
      state: 'unlocked',
    });
  });
});

describe('channels behind the lock', () => {
  it('refuses every channel that reveals or changes client data while locked, and lets them through once unlocked', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const lock = await openLock(dataDir, clock);
    await lock.setPin(PIN);
    lock.lockNow();
    const gated = gateBehindLock(createFakeHandlers(), lock) as unknown as Record<
      string,
      Record<string, (request: unknown) => Promise<unknown>>
    >;
    // Straight to the gated handlers: the gate answers before any request is looked at.
    const refused: string[] = [];
    const answered: string[] = [];
    for (const [domain, methods] of Object.entries(gated)) {
      for (const [verb, handler] of Object.entries(methods)) {
        const code = await handler(undefined).then(
          () => 'answered',
          (error: unknown) => (error as { code?: string }).code,
        );
        (code === 'locked' ? refused : answered).push(`${domain}.${verb}`);
      }
    }
    // Exactly the allow-list answers; every other handler, whatever domain it belongs to, is refused.
    expect(answered.sort()).toEqual([...openWhileLocked].sort());
    expect(refused.length).toBeGreaterThan(0);
    const channelOf = (name: string) => {
      const [domain, verb] = name.split('.') as [keyof typeof ipcContract, string];
      return (ipcContract[domain] as Record<string, { channel: string }>)[verb]!.channel;
    };
    const refusedChannels = refused.map(channelOf);
    expect(allInvokeChannels.map(({ channel }) => channel)).toEqual(expect.arrayContaining(refusedChannels));
    for (const channel of ['outbox:list', 'outbox:findMatches', 'drafts:key', 'auth:configure'])
      expect(refusedChannels).toContain(channel);

    await lock.unlock(PIN);
    await expect(gated['outbox']!['list']!({ limit: 10 })).resolves.toMatchObject({
      items: expect.any(Array),
    });
    await expect(gated['drafts']!['key']!(undefined)).resolves.toMatchObject({ key: expect.any(String) });
  });

  it('wires the lock and the policy into the services every host opens', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const store = new MemoryOutboxStore();
    const services = await openBoosterServices({
      dataDir,
      fetch: createFakeFetch().fetch,
      secretStore: createMemorySecretStore(),
      clock,
      logger: createSilentLogger(),
      store,
      keySource: testKeySource(store),
      policy,
      appLock: { scrypt },
    });
    toStop.push(services);
    const dispatch = createIpcDispatcher(services.handlers);
    expect(await dispatch('policy:get', undefined)).toEqual({ ok: true, value: policy });
    expect(await dispatch('lock:status', undefined)).toMatchObject({ ok: true, value: { state: 'setup' } });
    expect(await dispatch('outbox:list', undefined)).toMatchObject({ ok: false, error: { code: 'locked' } });

    const weak = await dispatch('lock:setPin', { pin: '111111' });
    expect(weak).toMatchObject({
      ok: false,
      error: { code: 'invalidPin', fields: [{ path: 'pin', code: 'allSame' }] },
    });
    expect(await dispatch('lock:setPin', { pin: PIN })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' },
    });
    expect(await dispatch('outbox:list', undefined)).toMatchObject({ ok: true });

    // The policy allows one environment: another address is refused, naming the field.
    const elsewhere = await dispatch('auth:configure', {
      mode: 'apiKey',
      baseUrl: 'https://other.example.com',
      apiKey: 'k',
    });
    expect(elsewhere).toMatchObject({
      ok: false,
      error: { code: 'notAllowedByPolicy', fields: [{ path: 'baseUrl' }] },
    });

    clock.advance(2 * 60_000);
    expect(await dispatch('outbox:list', undefined)).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await dispatch('lock:unlock', { pin: '000001' })).toMatchObject({
      ok: false,
      error: { code: 'wrongPin', message: 'Wrong PIN. 2 attempts left before a wait.' },
    });
    expect(await dispatch('lock:unlock', { pin: PIN })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' },
    });
  });

  it('uses a stored environment only where the policy allows it', async () => {
    const open = async (baseUrl: string, view: PolicyView) => {
      const store = new MemoryOutboxStore();
      const services = await openBoosterServices({
        dataDir: await makeTempDir(),
        fetch: createFakeFetch().fetch,
        secretStore: createMemorySecretStore({ apiKey: 'k' }),
        clock: new FakeClock(),
        logger: createSilentLogger(),
        store,
        keySource: testKeySource(store),
        environmentStore: {
          load: async () => ({ baseUrl, mode: 'apiKey' as const }),
          save: async () => undefined,
        },
        policy: view,
        appLock: { scrypt },
      });
      toStop.push(services);
      const dispatch = createIpcDispatcher(services.handlers);
      await dispatch('lock:setPin', { pin: PIN });
      return dispatch;
    };
    const allowed = await open('https://booster.example.com/', policy);
    expect(await allowed('auth:environment', undefined)).toMatchObject({
      ok: true,
      value: { baseUrl: 'https://booster.example.com/' },
    });
    const elsewhere = await open('https://other.example.com', policy);
    expect(await elsewhere('auth:environment', undefined)).toEqual({ ok: true, value: null });
    const broken = await open('https://booster.example.com', {
      state: 'broken',
      source: '/p.json',
      problems: ['version: must be 1'],
    });
    expect(await broken('auth:environment', undefined)).toEqual({ ok: true, value: null });
  });

  it('refuses to configure Booster under a broken policy, with the reasons, while capture goes on', async () => {
    const dataDir = await makeTempDir();
    const clock = new FakeClock();
    const store = new MemoryOutboxStore();
    const broken: PolicyView = {
      state: 'broken',
      source: '/etc/booster-capture/policy.json',
      problems: ['environments[0].baseUrl: must start with https://'],
    };
    const services = await openBoosterServices({
      dataDir,
      fetch: createFakeFetch().fetch,
      secretStore: createMemorySecretStore(),
      clock,
      logger: createSilentLogger(),
      store,
      keySource: testKeySource(store),
      policy: broken,
      appLock: { scrypt },
    });
    toStop.push(services);
    const dispatch = createIpcDispatcher(services.handlers);
    await dispatch('lock:setPin', { pin: PIN });
    const configured = await dispatch('auth:configure', {
      mode: 'apiKey',
      baseUrl: 'https://booster.example.com',
      apiKey: 'k',
    });
    expect(configured.ok).toBe(false);
    expect(!configured.ok && configured.error).toMatchObject({ code: 'policyBroken' });
    expect(!configured.ok && configured.error.message).toContain(
      'environments[0].baseUrl: must start with https://',
    );
    expect(await dispatch('policy:get', undefined)).toEqual({ ok: true, value: broken });
    expect(Object.keys(ipcContract)).toContain('policy');
  });
});
