// The simulator's pure decisions, called directly (no HTTP).
import { describe, expect, it } from 'vitest';
import { defaultSimulatorConfig } from '../../../tools/booster-sim/config';
import { createSeededRandom, decideFault, decideLatency } from '../../../tools/booster-sim/faults';
import { applyRejectRules, parsePath } from '../../../tools/booster-sim/reject-rules';

describe('decideFault', () => {
  const never = () => 0.999;
  const always = () => 0;

  it('fires a counted fault and returns the config with the count consumed, leaving the input unchanged', () => {
    const faults = defaultSimulatorConfig().faults;
    faults.reset.count = 2;
    const decision = decideFault(faults, 'received', 'customer', never);
    expect(decision.fault).toBe('reset');
    expect(decision.faults.reset.count).toBe(1);
    expect(faults.reset.count).toBe(2);
  });

  it('checks the faults of a stage in order: reset before 429 before 503', () => {
    const faults = defaultSimulatorConfig().faults;
    faults.unavailable.probability = 1;
    faults.rateLimited.probability = 1;
    expect(decideFault(faults, 'received', 'customer', always).fault).toBe('rateLimited');
    faults.reset.count = 1;
    expect(decideFault(faults, 'received', 'customer', always).fault).toBe('reset');
  });

  it('ignores routes a fault does not list and stages it does not belong to', () => {
    const faults = defaultSimulatorConfig().faults;
    faults.serverError.probability = 1;
    expect(decideFault(faults, 'authorized', 'auth', always).fault).toBeNull();
    expect(decideFault(faults, 'received', 'customer', always).fault).toBeNull();
    expect(decideFault(faults, 'authorized', 'customer', always).fault).toBe('serverError');
  });

  it('decides forbidden at the authenticated stage only, without drawing a number while it is off', () => {
    const faults = defaultSimulatorConfig().faults;
    faults.serverError.probability = 1;
    let draws = 0;
    const counted = () => {
      draws++;
      return 0;
    };
    expect(decideFault(faults, 'authenticated', 'customer', counted).fault).toBeNull();
    expect(draws).toBe(0);
    faults.forbidden.probability = 1;
    expect(decideFault(faults, 'authenticated', 'customer', counted).fault).toBe('forbidden');
    expect(decideFault(faults, 'authenticated', 'auth', counted).fault).toBeNull();
    expect(decideFault(faults, 'authorized', 'customer', always).fault).toBe('serverError');
  });

  it('adds jitter within [0, jitterMs] to the latency', () => {
    const faults = defaultSimulatorConfig().faults;
    faults.latency = { ms: 100, jitterMs: 50, routes: ['customer'] };
    const random = createSeededRandom(7);
    for (let i = 0; i < 50; i++) {
      const latency = decideLatency(faults, 'customer', random);
      expect(latency).toBeGreaterThanOrEqual(100);
      expect(latency).toBeLessThanOrEqual(150);
    }
    expect(decideLatency(faults, 'metadata', random)).toBe(0);
  });

  it('draws the same sequence from the same seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const sequence = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sequence);
    for (const value of sequence) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of sequence) expect(value).toBeLessThan(1);
  });
});

describe('field names and reject rules', () => {
  it('reads rule paths in dotted or bracket form, with wildcards', () => {
    expect(parsePath('lastName')).toEqual(['lastName']);
    expect(parsePath('emails.0.email')).toEqual(['emails', 0, 'email']);
    expect(parsePath('phones[2].countryPrefix')).toEqual(['phones', 2, 'countryPrefix']);
    expect(parsePath('emails.*.email')).toEqual(['emails', '*', 'email']);
    expect(parsePath('emails[*].email')).toEqual(['emails', '*', 'email']);
  });

  it('matches string values only, case-insensitively, and splits the display name into words', () => {
    const body = { contactBySMSFlag: true, notes: 'VIP', addresses: [{ city: 'Paris' }, { city: 'PARIS' }] };
    expect(applyRejectRules(body, [{ field: 'contactBySMSFlag', matches: 'true' }])).toEqual([]);
    expect(applyRejectRules(body, [{ field: 'addresses.*.city', matches: '^paris$' }])).toEqual([
      {
        errorCode: 'Predicate',
        fieldName: 'Addresses[0].City',
        message: "The specified condition was not met for 'City'.",
      },
      {
        errorCode: 'Predicate',
        fieldName: 'Addresses[1].City',
        message: "The specified condition was not met for 'City'.",
      },
    ]);
    expect(
      applyRejectRules({ contactBySMSFlag: 'x' }, [{ field: 'contactBySMSFlag', matches: 'x' }])[0]!.message,
    ).toBe("The specified condition was not met for 'Contact By SMS Flag'.");
  });
});
