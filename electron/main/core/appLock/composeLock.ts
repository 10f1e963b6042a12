// Opens the app lock and the IT policy for a data folder and wraps the core's handlers with both: the
// policy in front of auth:configure, the lock in front of every channel that reveals or changes a client.
import type { BoosterHandlers, PolicyView } from '../../../../shared/ipc';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../../../shared/policy/itPolicy';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EnvironmentStore } from '../booster/environmentStore';
import { applyPolicyToHandlers, restrictEnvironmentStore } from '../policy/policyGate';
import { loadItPolicy, policyLocations } from '../policy/policyLoader';
import { AppLock } from './appLock';
import { createLockHandlers, createPolicyHandlers, gateBehindLock } from './lockHandlers';
import type { ScryptParams } from './pinHash';
import { createPinFileStore, type PinFileStore } from './pinFileStore';

export interface AppLockSettings {
  /** Without a policy, a first run offers to set a PIN (the Electron app). Default: no lock until asked. */
  askForPinAtFirstRun?: boolean;
  scrypt?: ScryptParams;
  /** Electron's resourcesPath: policy.json shipped beside the installer. */
  resourcesDir?: string;
  /** Replaces app-lock.json in the data folder. */
  store?: PinFileStore;
}

export interface AppLockAndPolicy {
  lock: AppLock;
  policy: PolicyView;
  /** The core's handlers plus lock.* and policy.*, with the policy and the lock in front. */
  wrap(core: Omit<BoosterHandlers, 'lock' | 'policy'>): BoosterHandlers;
  /** The stored environment is used only where the policy allows it (nothing is sent otherwise). */
  restrictEnvironments(store: EnvironmentStore): EnvironmentStore;
}

export async function openAppLockAndPolicy(deps: {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  policy?: PolicyView | undefined;
  settings?: AppLockSettings | undefined;
}): Promise<AppLockAndPolicy> {
  const settings = deps.settings ?? {};
  const policy =
    deps.policy ??
    (await loadItPolicy(
      policyLocations({ platform: process.platform, env: process.env, resourcesDir: settings.resourcesDir }),
    ));
  if (policy.state === 'broken')
    deps.logger.error('The IT policy file cannot be used; Booster cannot be configured until it is fixed');
  const lock = await AppLock.open({
    store: settings.store ?? createPinFileStore(deps.dataDir),
    clock: deps.clock,
    logger: deps.logger,
    // A broken policy still means IT wants rules here: the PIN stays required.
    policyPresent: policy.state !== 'none',
    idleLockMinutes: policy.state === 'loaded' ? policy.policy.idleLockMinutes : DEFAULT_IDLE_LOCK_MINUTES,
    askForPinAtFirstRun: settings.askForPinAtFirstRun ?? false,
    ...(settings.scrypt ? { scrypt: settings.scrypt } : {}),
  });
  return {
    lock,
    policy,
    restrictEnvironments: (store) => restrictEnvironmentStore(store, policy, deps.logger),
    wrap: (core) =>
      gateBehindLock(
        applyPolicyToHandlers(
          {
            ...core,
            lock: createLockHandlers(lock),
            policy: createPolicyHandlers(policy),
          } as BoosterHandlers,
          policy,
        ),
        lock,
      ),
  };
}
