// The app lock in main: the state machine behind lock:* and the gate in front of every client-data channel.
// Main is the authority (the renderer only shows what main says), the PIN lives here as an scrypt hash, and
// the wrong-attempt count is on disk before a wrong PIN is answered, so a restart never resets the wait.
// Idle locking is decided lazily, from the monotonic clock, whenever main is asked anything: the renderer
// asks every few seconds, and a locked app refuses the very call that finds it idle.
import type { LockStatus } from '../../../../shared/ipc/lock';
import { normalizePin, pinProblem, pinProblemMessage } from '../../../../shared/policy/pinRules';
import type { FieldIssue } from '../../../../shared/ipc';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import {
  attemptDecision,
  FREE_ATTEMPTS,
  shouldLock,
  throttleAsOf,
  type ThrottleState,
} from './lockDecisions';
import { defaultScryptParams, hashPin, verifyPin, type ScryptParams } from './pinHash';
import type { PinFile, PinFileStore } from './pinFileStore';

export type AppLockErrorCode =
  | 'locked'
  | 'wrongPin'
  | 'tooManyAttempts'
  | 'invalidPin'
  | 'pinAlreadySet'
  | 'pinNeeded'
  | 'lockDamaged'
  | 'lockNotSet';

/** Thrown to the dispatcher, which passes code, message and fields to the page. */
export class AppLockError extends Error {
  override readonly name = 'AppLockError';
  constructor(
    readonly code: AppLockErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message);
  }
}

export interface AppLockOptions {
  store: PinFileStore;
  clock: Pick<Clock, 'now' | 'monotonic'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** An IT policy is present: a PIN is required at first run, and turning the lock off needs it. */
  policyPresent: boolean;
  idleLockMinutes: number;
  /** Without a policy, whether a first run offers to set a PIN (the Electron app) or starts with no lock
   *  (the web host and tests, unless a policy asks). */
  askForPinAtFirstRun: boolean;
  scrypt?: ScryptParams;
}

type Mode = { kind: 'setup' } | { kind: 'off' } | { kind: 'pin'; file: PinFile } | { kind: 'damaged' };

const lockedMessage = 'Booster Capture is locked. Enter the staff PIN to continue.';

export class AppLock {
  #mode: Mode;
  #locked: boolean;
  #throttle: ThrottleState;
  #lastActivity: number;
  /** PIN checks one at a time: two parallel guesses must both count. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: AppLockOptions,
    mode: Mode,
  ) {
    this.#mode = mode;
    // A PIN (or a file we cannot read) means the app starts locked.
    this.#locked = mode.kind === 'pin' || mode.kind === 'damaged';
    const file = mode.kind === 'pin' ? mode.file : undefined;
    this.#throttle = throttleAsOf(
      { failures: file?.failures ?? 0, lastFailureAt: file?.lastFailureAt },
      options.clock.now(),
    );
    this.#lastActivity = options.clock.monotonic();
  }

  static async open(options: AppLockOptions): Promise<AppLock> {
    const read = await options.store.read();
    let mode: Mode;
    if (read.kind === 'damaged') {
      options.logger.warn('app-lock.json cannot be read; the app stays locked until IT resets it', {
        reason: read.reason,
      });
      mode = { kind: 'damaged' };
    } else if (read.kind === 'absent') {
      mode = options.askForPinAtFirstRun || options.policyPresent ? { kind: 'setup' } : { kind: 'off' };
    } else mode = read.file.mode === 'pin' ? { kind: 'pin', file: read.file } : { kind: 'off' };
    return new AppLock(options, mode);
  }

  /** Whether client data may be read or changed now (checked by the channel gate). */
  isOpen(): boolean {
    this.#lockIfIdle();
    if (this.#mode.kind === 'setup') return !this.options.policyPresent;
    return !this.#locked;
  }

  assertOpen(): void {
    if (!this.isOpen())
      throw new AppLockError(
        'locked',
        this.#mode.kind === 'setup' ? 'Set the staff PIN first: IT requires an app lock.' : lockedMessage,
      );
  }

  status(): LockStatus {
    this.#lockIfIdle();
    const now = this.options.clock.now();
    const decision = attemptDecision(this.#throttle, now);
    const state =
      this.#mode.kind === 'setup'
        ? 'setup'
        : this.#mode.kind === 'off'
          ? 'off'
          : this.#locked
            ? 'locked'
            : 'unlocked';
    return {
      state,
      policyPresent: this.options.policyPresent,
      idleLockMinutes: this.options.idleLockMinutes,
      attemptsBeforeWait: decision.allowed ? decision.attemptsBeforeWait : 0,
      ...(decision.allowed ? {} : { retryAt: new Date(decision.retryAt).toISOString() }),
      ...(this.#mode.kind === 'damaged' ? { damaged: true } : {}),
    };
  }

  reportActivity(): LockStatus {
    this.#lockIfIdle();
    if (!this.#locked) this.#lastActivity = this.options.clock.monotonic();
    return this.status();
  }

  lockNow(): LockStatus {
    if (this.#mode.kind === 'pin') this.#locked = true;
    return this.status();
  }

  setPin(rawPin: string): Promise<LockStatus> {
    return this.#serially(async () => {
      if (this.#mode.kind !== 'setup' && this.#mode.kind !== 'off')
        throw new AppLockError(
          'pinAlreadySet',
          'A staff PIN is already set. Change it with the current PIN.',
        );
      if (this.#mode.kind === 'off') this.assertOpen();
      await this.#storeNewPin(rawPin, 'pin');
      this.options.logger.info('staff PIN set');
      return this.status();
    });
  }

  changePin(currentPin: string, rawPin: string): Promise<LockStatus> {
    return this.#serially(async () => {
      if (this.#mode.kind !== 'pin') throw new AppLockError('lockNotSet', 'No staff PIN is set yet.');
      await this.#checkPin(currentPin, 'currentPin');
      await this.#storeNewPin(rawPin, 'pin');
      this.options.logger.info('staff PIN changed');
      return this.status();
    });
  }

  unlock(pin: string): Promise<LockStatus> {
    return this.#serially(async () => {
      if (this.#mode.kind !== 'pin' && this.#mode.kind !== 'damaged') return this.status();
      await this.#checkPin(pin, 'pin');
      this.#locked = false;
      this.#lastActivity = this.options.clock.monotonic();
      return this.status();
    });
  }

  /** The PIN, checked and throttled like an unlock, for other guarded actions (a policy's environment switch). */
  verifyPin(pin: string): Promise<void> {
    return this.#serially(() => this.#checkPin(pin, 'pin'));
  }

  disable(pin: string | undefined): Promise<LockStatus> {
    return this.#serially(async () => {
      if (this.#mode.kind === 'off') return this.status();
      if (this.#mode.kind === 'setup') {
        if (this.options.policyPresent)
          throw new AppLockError('pinNeeded', 'IT requires an app lock on this laptop: set a staff PIN.', [
            { path: 'pin', code: 'pinNeeded', message: 'Staff PIN: IT requires one.' },
          ]);
      } else {
        this.assertOpen();
        if (this.options.policyPresent) {
          if (pin === undefined)
            throw new AppLockError('pinNeeded', 'Enter the staff PIN to turn the app lock off.', [
              { path: 'pin', code: 'pinNeeded', message: 'Staff PIN: enter it to turn the app lock off.' },
            ]);
          await this.#checkPin(pin, 'pin');
        }
      }
      await this.options.store.write({ version: 1, mode: 'off', failures: 0 });
      this.#mode = { kind: 'off' };
      this.#locked = false;
      this.#throttle = { failures: 0 };
      this.options.logger.info('app lock turned off');
      return this.status();
    });
  }

  #lockIfIdle(): void {
    if (this.#mode.kind !== 'pin' || this.#locked) return;
    const idleMs = this.options.idleLockMinutes * 60_000;
    if (shouldLock(this.#lastActivity, this.options.clock.monotonic(), idleMs)) this.#locked = true;
  }

  async #storeNewPin(rawPin: string, field: string): Promise<void> {
    const pin = normalizePin(rawPin);
    const problem = pinProblem(pin);
    if (problem) {
      const message = pinProblemMessage(problem);
      throw new AppLockError('invalidPin', message, [{ path: field, code: problem, message }]);
    }
    const file: PinFile = {
      version: 1,
      mode: 'pin',
      pin: await hashPin(pin, this.options.scrypt ?? defaultScryptParams),
      failures: 0,
    };
    // On disk before the app counts as locked by it.
    await this.options.store.write(file);
    this.#mode = { kind: 'pin', file };
    this.#throttle = { failures: 0 };
    this.#locked = false;
    this.#lastActivity = this.options.clock.monotonic();
  }

  async #checkPin(rawPin: string, field: string): Promise<void> {
    if (this.#mode.kind === 'damaged')
      throw new AppLockError(
        'lockDamaged',
        'The app lock file is damaged, so no PIN can be checked. Ask IT to reset the staff PIN (no client is lost).',
      );
    if (this.#mode.kind !== 'pin') throw new AppLockError('lockNotSet', 'No staff PIN is set yet.');
    const now = this.options.clock.now();
    this.#throttle = throttleAsOf(this.#throttle, now);
    const decision = attemptDecision(this.#throttle, now);
    if (!decision.allowed)
      throw new AppLockError(
        'tooManyAttempts',
        `Too many wrong PINs: try again at ${new Date(decision.retryAt).toISOString()}.`,
      );
    const stored = this.#mode.file;
    if (stored.pin && (await verifyPin(normalizePin(rawPin), stored.pin))) {
      if (this.#throttle.failures > 0) await this.#persistThrottle(stored, { failures: 0 });
      return;
    }
    const failures = this.#throttle.failures + 1;
    // The failure is on disk before it is answered: a restart must not give free guesses.
    await this.#persistThrottle(stored, { failures, lastFailureAt: this.options.clock.now() });
    const left = Math.max(0, FREE_ATTEMPTS - failures);
    const message =
      left > 0
        ? `Wrong PIN. ${left} attempt${left === 1 ? '' : 's'} left before a wait.`
        : 'Wrong PIN. Wait before the next attempt.';
    throw new AppLockError('wrongPin', message, [{ path: field, code: 'wrongPin', message }]);
  }

  async #persistThrottle(stored: PinFile, throttle: ThrottleState): Promise<void> {
    const file: PinFile = {
      version: 1,
      mode: 'pin',
      ...(stored.pin ? { pin: stored.pin } : {}),
      failures: throttle.failures,
      ...(throttle.lastFailureAt !== undefined ? { lastFailureAt: throttle.lastFailureAt } : {}),
    };
    // Counted in memory first: a disk that refuses the write (full, read-only) must not give free guesses.
    this.#throttle = throttle;
    this.#mode = { kind: 'pin', file };
    try {
      await this.options.store.write(file);
    } catch (error) {
      this.options.logger.warn('The wrong-PIN count could not be written; it holds until the app restarts', {
        error,
      });
    }
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
