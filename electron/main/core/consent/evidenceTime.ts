// Trusted time for consent evidence, with registration time's own correction (sync/trustedTime.ts): a tick
// keeps the device clock, its zone and a monotonic reading; once Booster's clock is known (any probe or send),
// a tick of this run is placed at Booster's now minus the monotonic time elapsed since.
import { planRegistrationDate } from '../sync/trustedTime';

export interface TickReading {
  deviceTimeMs: number;
  monotonicMs: number;
  monotonicEpoch: string;
}

export interface ClockNow {
  deviceNowMs: number;
  monotonicNowMs: number;
  monotonicEpoch: string;
  /** server − device from Booster's latest answer; undefined when none was seen yet. */
  skewMs: number | undefined;
}

export type TrustedTick = { atMs: number; source: 'booster' | 'corrected' | 'device' };

/** At the tick itself: Booster's clock when it is known, else the device's (corrected later by `correctTick`). */
export function stampTick(now: ClockNow): TrustedTick {
  return now.skewMs === undefined
    ? { atMs: now.deviceNowMs, source: 'device' }
    : { atMs: now.deviceNowMs + now.skewMs, source: 'booster' };
}

/** A tick stamped from the device clock, placed again now that Booster's clock may be known. */
export function correctTick(stamped: TrustedTick, reading: TickReading, now: ClockNow): TrustedTick {
  if (stamped.source !== 'device' || now.skewMs === undefined) return stamped;
  if (reading.monotonicEpoch !== now.monotonicEpoch) return stamped;
  const plan = planRegistrationDate(
    reading.deviceTimeMs,
    { ...reading, registrationDateFromDevice: true },
    now,
    0,
  );
  return plan.kind === 'correct'
    ? { atMs: plan.registrationDateMs, source: 'corrected' }
    : { atMs: reading.deviceTimeMs, source: 'corrected' };
}
