// The circuit for Booster as a whole and the storage pause: pure decisions, called directly.
import { describe, expect, it } from 'vitest';
import type { BoosterOutcome } from '../../../shared/booster';
import {
  circuitAfter,
  circuitAt,
  circuitForcedProbe,
  circuitSettingsFor,
  closedCircuit,
  defaultCircuitSettings,
  describeOpenCircuit,
  hostVerdictOf,
  openDelayMs,
  sendAllowance,
  type CircuitState,
  type HostVerdict,
} from '../../../electron/main/core/sync/circuit';
import {
  describeStoragePause,
  storagePauseAfterFailure,
  storagePauseError,
  storageRetryDelayMs,
} from '../../../electron/main/core/sync/storagePause';

const settings = defaultCircuitSettings;
const fail = (cause = 'HTTP 500', extra: Partial<HostVerdict> = {}): HostVerdict =>
  ({ kind: 'failing', cause, ...extra }) as HostVerdict;
const context = (now: number, random = () => 0.5) => ({ now, random, settings });

describe('host verdicts', () => {
  const cases: [BoosterOutcome, HostVerdict['kind'], boolean?][] = [
    [{ kind: 'retryable', reason: 'http', status: 500, ambiguous: true, message: '' }, 'failing'],
    [{ kind: 'retryable', reason: 'http', status: 429, ambiguous: false, message: '' }, 'failing'],
    [{ kind: 'retryable', reason: 'timeout', ambiguous: true, message: '' }, 'failing'],
    [{ kind: 'retryable', reason: 'network', ambiguous: true, message: '' }, 'failing'],
    // An HTML 200 or a redirect: not Booster's answer, opens at once.
    [{ kind: 'retryable', reason: 'network', status: 200, ambiguous: true, message: '' }, 'failing', true],
    [{ kind: 'retryable', reason: 'network', status: 307, ambiguous: false, message: '' }, 'failing', true],
    [{ kind: 'failed', status: 302, message: '' }, 'failing', true],
    // Answers about one record, or Booster being itself.
    [{ kind: 'rejected', status: 400, message: '', fieldErrors: [] }, 'healthy'],
    [{ kind: 'forbidden', message: '' }, 'healthy'],
    [{ kind: 'unauthorized', reason: 'tokenExpired', message: '' }, 'healthy'],
    [{ kind: 'failed', status: 200, message: '', mayHaveCreated: true }, 'healthy'],
    [{ kind: 'created', boosterCustomerId: 3 }, 'healthy'],
  ];
  it.each(cases)('%o is %s', (outcome, kind, notBooster) => {
    const verdict = hostVerdictOf(outcome);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'failing') expect(verdict.notBooster === true).toBe(notBooster === true);
  });
});

describe('circuit', () => {
  it('opens after consecutive failures, lets one probe through after the pause, and closes on success', () => {
    let state: CircuitState = closedCircuit;
    expect(sendAllowance(state)).toEqual({ kind: 'send', limit: Number.POSITIVE_INFINITY, probe: false });
    for (let failure = 1; failure < settings.failureThreshold; failure += 1) {
      state = circuitAfter(state, fail(), context(0));
      // One at a time after a failure.
      expect(sendAllowance(state)).toMatchObject({ kind: 'send', limit: 1, probe: false });
    }
    state = circuitAfter(state, fail(), context(0));
    expect(state).toMatchObject({ kind: 'open', trips: 1, cause: 'HTTP 500' });
    const until = (state as { until: number }).until;
    expect(until).toBeGreaterThanOrEqual(settings.floorMs);
    expect(sendAllowance(circuitAt(state, until - 1))).toEqual({ kind: 'wait', until });
    const halfOpen = circuitAt(state, until);
    expect(sendAllowance(halfOpen)).toEqual({ kind: 'send', limit: 1, probe: true });
    expect(sendAllowance({ ...(halfOpen as object), probeInFlight: true } as CircuitState)).toEqual({
      kind: 'wait',
    });
    expect(circuitAfter(halfOpen, { kind: 'healthy' }, context(until))).toEqual(closedCircuit);
  });

  it('a failed probe opens it again for longer (growing, capped), never shorter than the floor', () => {
    let state: CircuitState = { kind: 'halfOpen', trips: 1, cause: 'x', probeInFlight: true };
    let previous = 0;
    for (let trip = 2; trip < 12; trip += 1) {
      state = circuitAfter(
        state,
        fail(),
        context(0, () => 0.99),
      );
      const delay = (state as { until: number }).until;
      expect(delay).toBeGreaterThanOrEqual(Math.min(previous, settings.capMs));
      expect(delay).toBeLessThanOrEqual(settings.capMs);
      previous = delay;
      state = circuitAt(state, delay);
    }
    expect(previous).toBeGreaterThan(settings.capMs * 0.9);
    for (const random of [0, 0.01, 0.5, 0.999])
      for (let trips = 1; trips < 40; trips += 1)
        expect(openDelayMs(trips, () => random, settings)).toBeGreaterThanOrEqual(settings.floorMs);
  });

  it('honours Retry-After, even beyond the cap, and lets it lengthen an open pause', () => {
    const hour = 60 * 60_000;
    expect(openDelayMs(1, () => 0, settings, 40 * 60_000)).toBe(40 * 60_000);
    expect(openDelayMs(1, () => 0, settings, 10 * hour)).toBe(hour);
    const open: CircuitState = { kind: 'open', until: 1_000, trips: 1, cause: 'HTTP 503' };
    expect(circuitAfter(open, fail('HTTP 503'), context(0))).toBe(open);
    expect(circuitAfter(open, fail('HTTP 503', { retryAfterMs: 120_000 }), context(0))).toMatchObject({
      until: 120_000,
    });
  });

  it('an answer that is not Booster opens it at once', () => {
    expect(circuitAfter(closedCircuit, fail('HTML', { notBooster: true }), context(0)).kind).toBe('open');
  });

  it('"Sync now" ends the pause but still sends a single probe first', () => {
    const open: CircuitState = { kind: 'open', until: 10 * 60_000, trips: 3, cause: 'HTTP 500' };
    expect(sendAllowance(circuitForcedProbe(open))).toEqual({ kind: 'send', limit: 1, probe: true });
    expect(circuitForcedProbe(closedCircuit)).toBe(closedCircuit);
  });

  it('a failing Booster gets fewer than 10 requests a minute, whatever the jitter draws', () => {
    // One request per probe, at the earliest moments the circuit allows, from the moment it opens.
    for (const random of [0, 0.3, 0.999]) {
      let state: CircuitState = {
        kind: 'open',
        until: openDelayMs(1, () => random, settings),
        trips: 1,
        cause: 'x',
      };
      const times: number[] = [];
      while (times.length < 200) {
        const at = (state as { until: number }).until;
        times.push(at);
        state = circuitAfter(
          circuitAt(state, at),
          fail(),
          context(at, () => random),
        );
      }
      for (const [index, at] of times.entries()) {
        const inMinute = times.filter((other) => other >= at && other < at + 60_000).length;
        expect(inMinute, `minute from probe ${index}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('scales with the retry settings (tests and the CLI shorten them)', () => {
    expect(circuitSettingsFor({ baseMs: 2_000, capMs: 15 * 60_000 })).toEqual(defaultCircuitSettings);
    const fast = circuitSettingsFor({ baseMs: 50, capMs: 400 });
    expect(fast.floorMs).toBe(750);
    expect(fast.capMs).toBeGreaterThanOrEqual(fast.baseMs);
  });

  it('tells people what happens and when it is tried again, in the laptop zone', () => {
    const until = Date.UTC(2026, 10, 28, 13, 5);
    expect(describeOpenCircuit('HTTP 500', until, 'Europe/Paris')).toBe(
      'Booster is failing (HTTP 500); sending is paused and will be tried again at 14:05. Clients stay queued.',
    );
    expect(describeOpenCircuit('HTTP 500', until, 'Not/AZone')).toMatch(/at 13:05 UTC/);
  });
});

describe('storage pause', () => {
  it('waits 5 s, doubling to 5 minutes', () => {
    expect([0, 1, 2, 3, 5, 6, 7, 50].map(storageRetryDelayMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });

  it('a failed check waits longer; a failure of a write begun before the pause does not', () => {
    const first = storagePauseAfterFailure(undefined, 'ENOSPC', 0);
    expect(first).toEqual({ code: 'ENOSPC', failedChecks: 0, retryAt: 5_000, checking: false });
    expect(storagePauseAfterFailure(first, 'ENOSPC', 100)).toBe(first);
    expect(storagePauseAfterFailure({ ...first, checking: true }, undefined, 5_000)).toEqual({
      code: 'ENOSPC',
      failedChecks: 1,
      retryAt: 15_000,
      checking: false,
    });
  });

  it('says what happened and that nothing was lost', () => {
    expect(storagePauseError('EDQUOT').code).toBe('diskFull');
    expect(storagePauseError('EIO').code).toBe('storageFailed');
    expect(describeStoragePause('ENOSPC')).toBe(
      'Disk full: free space on this laptop. Nothing was lost; sending resumes by itself.',
    );
    expect(describeStoragePause('EIO')).toMatch(/\(EIO\).*Nothing was lost/);
    expect(describeStoragePause('EROFS')).toMatch(/read-only/);
    expect(describeStoragePause(undefined)).toMatch(/cannot be saved to disk right now\. Check/);
  });
});
