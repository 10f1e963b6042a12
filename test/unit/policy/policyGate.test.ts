// What the IT policy lets staff configure: only a listed environment, with its sign-in mode.
import { describe, expect, it } from 'vitest';
import { configureVerdict, sameBoosterAddress } from '../../../electron/main/core/policy/policyGate';
import type { PolicyView } from '../../../shared/ipc';

const policy: PolicyView = {
  state: 'loaded',
  source: '/etc/booster-capture/policy.json',
  policy: {
    version: 1,
    environments: [
      { id: 'eu', name: 'Europe', baseUrl: 'https://booster.example.com/api', authMode: 'credentials' },
    ],
    idleLockMinutes: 5,
    allowedUiLanguages: ['en'],
  },
};

describe('configureVerdict', () => {
  it('allows anything https without a policy (the form checks the address)', () => {
    expect(configureVerdict({ state: 'none' }, { baseUrl: 'https://x.example', mode: 'apiKey' })).toEqual({
      allowed: true,
    });
  });

  it('allows a listed environment however its address is spelt', () => {
    for (const baseUrl of [
      'https://booster.example.com/api',
      'https://BOOSTER.example.com/api/',
      'https://booster.example.com:443/api',
      ' https://booster.example.com/api ',
    ])
      expect(configureVerdict(policy, { baseUrl, mode: 'credentials' }), baseUrl).toEqual({
        allowed: true,
        environmentId: 'eu',
      });
  });

  it('refuses look-alikes, naming the field', () => {
    for (const baseUrl of [
      'https://booster.example.com',
      'https://booster.example.com/api/v2',
      'https://booster.example.com.evil.com/api',
      'https://evil.com/https://booster.example.com/api',
      'http://booster.example.com/api',
      'https://booster.example.com:8443/api',
      'not a url',
      '',
    ]) {
      const verdict = configureVerdict(policy, { baseUrl, mode: 'credentials' });
      expect(verdict, baseUrl).toMatchObject({ allowed: false, code: 'notAllowedByPolicy' });
      expect(!verdict.allowed && verdict.message, baseUrl).toMatch(/^baseUrl: IT allows only/);
    }
  });

  it('refuses another sign-in mode than IT set', () => {
    const verdict = configureVerdict(policy, { baseUrl: 'https://booster.example.com/api', mode: 'apiKey' });
    expect(verdict).toMatchObject({ allowed: false, code: 'notAllowedByPolicy' });
    expect(!verdict.allowed && verdict.message).toMatch(/^mode: /);
  });

  it('refuses everything under a broken policy, quoting its problems', () => {
    const verdict = configureVerdict(
      {
        state: 'broken',
        source: '/p.json',
        problems: ['version: must be 1', 'foo: is not a policy setting'],
      },
      { baseUrl: 'https://booster.example.com/api', mode: 'credentials' },
    );
    expect(verdict).toMatchObject({ allowed: false, code: 'policyBroken' });
    expect(!verdict.allowed && verdict.message).toContain('version: must be 1; foo: is not a policy setting');
  });

  it('compares addresses, not text', () => {
    expect(sameBoosterAddress('https://a.example/', 'https://A.EXAMPLE')).toBe(true);
    expect(sameBoosterAddress('nope', 'nope')).toBe(false);
  });
});
