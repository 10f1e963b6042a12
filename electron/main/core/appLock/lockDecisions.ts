// The app lock's decisions as pure functions: when the next PIN attempt is allowed, and when an idle app
// locks. Main calls them with its clock; the renderer tests' fake bridge calls the same ones.

/** Wrong PINs allowed before the first wait. */
export const FREE_ATTEMPTS = 3;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

export interface ThrottleState {
  /** Wrong PINs since the last right one. */
  failures: number;
  /** Device time of the last wrong PIN, epoch ms. */
  lastFailureAt?: number | undefined;
}

/** The wait after this many wrong PINs: none for the first three, then 30 s doubling up to 15 min. */
export function waitAfterFailures(failures: number): number {
  // A count we cannot read (a damaged or edited file) waits the longest rather than not at all.
  if (typeof failures !== 'number' || Number.isNaN(failures)) return MAX_WAIT_MS;
  if (failures < FREE_ATTEMPTS) return 0;
  const doublings = Math.min(failures - FREE_ATTEMPTS, 30);
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** doublings);
}

/** When the next PIN may be checked (epoch ms); at or before the last failure means "now". */
export function nextAttemptAllowedAt(failures: number, lastFailureAt: number | undefined): number {
  const wait = waitAfterFailures(failures);
  if (wait === 0 || lastFailureAt === undefined || !Number.isFinite(lastFailureAt)) return -Infinity;
  return lastFailureAt + wait;
}

/**
 * A last failure "in the future" means the clock was moved back (or the file edited): the wait restarts
 * from now, once, instead of lasting until the clock catches up. An unreadable time restarts it too.
 */
export function throttleAsOf(state: ThrottleState, now: number): ThrottleState {
  const failures =
    typeof state.failures === 'number' && Number.isFinite(state.failures) && state.failures >= 0
      ? Math.floor(state.failures)
      : FREE_ATTEMPTS + 5;
  if (failures === 0) return { failures: 0 };
  const last = state.lastFailureAt;
  return {
    failures,
    lastFailureAt: last === undefined || !Number.isFinite(last) || last > now ? now : last,
  };
}

export type AttemptDecision =
  { allowed: true; attemptsBeforeWait: number } | { allowed: false; retryAt: number };

export function attemptDecision(state: ThrottleState, now: number): AttemptDecision {
  const current = throttleAsOf(state, now);
  const retryAt = nextAttemptAllowedAt(current.failures, current.lastFailureAt);
  if (retryAt > now) return { allowed: false, retryAt };
  return { allowed: true, attemptsBeforeWait: Math.max(0, FREE_ATTEMPTS - current.failures) };
}

export const MIN_IDLE_MS = 60_000;
export const MAX_IDLE_MS = 120 * 60_000;
export const DEFAULT_IDLE_MS = 5 * 60_000;

/** Whether an app last used at `lastActivityAt` locks at `now` (same clock, ms). */
export function shouldLock(lastActivityAt: number, now: number, idleMs: number): boolean {
  // Times we cannot read lock: a lock screen is the safe mistake.
  if (!Number.isFinite(lastActivityAt) || !Number.isFinite(now)) return true;
  // An idle time outside the policy's range (1 min–2 h) is brought into it, never "lock at once" or "never".
  const idle = Number.isFinite(idleMs)
    ? Math.min(MAX_IDLE_MS, Math.max(MIN_IDLE_MS, idleMs))
    : DEFAULT_IDLE_MS;
  return now - lastActivityAt >= idle;
}
