// The circuit for Booster as a whole, as pure functions. Backoff per record alone lets traffic grow with the
// backlog: 300 queued clients against a Booster that answers 500 would mean hundreds of requests a minute.
// After a run of failures that say the host is in trouble, every send waits (growing delay, full jitter,
// capped, at least a floor, never sooner than a Retry-After); then exactly one request goes through as a
// probe; its success closes the circuit and concurrency resumes.
import type { BoosterOutcome } from '../../../../shared/booster';
import { RETRY_AFTER_MAX_MS } from './retryPolicy';

export interface CircuitSettings {
  /** Consecutive host failures that open the circuit. */
  failureThreshold: number;
  /** No pause is shorter than this, whatever the jitter draws: it bounds the request rate. */
  floorMs: number;
  /** First ceiling of the jittered pause; it doubles with every failed probe. */
  baseMs: number;
  /** No pause is longer than this (except a longer Retry-After). */
  capMs: number;
}

/** With these, a failing Booster sees at most a handful of requests in the first minute, then 2 a minute. */
export const defaultCircuitSettings: CircuitSettings = {
  failureThreshold: 5,
  floorMs: 30_000,
  baseMs: 60_000,
  capMs: 15 * 60_000,
};

/** Scales the circuit with the retry settings (tests and the CLI shorten them), keeping its proportions. */
export function circuitSettingsFor(retry: { baseMs: number; capMs: number }): CircuitSettings {
  const floorMs = retry.baseMs * 15;
  const baseMs = retry.baseMs * 30;
  return { failureThreshold: 5, floorMs, baseMs, capMs: Math.max(retry.capMs, baseMs) };
}

export type CircuitState =
  | { kind: 'closed'; consecutiveFailures: number; lastCause?: string }
  | { kind: 'open'; until: number; trips: number; cause: string }
  | { kind: 'halfOpen'; trips: number; cause: string; probeInFlight: boolean };

export const closedCircuit: CircuitState = { kind: 'closed', consecutiveFailures: 0 };

/** What Booster's answer says about the host (not about the record). */
export type HostVerdict =
  | { kind: 'healthy' }
  | {
      kind: 'failing';
      cause: string;
      retryAfterMs?: number;
      /** An answer that is not Booster's (a portal's page, a redirect): no glitch, the path is wrong. */
      notBooster?: boolean;
    };

/**
 * 5xx, 408/429, timeouts, resets and answers that are not Booster's (an HTML 200, a redirect) say the host
 * is in trouble. A 400 or 403 about one record, a 401, or a well-formed final answer say Booster is there.
 * An answer that is not Booster's opens the circuit at once: it is a portal or a proxy, not a glitch.
 */
export function hostVerdictOf(outcome: BoosterOutcome): HostVerdict {
  switch (outcome.kind) {
    case 'retryable': {
      // A transport failure with a status is an answer that is not Booster's (see boosterHttp).
      const notBooster = outcome.reason === 'network' && outcome.status !== undefined;
      const cause =
        outcome.reason === 'timeout'
          ? 'no answer in time'
          : notBooster
            ? `an answer that is not Booster's, HTTP ${outcome.status}`
            : outcome.reason === 'network'
              ? 'the connection failed'
              : `HTTP ${outcome.status ?? 'error'}`;
      return {
        kind: 'failing',
        cause,
        ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
        ...(notBooster ? { notBooster } : {}),
      };
    }
    case 'failed':
      // A redirect is about the path to Booster, not about the record.
      return outcome.status >= 300 && outcome.status < 400
        ? { kind: 'failing', cause: `a redirect, HTTP ${outcome.status}`, notBooster: true }
        : { kind: 'healthy' };
    default:
      return { kind: 'healthy' };
  }
}

/** The pause after the circuit opened for the `trips`-th time in a row: full jitter above a floor. */
export function openDelayMs(
  trips: number,
  random: () => number,
  settings: CircuitSettings,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(trips - 1, 0), 30);
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
  const jittered = Math.max(settings.floorMs, Math.floor(random() * ceiling));
  const askedFor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, RETRY_AFTER_MAX_MS);
  return Math.max(jittered, askedFor);
}

export interface CircuitContext {
  now: number;
  random: () => number;
  settings: CircuitSettings;
}

/** The circuit after an answer (or a failure to get one) from Booster. */
export function circuitAfter(
  state: CircuitState,
  verdict: HostVerdict,
  context: CircuitContext,
): CircuitState {
  if (verdict.kind === 'healthy') return closedCircuit;
  const { now, random, settings } = context;
  switch (state.kind) {
    case 'closed': {
      const consecutiveFailures = state.consecutiveFailures + 1;
      if (consecutiveFailures < settings.failureThreshold && verdict.notBooster !== true)
        return { kind: 'closed', consecutiveFailures, lastCause: verdict.cause };
      return {
        kind: 'open',
        trips: 1,
        cause: verdict.cause,
        until: now + openDelayMs(1, random, settings, verdict.retryAfterMs),
      };
    }
    case 'open':
      // Answers to requests sent before it opened: only a Retry-After may lengthen the pause.
      return verdict.retryAfterMs === undefined
        ? state
        : {
            ...state,
            until: Math.max(state.until, now + Math.min(verdict.retryAfterMs, RETRY_AFTER_MAX_MS)),
          };
    case 'halfOpen': {
      const trips = state.trips + 1;
      return {
        kind: 'open',
        trips,
        cause: verdict.cause,
        until: now + openDelayMs(trips, random, settings, verdict.retryAfterMs),
      };
    }
  }
}

/** An open circuit whose pause is over lets a probe through. */
export function circuitAt(state: CircuitState, now: number): CircuitState {
  return state.kind === 'open' && now >= state.until
    ? { kind: 'halfOpen', trips: state.trips, cause: state.cause, probeInFlight: false }
    : state;
}

/** How many sends may start now (on top of the engine's own concurrency), or until when to wait. */
export type SendAllowance =
  { kind: 'send'; limit: number; probe: boolean } | { kind: 'wait'; until?: number };

/** `limit` counts every send in flight, not only new ones. */
export function sendAllowance(state: CircuitState): SendAllowance {
  switch (state.kind) {
    case 'closed':
      // After a failure, one at a time until an answer shows Booster is well again: no burst into trouble.
      return {
        kind: 'send',
        limit: state.consecutiveFailures > 0 ? 1 : Number.POSITIVE_INFINITY,
        probe: false,
      };
    case 'open':
      return { kind: 'wait', until: state.until };
    case 'halfOpen':
      return state.probeInFlight ? { kind: 'wait' } : { kind: 'send', limit: 1, probe: true };
  }
}

/** "Sync now": a person asks; the pause ends at once, still with a single probe first. */
export function circuitForcedProbe(state: CircuitState): CircuitState {
  return state.kind === 'open'
    ? { kind: 'halfOpen', trips: state.trips, cause: state.cause, probeInFlight: false }
    : state;
}

/** For people: what is happening and when the next try is, "14:05" in the laptop's zone. */
export function describeOpenCircuit(cause: string, until: number, timeZone: string): string {
  return `Booster is failing (${cause}); sending is paused and will be tried again at ${clockTimeIn(until, timeZone)}. Clients stay queued.`;
}

export function clockTimeIn(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(11, 16) + ' UTC';
  }
}
