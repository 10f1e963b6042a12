// lock.* and policy.* behind the IPC contract, and the gate that puts every other channel behind the lock.
// The gate is an allow-list: a channel added later is refused while locked until someone decides it reveals
// no client, rather than leaking until someone remembers to add it.
import type { BoosterHandlers, PolicyView } from '../../../../shared/ipc';
import type { AppLock } from './appLock';

export function createLockHandlers(lock: AppLock): BoosterHandlers['lock'] {
  return {
    status: async () => lock.status(),
    setPin: async ({ pin }) => lock.setPin(pin),
    changePin: async ({ currentPin, pin }) => lock.changePin(currentPin, pin),
    unlock: async ({ pin }) => lock.unlock(pin),
    verifyPin: async ({ pin }) => {
      await lock.verifyPin(pin);
      return lock.status();
    },
    lockNow: async () => lock.lockNow(),
    reportActivity: async () => lock.reportActivity(),
    disable: async ({ pin }) => lock.disable(pin),
  };
}

export function createPolicyHandlers(policy: PolicyView): BoosterHandlers['policy'] {
  return { get: async () => policy };
}

/** Reveal no client and change none: the lock itself, the policy, and the sync counts of the indicator. */
export const openWhileLocked: ReadonlySet<string> = new Set([
  'lock.status',
  'lock.setPin',
  'lock.changePin',
  'lock.unlock',
  'lock.lockNow',
  'lock.reportActivity',
  'lock.disable',
  'policy.get',
  'sync.status',
]);

/** Every handler not in `openWhileLocked` first asks the lock (which throws 'locked'). */
export function gateBehindLock(
  handlers: BoosterHandlers,
  lock: Pick<AppLock, 'assertOpen'>,
): BoosterHandlers {
  const gated: Record<string, unknown> = {};
  for (const [domain, methods] of Object.entries(
    handlers as unknown as Record<string, Record<string, unknown> | undefined>,
  )) {
    // A domain a host does not serve stays absent: the dispatcher names it at start-up.
    if (typeof methods !== 'object' || methods === null) {
      gated[domain] = methods;
      continue;
    }
    const wrapped: Record<string, unknown> = {};
    gated[domain] = wrapped;
    for (const [verb, handler] of Object.entries(methods)) {
      if (typeof handler !== 'function') continue;
      const call = handler as (request: unknown) => Promise<unknown>;
      wrapped[verb] = openWhileLocked.has(`${domain}.${verb}`)
        ? (request: unknown) => call.call(methods, request)
        : async (request: unknown) => {
            lock.assertOpen();
            return call.call(methods, request);
          };
    }
  }
  return gated as unknown as BoosterHandlers;
}
