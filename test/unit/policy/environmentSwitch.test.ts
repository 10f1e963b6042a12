// Switching Booster environments: queued clients belong to the environment they were captured for.
import { describe, expect, it } from 'vitest';
import { environmentSwitchDecision } from '../../../shared/policy/environmentSwitch';

const noPolicy = { policyPresent: false };
const policy = { policyPresent: true, allowedIds: ['eu', 'us', 'sim'] };

describe('environmentSwitchDecision', () => {
  it('allows a switch with nothing queued and no policy', () => {
    expect(environmentSwitchDecision('eu', 'us', {}, noPolicy)).toEqual({ kind: 'allowed' });
    expect(environmentSwitchDecision(undefined, 'us', {}, noPolicy)).toEqual({ kind: 'allowed' });
    expect(environmentSwitchDecision('eu', 'us', { eu: 0 }, noPolicy)).toEqual({ kind: 'allowed' });
  });

  it('needs the PIN with a policy, unless it was checked', () => {
    expect(environmentSwitchDecision('eu', 'us', {}, policy)).toEqual({ kind: 'needsPin' });
    expect(environmentSwitchDecision('eu', 'us', {}, { ...policy, pinChecked: true })).toEqual({
      kind: 'allowed',
    });
  });

  it('is unchanged when nothing changes', () => {
    expect(environmentSwitchDecision('eu', 'eu', { eu: 4 }, policy)).toEqual({ kind: 'unchanged' });
  });

  it('asks a person about clients queued for other environments, current one first', () => {
    expect(environmentSwitchDecision('eu', 'us', { sim: 1, eu: 3, us: 7 }, policy)).toEqual({
      kind: 'needsDecisionAboutQueued',
      queued: [
        { environmentId: 'eu', count: 3 },
        { environmentId: 'sim', count: 1 },
      ],
      total: 4,
      needsPin: true,
    });
    expect(environmentSwitchDecision('eu', 'us', { eu: 2 }, noPolicy)).toMatchObject({
      kind: 'needsDecisionAboutQueued',
      total: 2,
      needsPin: false,
    });
  });

  it('refuses an environment the policy does not list, and an empty or non-text id', () => {
    expect(environmentSwitchDecision('eu', 'evil', {}, policy)).toEqual({
      kind: 'notAllowed',
      reason: 'unknownEnvironment',
    });
    expect(environmentSwitchDecision('eu', '', {}, noPolicy).kind).toBe('notAllowed');
    expect(environmentSwitchDecision('eu', 42 as unknown as string, {}, noPolicy).kind).toBe('notAllowed');
    expect(environmentSwitchDecision('eu', '__proto__', {}, policy).kind).toBe('notAllowed');
  });

  it('never reads hostile counts as "nothing queued"', () => {
    const hostile = {
      eu: Number.NaN,
      a: Number.POSITIVE_INFINITY,
      b: -5,
      c: '3' as unknown as number,
      d: 2.7,
      e: null as unknown as number,
    };
    const decision = environmentSwitchDecision('eu', 'us', hostile, noPolicy);
    expect(decision).toEqual({
      kind: 'needsDecisionAboutQueued',
      queued: [
        { environmentId: 'eu', count: 1 },
        { environmentId: 'a', count: 1 },
        { environmentId: 'c', count: 1 },
        { environmentId: 'd', count: 2 },
        { environmentId: 'e', count: 1 },
      ],
      total: 6,
      needsPin: false,
    });
  });

  it('survives counts that are not an object, and huge counts', () => {
    expect(
      environmentSwitchDecision('eu', 'us', null as unknown as Record<string, number>, noPolicy),
    ).toEqual({
      kind: 'allowed',
    });
    const decision = environmentSwitchDecision(
      'eu',
      'us',
      { eu: Number.MAX_SAFE_INTEGER, x: Number.MAX_SAFE_INTEGER },
      noPolicy,
    );
    expect(decision.kind === 'needsDecisionAboutQueued' && decision.total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('needs no decision for clients queued for the environment being switched to', () => {
    expect(environmentSwitchDecision(undefined, 'us', { us: 9 }, noPolicy)).toEqual({ kind: 'allowed' });
  });
});
