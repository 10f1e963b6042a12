import { describe, expect, it } from 'vitest';
import {
  measureSkew,
  planRegistrationDate,
  type CaptureReading,
} from '../../../electron/main/core/sync/trustedTime';

const MIN = 60_000;
const HOUR = 60 * MIN;
const trueNow = Date.UTC(2026, 10, 28, 15, 0, 0);

function capture(overrides: Partial<CaptureReading> = {}): CaptureReading {
  return {
    deviceTimeMs: trueNow - HOUR,
    monotonicMs: 5_000,
    monotonicEpoch: 'run-1',
    registrationDateFromDevice: true,
    ...overrides,
  };
}

describe('planRegistrationDate', () => {
  it('keeps the date when the clock is right', () => {
    const plan = planRegistrationDate(trueNow - HOUR, capture(), {
      deviceNowMs: trueNow,
      monotonicNowMs: 5_000 + HOUR,
      monotonicEpoch: 'run-1',
      skewMs: 1_000,
    });
    expect(plan).toEqual({ kind: 'keep' });
  });

  it('corrects a capture of this run by the measured error, using the monotonic clock', () => {
    // The laptop runs 3 hours behind; the client was captured one hour ago (true time).
    const wrong = trueNow - 3 * HOUR;
    const plan = planRegistrationDate(wrong - HOUR, capture({ deviceTimeMs: wrong - HOUR }), {
      deviceNowMs: wrong,
      monotonicNowMs: 5_000 + HOUR,
      monotonicEpoch: 'run-1',
      skewMs: 3 * HOUR,
    });
    expect(plan).toEqual({ kind: 'correct', registrationDateMs: trueNow - HOUR, byMs: 3 * HOUR });
  });

  it('corrects a capture made while the clock was wrong even if it has been fixed since (NTP caught up)', () => {
    const plan = planRegistrationDate(Date.UTC(2001, 0, 1), capture({ deviceTimeMs: Date.UTC(2001, 0, 1) }), {
      deviceNowMs: trueNow,
      monotonicNowMs: 5_000 + 10 * MIN,
      monotonicEpoch: 'run-1',
      skewMs: 0,
    });
    expect(plan).toMatchObject({ kind: 'correct', registrationDateMs: trueNow - 10 * MIN });
  });

  it('flags a capture from an earlier run when the clock is off now (it cannot be placed safely)', () => {
    const plan = planRegistrationDate(trueNow - HOUR, capture({ monotonicEpoch: 'run-0' }), {
      deviceNowMs: trueNow - 2 * HOUR,
      monotonicNowMs: 100,
      monotonicEpoch: 'run-1',
      skewMs: 2 * HOUR,
    });
    expect(plan.kind).toBe('untrusted');
    expect(plan.kind === 'untrusted' && plan.message).toContain('2 hours');
  });

  it('flags a capture before 2020 from an earlier run even if the clock is right now', () => {
    const plan = planRegistrationDate(
      Date.UTC(2000, 0, 1),
      capture({ monotonicEpoch: 'run-0', deviceTimeMs: Date.UTC(2000, 0, 1) }),
      {
        deviceNowMs: trueNow,
        monotonicNowMs: 100,
        monotonicEpoch: 'run-1',
        skewMs: 0,
      },
    );
    expect(plan.kind).toBe('untrusted');
  });

  it('keeps a plausible capture from an earlier run when the clock is right now', () => {
    const plan = planRegistrationDate(trueNow - HOUR, capture({ monotonicEpoch: 'run-0' }), {
      deviceNowMs: trueNow,
      monotonicNowMs: 100,
      monotonicEpoch: 'run-1',
      skewMs: 30_000,
    });
    expect(plan).toEqual({ kind: 'keep' });
  });

  it('never touches a registration date a person gave or confirmed', () => {
    const current = { deviceNowMs: trueNow, monotonicNowMs: 100, monotonicEpoch: 'run-1', skewMs: 5 * HOUR };
    expect(planRegistrationDate(0, capture({ registrationDateFromDevice: false }), current)).toEqual({
      kind: 'keep',
    });
    expect(planRegistrationDate(0, capture({ registrationDateConfirmed: true }), current)).toEqual({
      kind: 'keep',
    });
  });

  it('without a server time, sends as captured unless the capture is before 2020', () => {
    const current = { deviceNowMs: trueNow, monotonicNowMs: 100, monotonicEpoch: 'run-1', skewMs: undefined };
    expect(planRegistrationDate(trueNow, capture(), current)).toEqual({ kind: 'keep' });
    expect(planRegistrationDate(0, capture({ deviceTimeMs: Date.UTC(1999, 0, 1) }), current).kind).toBe(
      'untrusted',
    );
  });
});

describe('measureSkew', () => {
  it('is server minus device, taking the middle of the Date header second', () => {
    expect(measureSkew(Date.UTC(2026, 0, 1, 12, 0, 0), Date.UTC(2026, 0, 1, 11, 0, 0))).toBe(HOUR + 500);
  });
});
