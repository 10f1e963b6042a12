// The app lock's pure decisions with hostile inputs: PIN rules, the wrong-PIN throttle, the idle timer.
import { describe, expect, it } from 'vitest';
import {
  attemptDecision,
  FIRST_WAIT_MS,
  MAX_WAIT_MS,
  nextAttemptAllowedAt,
  shouldLock,
  throttleAsOf,
  waitAfterFailures,
} from '../../../electron/main/core/appLock/lockDecisions';
import { normalizePin, pinProblem, pinProblemMessage } from '../../../shared/policy/pinRules';

describe('PIN rules', () => {
  it('accepts 6 to 12 digits that are not a pattern', () => {
    for (const pin of ['284913', '000001', '135792', '121212', '482917365028', '9081726'])
      expect(pinProblem(pin), pin).toBeUndefined();
  });

  it.each([
    ['', 'length'],
    ['12345', 'length'],
    ['2849130284913', 'length'],
    ['111111', 'allSame'],
    ['000000000000', 'allSame'],
    ['123456', 'sequence'],
    ['987654', 'sequence'],
    ['012345678901', 'sequence'],
    ['890123', 'sequence'],
    ['210987', 'sequence'],
    ['12345a', 'notDigits'],
    [' 284913', 'notDigits'],
    ['284913\n', 'notDigits'],
    ['２８４９１３x', 'notDigits'],
    ['٢٨٤٩١٣', 'notDigits'],
    ['-28491', 'notDigits'],
    ['2.8491e3', 'notDigits'],
  ])('refuses %j (%s)', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });

  it('refuses what is not text', () => {
    for (const value of [undefined, null, 284913, ['284913'], {}])
      expect(pinProblem(value)).toBe('notDigits');
  });

  it('reads fullwidth digits as digits', () => {
    expect(normalizePin('２８４９１３')).toBe('284913');
    expect(pinProblem(normalizePin('２８４９１３'))).toBeUndefined();
  });

  it('names the field in every message', () => {
    for (const problem of ['notDigits', 'length', 'allSame', 'sequence'] as const)
      expect(pinProblemMessage(problem)).toMatch(/^Staff PIN: /);
  });
});

describe('wrong-PIN throttle', () => {
  const t0 = Date.UTC(2026, 10, 30, 10, 0, 0);

  it('is free for the first three wrong PINs, then waits longer each time, up to 15 minutes', () => {
    expect([0, 1, 2].map(waitAfterFailures)).toEqual([0, 0, 0]);
    expect(waitAfterFailures(3)).toBe(FIRST_WAIT_MS);
    expect(waitAfterFailures(4)).toBe(2 * FIRST_WAIT_MS);
    expect(waitAfterFailures(5)).toBe(4 * FIRST_WAIT_MS);
    const waits = Array.from({ length: 20 }, (_, index) => waitAfterFailures(index));
    for (let index = 1; index < waits.length; index += 1)
      expect(waits[index]!).toBeGreaterThanOrEqual(waits[index - 1]!);
    expect(waitAfterFailures(10)).toBe(MAX_WAIT_MS);
    expect(waitAfterFailures(1e9)).toBe(MAX_WAIT_MS);
    expect(waitAfterFailures(Number.POSITIVE_INFINITY)).toBe(MAX_WAIT_MS);
  });

  it('waits the longest for a count it cannot read', () => {
    expect(waitAfterFailures(Number.NaN)).toBe(MAX_WAIT_MS);
    expect(waitAfterFailures('3' as unknown as number)).toBe(MAX_WAIT_MS);
    expect(waitAfterFailures(-4)).toBe(0);
  });

  it('answers when the next attempt is allowed', () => {
    expect(nextAttemptAllowedAt(2, t0)).toBe(-Infinity);
    expect(nextAttemptAllowedAt(3, t0)).toBe(t0 + FIRST_WAIT_MS);
    expect(nextAttemptAllowedAt(3, undefined)).toBe(-Infinity);
  });

  it('counts attempts left, then a retry time', () => {
    expect(attemptDecision({ failures: 0 }, t0)).toEqual({ allowed: true, attemptsBeforeWait: 3 });
    expect(attemptDecision({ failures: 2, lastFailureAt: t0 }, t0)).toEqual({
      allowed: true,
      attemptsBeforeWait: 1,
    });
    expect(attemptDecision({ failures: 3, lastFailureAt: t0 }, t0 + 1)).toEqual({
      allowed: false,
      retryAt: t0 + FIRST_WAIT_MS,
    });
    expect(attemptDecision({ failures: 3, lastFailureAt: t0 }, t0 + FIRST_WAIT_MS)).toEqual({
      allowed: true,
      attemptsBeforeWait: 0,
    });
  });

  it('restarts the wait from now when the clock was moved back, instead of locking out until it catches up', () => {
    const future = t0 + 365 * 24 * 3_600_000;
    expect(throttleAsOf({ failures: 5, lastFailureAt: future }, t0)).toEqual({
      failures: 5,
      lastFailureAt: t0,
    });
    expect(attemptDecision({ failures: 5, lastFailureAt: future }, t0)).toEqual({
      allowed: false,
      retryAt: t0 + 4 * FIRST_WAIT_MS,
    });
  });

  it('treats unreadable state as many failures just now', () => {
    expect(throttleAsOf({ failures: Number.NaN }, t0)).toEqual({ failures: 8, lastFailureAt: t0 });
    expect(throttleAsOf({ failures: -1 }, t0).failures).toBe(8);
    expect(throttleAsOf({ failures: 4, lastFailureAt: Number.NaN }, t0)).toEqual({
      failures: 4,
      lastFailureAt: t0,
    });
    expect(attemptDecision({ failures: Number.NaN }, t0).allowed).toBe(false);
  });
});

describe('idle lock', () => {
  const minute = 60_000;

  it('locks once the idle time has passed', () => {
    expect(shouldLock(0, 5 * minute - 1, 5 * minute)).toBe(false);
    expect(shouldLock(0, 5 * minute, 5 * minute)).toBe(true);
    expect(shouldLock(1_000, 1_000 + 2 * 3_600_000, 120 * minute)).toBe(true);
  });

  it('keeps the idle time within 1 minute and 2 hours', () => {
    expect(shouldLock(0, 30_000, 0)).toBe(false);
    expect(shouldLock(0, minute, -5)).toBe(true);
    expect(shouldLock(0, 3 * 3_600_000, Number.POSITIVE_INFINITY)).toBe(true);
    expect(shouldLock(0, 3 * 3_600_000, 10 * 3_600_000)).toBe(true);
  });

  it('uses 5 minutes for an idle time it cannot read', () => {
    expect(shouldLock(0, 5 * minute - 1, Number.NaN)).toBe(false);
    expect(shouldLock(0, 5 * minute, Number.NaN)).toBe(true);
  });

  it('locks for times it cannot read, and not for activity "in the future"', () => {
    expect(shouldLock(Number.NaN, 0, minute)).toBe(true);
    expect(shouldLock(0, Number.POSITIVE_INFINITY, minute)).toBe(true);
    expect(shouldLock(10 * minute, 0, minute)).toBe(false);
  });
});
