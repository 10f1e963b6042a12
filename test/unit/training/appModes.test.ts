// The mode switch's rules (pure) and the switcher's order of operations, on fake services: with an IT policy
// the switch needs the staff PIN, a locked app switches nothing, and a mode that fails to open leaves the app
// where it was.
import { describe, expect, it } from 'vitest';
import type { BoosterServices } from '../../../electron/main/core/boosterServices';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { createMemoryModeStore, openAppModes } from '../../../electron/main/core/training/appModes';
import { modeSwitchDecision } from '../../../electron/main/core/training/modeRules';
import type { AppMode } from '../../../electron/main/core/training/trainingFolder';
import type { LockState, LockStatus } from '../../../shared/ipc';
import { FakeClock } from '../../support/core/fakeClock';

describe('modeSwitchDecision', () => {
  const table: [LockState, boolean, string][] = [
    ['off', false, 'allowed'],
    ['setup', false, 'allowed'],
    ['unlocked', false, 'allowed'],
    ['locked', false, 'locked'],
    ['off', true, 'allowed'],
    ['setup', true, 'locked'],
    ['unlocked', true, 'pinNeeded'],
    ['locked', true, 'locked'],
  ];
  it.each(table)('lock %s, policy present %s: %s', (state, policyPresent, expected) => {
    expect(modeSwitchDecision({ state, policyPresent })).toBe(expected);
  });
});

const PIN = '482915';

function fakeServices(mode: AppMode, log: string[], lock: { state: LockState; policyPresent: boolean }) {
  const status = (): LockStatus => ({ ...lock, idleLockMinutes: 5, attemptsBeforeWait: 3 });
  const checkPin = async (pin: string) => {
    log.push(`${mode}: pin checked`);
    if (pin !== PIN) throw Object.assign(new Error('That PIN is not right.'), { code: 'wrongPin' });
  };
  return {
    mode,
    handlers: {
      lock: {
        status: async () => status(),
        verifyPin: async ({ pin }: { pin: string }) => (await checkPin(pin), status()),
        unlock: async ({ pin }: { pin: string }) => {
          await checkPin(pin);
          lock.state = 'unlocked';
          return status();
        },
      },
      auth: { environment: async () => ({ mode }) },
      sync: { status: async () => ({ counts: { sending: 0 } }) },
    },
    onSyncChanged: () => () => undefined,
    stop: async () => void log.push(`${mode}: stopped`),
  } as unknown as BoosterServices;
}

async function setUp(options: { policyPresent: boolean; failTraining?: boolean }) {
  const log: string[] = [];
  const store = createMemoryModeStore('real');
  const modes = await openAppModes({
    store,
    clock: new FakeClock(),
    logger: createSilentLogger(),
    open: async (mode) => {
      if (mode === 'training' && options.failTraining) throw new Error('disk failed');
      log.push(`${mode}: opened`);
      // Each open's lock starts locked when a PIN is set, as AppLock does.
      return fakeServices(mode, log, {
        state: options.policyPresent ? (log.length > 1 ? 'locked' : 'unlocked') : 'off',
        policyPresent: options.policyPresent,
      });
    },
  });
  return { modes, log, store };
}

describe('openAppModes', () => {
  it('stops the current services before opening the other mode', async () => {
    const { modes, log, store } = await setUp({ policyPresent: false });
    await modes.handlers.mode.set({ mode: 'training' });
    expect(log).toEqual(['real: opened', 'real: stopped', 'training: opened']);
    expect(await store.load()).toBe('training');
    expect(await modes.handlers.auth.environment(undefined)).toEqual({ mode: 'training' });
    await modes.stop();
  });

  it('with an IT policy, needs the staff PIN; a wrong one changes nothing', async () => {
    const { modes, log } = await setUp({ policyPresent: true });
    expect(await modes.handlers.mode.get(undefined)).toEqual({ mode: 'real', pinNeeded: true });
    await expect(modes.handlers.mode.set({ mode: 'training' })).rejects.toMatchObject({ code: 'pinNeeded' });
    await expect(modes.handlers.mode.set({ mode: 'training', pin: '000000' })).rejects.toMatchObject({
      code: 'wrongPin',
    });
    expect(modes.mode()).toBe('real');
    expect(log).toEqual(['real: opened', 'real: pin checked']);

    // The right PIN switches, and opens the training lock with it: one PIN entry per switch.
    await modes.handlers.mode.set({ mode: 'training', pin: PIN });
    expect(modes.mode()).toBe('training');
    expect(log.slice(2)).toEqual([
      'real: pin checked',
      'real: stopped',
      'training: opened',
      'training: pin checked',
    ]);
    expect(await modes.handlers.lock.status(undefined)).toMatchObject({ state: 'unlocked' });
    await modes.stop();
  });

  it('stays in the current mode when the other cannot open', async () => {
    const { modes, log, store } = await setUp({ policyPresent: false, failTraining: true });
    await expect(modes.handlers.mode.set({ mode: 'training' })).rejects.toMatchObject({
      code: 'modeSwitchFailed',
    });
    expect(modes.mode()).toBe('real');
    expect(await store.load()).toBe('real');
    expect(log).toEqual(['real: opened', 'real: stopped', 'real: opened']);
    await modes.stop();
  });
});
