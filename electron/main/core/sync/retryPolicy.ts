// The retry policy as pure functions: what a Booster outcome means for the record, and when to try again.
import type { BoosterOutcome } from '../../../../shared/booster';
import type { FieldIssue } from '../outbox/types';

export interface RetrySettings {
  /** First backoff ceiling. */
  baseMs: number;
  /** No wait is ever longer than this. */
  capMs: number;
}

export const defaultRetrySettings: RetrySettings = { baseMs: 2_000, capMs: 15 * 60_000 };

/** A host's Retry-After is honoured even beyond the backoff cap (a short cap must not make us retry
 *  sooner than asked); only an absurd value is cut to this. */
export const RETRY_AFTER_MAX_MS = 60 * 60_000;

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(n-1))], at least a small floor. */
export function backoffDelayMs(
  failedAttempts: number,
  random: () => number,
  settings: RetrySettings = defaultRetrySettings,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
  const floor = Math.min(ceiling, Math.max(50, settings.baseMs / 20));
  return Math.max(floor, Math.floor(random() * ceiling));
}

export type SendDecision =
  | { kind: 'sent'; boosterCustomerId: number }
  | {
      kind: 'retry';
      delayMs: number;
      ambiguous: boolean;
      /** The host asked everyone to wait (429/503 with Retry-After): hold the whole queue. */
      holdQueueMs?: number;
      /** The failure says the network or Booster is down: check reachability before the next send. */
      suspectOffline: boolean;
      error: { code: string; message: string };
    }
  | {
      kind: 'attention';
      reason: 'rejected' | 'forbidden' | 'failed';
      message: string;
      fieldErrors?: FieldIssue[];
      /** Booster may hold the client already (a 2xx without a usable id): flag it for a person. */
      possibleDuplicate?: boolean;
    }
  | { kind: 'unauthorized'; message: string };

export function decideAfterOutcome(
  outcome: BoosterOutcome,
  context: { failedAttempts: number; random: () => number; settings?: RetrySettings },
): SendDecision {
  const settings = context.settings ?? defaultRetrySettings;
  switch (outcome.kind) {
    case 'created':
      return { kind: 'sent', boosterCustomerId: outcome.boosterCustomerId };
    case 'rejected':
      return {
        kind: 'attention',
        reason: 'rejected',
        message: outcome.message,
        fieldErrors: outcome.fieldErrors,
      };
    case 'forbidden':
      return { kind: 'attention', reason: 'forbidden', message: outcome.message };
    case 'failed':
      return {
        kind: 'attention',
        reason: 'failed',
        message: outcome.message,
        ...(outcome.mayHaveCreated === true ? { possibleDuplicate: true } : {}),
      };
    case 'unauthorized':
      return { kind: 'unauthorized', message: outcome.message };
    case 'retryable': {
      const backoff = backoffDelayMs(context.failedAttempts, context.random, settings);
      const retryAfter =
        outcome.retryAfterMs !== undefined
          ? Math.min(outcome.retryAfterMs, Math.max(settings.capMs, RETRY_AFTER_MAX_MS))
          : undefined;
      return {
        kind: 'retry',
        delayMs: retryAfter !== undefined ? Math.max(retryAfter, 0) : backoff,
        ambiguous: outcome.ambiguous,
        ...(retryAfter !== undefined ? { holdQueueMs: retryAfter } : {}),
        suspectOffline: outcome.reason !== 'http',
        error: {
          code: outcome.reason === 'http' ? `http${outcome.status ?? ''}` : outcome.reason,
          message: outcome.message,
        },
      };
    }
  }
}

/** Probes while Booster is unreachable: 1 s, 2 s, 4 s … up to a minute, jittered so fleets do not align. */
export function probeDelayMs(failedProbes: number, random: () => number): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.min(Math.max(failedProbes - 1, 0), 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
