// The lock and policy domains of the renderer tests' fake bridge, with main's rules: the same PIN rules,
// throttle and idle decision (the pure functions main uses), the same states and error codes. The PIN is
// kept as typed (no scrypt: nothing here is stored). It starts as main starts with no policy and no
// first-run question: no lock, so tests that do not care about it never meet it.
import {
  attemptDecision,
  FREE_ATTEMPTS,
  shouldLock,
  throttleAsOf,
  type ThrottleState,
} from '../../../electron/main/core/appLock/lockDecisions';
import type { DomainClient, IpcContract, IpcResult, LockStatus, PolicyView } from '../../../shared/ipc';
import { normalizePin, pinProblem, pinProblemMessage } from '../../../shared/policy/pinRules';

export interface FakeLock {
  lock: DomainClient<IpcContract['lock']>;
  policy: DomainClient<IpcContract['policy']>;
  /** Arrange: as main would be after a start with this policy / PIN / first-run question. */
  arrange(options: {
    policy?: PolicyView;
    pin?: string;
    locked?: boolean;
    askForPinAtFirstRun?: boolean;
  }): void;
  /** The fake's clocks (epoch ms for the throttle, any monotonic ms for idle). */
  now: () => number;
  readonly pin: string | undefined;
}

type Mode = 'setup' | 'off' | 'pin';

export function createFakeLock(options: { now?: () => number } = {}): FakeLock {
  const now = options.now ?? (() => Date.now());
  let policy: PolicyView = { state: 'none' };
  let mode: Mode = 'off';
  let pin: string | undefined;
  let locked = false;
  let throttle: ThrottleState = { failures: 0 };
  let lastActivity = now();

  const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
  const fail = (code: string, message: string, path?: string): IpcResult<never> => ({
    ok: false,
    error: { code, message, ...(path ? { fields: [{ path, code, message }] } : {}) },
  });
  const policyPresent = () => policy.state !== 'none';
  const idleMinutes = () => (policy.state === 'loaded' ? policy.policy.idleLockMinutes : 5);
  const lockIfIdle = () => {
    if (mode === 'pin' && !locked && shouldLock(lastActivity, now(), idleMinutes() * 60_000)) locked = true;
  };
  const status = (): LockStatus => {
    lockIfIdle();
    const decision = attemptDecision(throttle, now());
    return {
      state: mode === 'pin' ? (locked ? 'locked' : 'unlocked') : mode,
      policyPresent: policyPresent(),
      idleLockMinutes: idleMinutes(),
      attemptsBeforeWait: decision.allowed ? decision.attemptsBeforeWait : 0,
      ...(decision.allowed ? {} : { retryAt: new Date(decision.retryAt).toISOString() }),
    };
  };
  const isOpen = () => {
    lockIfIdle();
    return mode === 'setup' ? !policyPresent() : !locked;
  };
  /** Undefined when right; else the refusal main would answer (and the failure is counted). */
  const check = (candidate: string, path: string): IpcResult<never> | undefined => {
    throttle = throttleAsOf(throttle, now());
    const decision = attemptDecision(throttle, now());
    if (!decision.allowed)
      return fail(
        'tooManyAttempts',
        `Too many wrong PINs: try again at ${new Date(decision.retryAt).toISOString()}.`,
      );
    if (normalizePin(candidate) === pin) {
      throttle = { failures: 0 };
      return undefined;
    }
    throttle = { failures: throttle.failures + 1, lastFailureAt: now() };
    const left = Math.max(0, FREE_ATTEMPTS - throttle.failures);
    return fail(
      'wrongPin',
      left > 0
        ? `Wrong PIN. ${left} attempts left before a wait.`
        : 'Wrong PIN. Wait before the next attempt.',
      path,
    );
  };
  const store = (raw: string, path: string): IpcResult<never> | undefined => {
    const normalized = normalizePin(raw);
    const problem = pinProblem(normalized);
    if (problem) return fail('invalidPin', pinProblemMessage(problem), path);
    pin = normalized;
    mode = 'pin';
    locked = false;
    throttle = { failures: 0 };
    lastActivity = now();
    return undefined;
  };

  const fake: FakeLock = {
    now,
    get pin() {
      return pin;
    },
    arrange(options) {
      policy = options.policy ?? policy;
      pin = options.pin;
      mode = pin !== undefined ? 'pin' : options.askForPinAtFirstRun || policyPresent() ? 'setup' : 'off';
      locked = pin !== undefined && (options.locked ?? true);
      throttle = { failures: 0 };
      lastActivity = now();
    },
    lock: {
      status: async () => ok(status()),
      async setPin(request) {
        if (mode === 'pin')
          return fail('pinAlreadySet', 'A staff PIN is already set. Change it with the current PIN.');
        return store(request.pin, 'pin') ?? ok(status());
      },
      async changePin(request) {
        if (mode !== 'pin') return fail('lockNotSet', 'No staff PIN is set yet.');
        return check(request.currentPin, 'currentPin') ?? store(request.pin, 'pin') ?? ok(status());
      },
      async unlock(request) {
        if (mode !== 'pin') return ok(status());
        const refused = check(request.pin, 'pin');
        if (refused) return refused;
        locked = false;
        lastActivity = now();
        return ok(status());
      },
      async verifyPin(request) {
        if (mode !== 'pin') return fail('lockNotSet', 'No staff PIN is set yet.');
        return check(request.pin, 'pin') ?? ok(status());
      },
      async lockNow() {
        if (mode === 'pin') locked = true;
        return ok(status());
      },
      async reportActivity() {
        lockIfIdle();
        if (!locked) lastActivity = now();
        return ok(status());
      },
      async disable(request) {
        if (mode === 'setup' && policyPresent())
          return fail('pinNeeded', 'IT requires an app lock on this laptop: set a staff PIN.', 'pin');
        if (mode === 'pin') {
          if (!isOpen()) return fail('locked', 'Booster Capture is locked. Enter the staff PIN to continue.');
          if (policyPresent()) {
            if (request?.pin === undefined)
              return fail('pinNeeded', 'Enter the staff PIN to turn the app lock off.', 'pin');
            const refused = check(request.pin, 'pin');
            if (refused) return refused;
          }
        }
        mode = 'off';
        pin = undefined;
        locked = false;
        return ok(status());
      },
    },
    policy: { get: async () => ok(policy) },
  };
  return fake;
}
