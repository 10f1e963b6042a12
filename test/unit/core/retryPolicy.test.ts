import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  decideAfterOutcome,
  probeDelayMs,
  RETRY_AFTER_MAX_MS,
} from '../../../electron/main/core/sync/retryPolicy';

const settings = { baseMs: 2_000, capMs: 15 * 60_000 };
const always = (value: number) => () => value;

describe('backoffDelayMs (exponential, full jitter, capped)', () => {
  it('doubles the ceiling per failed attempt', () => {
    expect(backoffDelayMs(1, always(0.999999), settings)).toBe(1_999);
    expect(backoffDelayMs(2, always(0.999999), settings)).toBe(3_999);
    expect(backoffDelayMs(5, always(0.999999), settings)).toBe(31_999);
  });

  it('never exceeds the cap, however many failures', () => {
    for (const attempts of [12, 30, 1_000])
      expect(backoffDelayMs(attempts, always(0.999999), settings)).toBeLessThanOrEqual(settings.capMs);
  });

  it('uses full jitter but keeps a small floor so a failing record never spins', () => {
    expect(backoffDelayMs(3, always(0), settings)).toBe(100);
    expect(backoffDelayMs(3, always(0.5), settings)).toBe(4_000);
  });
});

describe('decideAfterOutcome', () => {
  const context = { failedAttempts: 1, random: always(0.5), settings };

  it('created -> sent with the Booster id', () => {
    expect(decideAfterOutcome({ kind: 'created', boosterCustomerId: 42 }, context)).toEqual({
      kind: 'sent',
      boosterCustomerId: 42,
    });
  });

  it('400 -> needsAttention with the field errors kept', () => {
    const fieldErrors = [{ path: 'lastName', code: 'NotEmpty', message: "'Last Name' must not be empty." }];
    const decision = decideAfterOutcome(
      { kind: 'rejected', status: 400, message: 'refused', fieldErrors },
      context,
    );
    expect(decision).toMatchObject({ kind: 'attention', reason: 'rejected', fieldErrors });
  });

  it('403 -> needsAttention (forbidden); 404/405/2xx without id -> needsAttention (failed)', () => {
    expect(decideAfterOutcome({ kind: 'forbidden', message: 'no' }, context)).toMatchObject({
      kind: 'attention',
      reason: 'forbidden',
    });
    expect(decideAfterOutcome({ kind: 'failed', status: 404, message: 'route' }, context)).toMatchObject({
      kind: 'attention',
      reason: 'failed',
      message: 'route',
    });
    expect(decideAfterOutcome({ kind: 'failed', status: 404, message: 'route' }, context)).not.toHaveProperty(
      'possibleDuplicate',
    );
  });

  it('a 2xx that may have created the client (no usable id) -> needsAttention, flagged possibleDuplicate', () => {
    expect(
      decideAfterOutcome({ kind: 'failed', status: 200, message: 'id 0', mayHaveCreated: true }, context),
    ).toEqual({ kind: 'attention', reason: 'failed', message: 'id 0', possibleDuplicate: true });
  });

  it('401 -> unauthorized (handled by the engine: refresh or pause, never a record failure)', () => {
    expect(
      decideAfterOutcome({ kind: 'unauthorized', reason: 'tokenExpired', message: 'expired' }, context).kind,
    ).toBe('unauthorized');
  });

  it('network and timeout failures retry with backoff and say whether Booster may hold the client', () => {
    const decision = decideAfterOutcome(
      { kind: 'retryable', reason: 'timeout', ambiguous: true, message: 'slow' },
      context,
    );
    expect(decision).toMatchObject({ kind: 'retry', ambiguous: true, suspectOffline: true, delayMs: 1_000 });
  });

  it('429/503 honour Retry-After and hold the whole queue', () => {
    const decision = decideAfterOutcome(
      {
        kind: 'retryable',
        reason: 'http',
        status: 429,
        retryAfterMs: 7_000,
        ambiguous: false,
        message: 'slow down',
      },
      context,
    );
    expect(decision).toMatchObject({
      kind: 'retry',
      delayMs: 7_000,
      holdQueueMs: 7_000,
      ambiguous: false,
      suspectOffline: false,
    });
  });

  it('a Retry-After beyond the backoff cap is still honoured; only an absurd one is cut to an hour', () => {
    const throttled = (retryAfterMs: number) =>
      decideAfterOutcome(
        { kind: 'retryable', reason: 'http', status: 503, retryAfterMs, ambiguous: false, message: '' },
        { ...context, settings: { baseMs: 500, capMs: 10_000 } },
      );
    expect(throttled(60_000)).toMatchObject({ kind: 'retry', delayMs: 60_000, holdQueueMs: 60_000 });
    expect(throttled(86_400_000)).toMatchObject({ kind: 'retry', delayMs: RETRY_AFTER_MAX_MS });
  });

  it('500 retries and counts as ambiguous when the decoder says so', () => {
    const decision = decideAfterOutcome(
      { kind: 'retryable', reason: 'http', status: 500, ambiguous: true, message: '' },
      context,
    );
    expect(decision).toMatchObject({ kind: 'retry', ambiguous: true, error: { code: 'http500' } });
  });
});

describe('probeDelayMs', () => {
  it('backs off from about a second to at most a minute', () => {
    expect(probeDelayMs(1, always(1))).toBe(1_000);
    expect(probeDelayMs(3, always(1))).toBe(4_000);
    expect(probeDelayMs(50, always(1))).toBe(60_000);
    expect(probeDelayMs(50, always(0))).toBe(30_000);
  });
});
