// The app lock as the renderer sees it: main decides (it refuses client data while locked); this state asks
// main on an interval and when the window regains focus, reports keyboard and pointer activity at most every
// few seconds, and says whether the lock screen covers the app. Polling rather than a push: both hosts route
// every invoke channel already, and a lock found a couple of seconds late has already been enforced by main.
import type { BoosterBridge, IpcError, LockStatus } from '../../../shared/ipc';
import { systemClock, type Clock } from './clock';

export interface AppLockOptions {
  clock?: Clock;
  /** How often to ask main whether the app locked (default 2 s). */
  pollMs?: number;
  /** Activity is reported at most this often (default 5 s): typing must not be an IPC call per key. */
  activityEveryMs?: number;
}

export class AppLockState {
  status = $state<LockStatus>();
  /** Main could not be asked: the page stays usable (main still refuses client data if it is locked). */
  unreachable = $state(false);
  readonly #bridge: () => BoosterBridge;
  readonly #clock: Clock;
  readonly #pollMs: number;
  readonly #activityEveryMs: number;
  #timer: unknown;
  #lastReport = Number.NEGATIVE_INFINITY;
  #running = false;
  #waiters: (() => void)[] = [];

  constructor(bridge: () => BoosterBridge, options: AppLockOptions = {}) {
    this.#bridge = bridge;
    this.#clock = options.clock ?? systemClock;
    this.#pollMs = options.pollMs ?? 2_000;
    this.#activityEveryMs = options.activityEveryMs ?? 5_000;
  }

  /** The lock screen is shown and the app hidden: locked, or a PIN to set at first run. */
  get covered(): boolean {
    return this.status?.state === 'locked' || this.status?.state === 'setup';
  }

  /** Whether the app's content may be shown and loaded (known and not covered, or main unreachable). */
  get open(): boolean {
    return this.unreachable || (this.status !== undefined && !this.covered);
  }

  start(): Promise<void> {
    if (!this.#running) {
      this.#running = true;
      this.#schedule();
    }
    return this.refresh();
  }

  stop(): void {
    this.#running = false;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves once the app may load client data (drafts key, lists). */
  whenOpen(): Promise<void> {
    if (this.open) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async refresh(): Promise<void> {
    this.#apply(await this.#bridge().lock.status());
  }

  /** A key or pointer was used in the page. */
  activity(): void {
    const now = this.#clock.now().getTime();
    if (!this.status || this.status.state !== 'unlocked' || now - this.#lastReport < this.#activityEveryMs)
      return;
    this.#lastReport = now;
    void this.#bridge()
      .lock.reportActivity()
      .then((result) => this.#apply(result));
  }

  async unlock(pin: string): Promise<IpcError | undefined> {
    return this.#act(await this.#bridge().lock.unlock({ pin }));
  }

  async setPin(pin: string): Promise<IpcError | undefined> {
    return this.#act(await this.#bridge().lock.setPin({ pin }));
  }

  /** First run without a policy: no app lock. */
  async withoutLock(): Promise<IpcError | undefined> {
    return this.#act(await this.#bridge().lock.disable({}));
  }

  async lockNow(): Promise<IpcError | undefined> {
    return this.#act(await this.#bridge().lock.lockNow());
  }

  async #act(result: Awaited<ReturnType<BoosterBridge['lock']['status']>>): Promise<IpcError | undefined> {
    if (result.ok) {
      this.#apply(result);
      return undefined;
    }
    // The attempts left and the wait changed with a wrong PIN: show them as main now counts them.
    await this.refresh();
    return result.error;
  }

  #apply(result: Awaited<ReturnType<BoosterBridge['lock']['status']>>): void {
    if (result.ok) {
      this.status = result.value;
      this.unreachable = false;
    } else if (result.error.code === 'mainUnreachable' || result.error.code === 'invalidResponse') {
      this.unreachable = this.status === undefined;
    }
    if (this.open) for (const resolve of this.#waiters.splice(0)) resolve();
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.#clock.setTimeout(() => {
      void this.refresh().finally(() => this.#schedule());
    }, this.#pollMs);
  }
}
