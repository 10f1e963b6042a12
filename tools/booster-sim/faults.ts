// Fault decisions: pure functions of the fault config and a random source. They return the config with
// any `count` consumed, so the caller owns the state and a seeded PRNG makes a run reproducible.
import type { FaultName, FaultsConfig, RouteKind } from './config';

export type Random = () => number;

/**
 * Where in the handling of a request a fault can strike. `authenticated`: the credential has just been
 * verified (a 403 says it is valid but not allowed); `authorized`: the service is about to run.
 */
export type FaultStage = 'received' | 'token' | 'authenticated' | 'authorized' | 'processed' | 'answering';

// Checked in this order within a stage; the first that fires wins. `answering`: a customer was created and
// its answer is about to go out (after a lost response had its chance).
const faultsByStage: Record<FaultStage, readonly FaultName[]> = {
  received: ['reset', 'redirect', 'notBooster', 'slowBody', 'rateLimited', 'unavailable'],
  token: ['expireTokens'],
  authenticated: ['forbidden'],
  authorized: ['serverError'],
  processed: ['lostResponse'],
  answering: ['badCustomerId'],
};

export interface FaultDecision {
  fault: FaultName | null;
  faults: FaultsConfig;
}

export function decideFault(
  faults: FaultsConfig,
  stage: FaultStage,
  route: RouteKind,
  random: Random,
): FaultDecision {
  for (const name of faultsByStage[stage]) {
    const fault = faults[name];
    if ('routes' in fault && !fault.routes.includes(route)) continue;
    if (fault.count > 0) {
      return { fault: name, faults: { ...faults, [name]: { ...fault, count: fault.count - 1 } } };
    }
    if (fault.probability > 0 && random() < fault.probability) return { fault: name, faults };
  }
  return { fault: null, faults };
}

/** Delay before a request is handled, in ms: `ms` plus a uniform jitter in [0, jitterMs]. */
export function decideLatency(faults: FaultsConfig, route: RouteKind, random: Random): number {
  const { ms, jitterMs, routes } = faults.latency;
  if (!routes.includes(route)) return 0;
  return ms + (jitterMs > 0 ? Math.round(random() * jitterMs) : 0);
}

/** mulberry32: small, fast and good enough to make fault sequences reproducible from a seed. */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
