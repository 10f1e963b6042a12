// The environment a queued client is for, and the guard in front of a switch: the question about waiting
// clients before the PIN, the PIN (named field `pin`) only with a policy and a PIN set, and a person's
// decision applied to the right clients.
import { describe, expect, it } from 'vitest';
import type { PolicyView } from '../../../shared/ipc';
import {
  belongsToEnvironment,
  environmentIdFor,
  environmentKeysFor,
  environmentLabel,
  urlEnvironmentId,
} from '../../../shared/policy/environmentId';
import { createEnvironmentSwitchGuard } from '../../../electron/main/core/policy/environmentSwitchGuard';

const environments = [
  { id: 'eu', name: 'Booster Europe', baseUrl: 'https://eu.booster.example', authMode: 'apiKey' as const },
  { id: 'us', name: 'Booster US', baseUrl: 'https://us.booster.example', authMode: 'apiKey' as const },
];
const policy: PolicyView = {
  state: 'loaded',
  source: '/etc/booster-capture/policy.json',
  policy: {
    version: 1,
    environments,
    idleLockMinutes: 5,
    allowedUiLanguages: ['en'],
  },
};

describe('environment ids', () => {
  it('is the same id for the same address however it is typed', () => {
    expect(urlEnvironmentId('HTTPS://Booster.Example:443/')).toBe('url:https://booster.example');
    expect(urlEnvironmentId('https://booster.example')).toBe('url:https://booster.example');
    expect(urlEnvironmentId('https://booster.example/api/')).toBe('url:https://booster.example/api');
  });

  it("is the policy's id for a listed address, the address's own otherwise", () => {
    expect(environmentIdFor('https://EU.booster.example/', environments)).toBe('eu');
    expect(environmentIdFor('https://other.example', environments)).toBe('url:https://other.example');
    expect([...environmentKeysFor('https://eu.booster.example', environments)]).toEqual([
      'eu',
      'url:https://eu.booster.example',
    ]);
  });

  it('gives clients queued before ids existed to whatever is configured', () => {
    const keys = environmentKeysFor('https://eu.booster.example', environments);
    expect(belongsToEnvironment(undefined, keys)).toBe(true);
    expect(belongsToEnvironment('eu', keys)).toBe(true);
    expect(belongsToEnvironment('url:https://eu.booster.example', keys)).toBe(true);
    expect(belongsToEnvironment('us', keys)).toBe(false);
  });

  it('names an environment for a person', () => {
    expect(environmentLabel('eu', environments)).toBe('Booster Europe (eu.booster.example)');
    expect(environmentLabel('url:https://booster.example:8443')).toBe('booster.example:8443');
  });
});

function guardWith(options: {
  policy?: PolicyView;
  current?: string;
  pending?: Record<string, number>;
  pinSet?: boolean;
  pin?: string;
}) {
  const pinChecks: string[] = [];
  const retargets: { moved: (string | undefined)[]; to: string }[] = [];
  let current = options.current;
  const pending = new Map(Object.entries(options.pending ?? {}));
  const guard = createEnvironmentSwitchGuard({
    policy: options.policy ?? { state: 'none' },
    currentBaseUrl: () => current,
    pendingByEnvironment: () => pending,
    pinSet: () => options.pinSet ?? false,
    verifyPin: async (pin) => {
      pinChecks.push(pin);
      if (pin !== (options.pin ?? '482917'))
        throw Object.assign(new Error('Wrong PIN.'), {
          code: 'wrongPin',
          fields: [{ path: 'pin', code: 'wrongPin', message: 'Wrong PIN.' }],
        });
    },
    retarget: async (from, to) => {
      const moved = [...pending.keys()].map((key) => (key === '' ? undefined : key)).filter(from);
      retargets.push({ moved, to });
      return moved.length;
    },
  });
  return { guard, pinChecks, retargets, setCurrent: (url: string) => (current = url) };
}

describe('the environment switch guard', () => {
  it('allows any switch without a policy and nothing waiting, and needs no PIN', async () => {
    const { guard, pinChecks } = guardWith({ current: 'https://a.example', pinSet: true });
    expect(guard.check({ baseUrl: 'https://b.example' })).toMatchObject({ kind: 'allowed', needsPin: false });
    await guard.authorize({ baseUrl: 'https://b.example', mode: 'apiKey' });
    await guard.authorizeSignOut(undefined);
    expect(pinChecks).toEqual([]);
  });

  it('asks about waiting clients with their count, before any PIN is spent', async () => {
    const { guard, pinChecks } = guardWith({
      policy,
      current: 'https://eu.booster.example',
      pending: { eu: 2, '': 1, us: 4 },
      pinSet: true,
    });
    const check = guard.check({ baseUrl: 'https://us.booster.example' });
    expect(check).toMatchObject({
      kind: 'needsDecisionAboutQueued',
      needsPin: true,
      total: 3,
      from: { environmentId: 'eu', label: 'Booster Europe (eu.booster.example)' },
      to: { environmentId: 'us' },
      queued: [{ environmentId: 'eu', count: 3 }],
    });
    await expect(
      guard.authorize({ baseUrl: 'https://us.booster.example', mode: 'apiKey', pin: '482917' }),
    ).rejects.toMatchObject({
      code: 'queuedClientsDecisionNeeded',
      fields: [{ path: 'queuedClients' }],
    });
    expect(pinChecks).toEqual([]);
  });

  it('needs the PIN with a policy, naming the field, and refuses a wrong one', async () => {
    const { guard } = guardWith({ policy, current: 'https://eu.booster.example', pinSet: true });
    await expect(
      guard.authorize({ baseUrl: 'https://us.booster.example', mode: 'apiKey' }),
    ).rejects.toMatchObject({
      code: 'pinNeeded',
      fields: [{ path: 'pin', code: 'pinNeeded' }],
    });
    await expect(
      guard.authorize({ baseUrl: 'https://us.booster.example', mode: 'apiKey', pin: '000000' }),
    ).rejects.toMatchObject({ code: 'wrongPin', fields: [{ path: 'pin' }] });
    await expect(
      guard.authorize({ baseUrl: 'https://us.booster.example', mode: 'apiKey', pin: '482917' }),
    ).resolves.toBeDefined();
    await expect(guard.authorizeSignOut(undefined)).rejects.toMatchObject({ fields: [{ path: 'pin' }] });
    await expect(guard.authorizeSignOut('482917')).resolves.toBeUndefined();
  });

  it('needs no PIN for the same environment, nor with the lock off (no PIN to ask for)', async () => {
    const same = guardWith({ policy, current: 'https://eu.booster.example', pinSet: true });
    expect(same.guard.check({ baseUrl: 'https://EU.booster.example/' })).toMatchObject({ kind: 'unchanged' });
    const off = guardWith({ policy, current: 'https://eu.booster.example', pinSet: false });
    expect(off.guard.check({ baseUrl: 'https://us.booster.example' })).toMatchObject({ kind: 'allowed' });
  });

  it('"send to the new one" moves every waiting client not already for it, after the save', async () => {
    const { guard, retargets } = guardWith({
      current: 'https://a.example',
      pending: { 'url:https://a.example': 2, '': 1, 'url:https://b.example': 5 },
    });
    const { afterSave } = await guard.authorize({
      baseUrl: 'https://b.example',
      mode: 'apiKey',
      queuedClients: 'sendToNew',
    });
    expect(retargets).toEqual([]);
    await afterSave();
    expect(retargets).toEqual([{ moved: ['url:https://a.example', undefined], to: 'url:https://b.example' }]);
  });

  it('"keep them" ties clients without an id to the old environment before the switch', async () => {
    const { guard, retargets } = guardWith({
      current: 'https://a.example',
      pending: { 'url:https://a.example': 2, '': 1 },
    });
    const { afterSave } = await guard.authorize({
      baseUrl: 'https://b.example',
      mode: 'apiKey',
      queuedClients: 'keepForOld',
    });
    expect(retargets).toEqual([{ moved: [undefined], to: 'url:https://a.example' }]);
    await afterSave();
    expect(retargets).toHaveLength(1);
  });

  it('sends clients without an id to the first environment configured, without asking', () => {
    const { guard } = guardWith({ pending: { '': 4 } });
    expect(guard.check({ baseUrl: 'https://a.example' })).toMatchObject({ kind: 'allowed' });
    expect(guard.belongsHere(undefined)).toBe(false);
  });
});
