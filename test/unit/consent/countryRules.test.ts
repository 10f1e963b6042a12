// The country rules: which consents a client of a country must give before finalize. Hostile inputs: unknown
// and oddly cased countries, a consent given then withdrawn, several rule sets, rules loaded from a file.
import { describe, expect, it } from 'vitest';
import {
  defaultConsentCatalogue,
  mergeConsentCatalogue,
  type CountryRule,
} from '../../../shared/consent/catalogue';
import { countryRuleIssues } from '../../../shared/consent/countryRules';

const rules = defaultConsentCatalogue.countryRules;

describe('countryRuleIssues', () => {
  it('refuses a cn client without the cross-border consent, naming China and the consent', () => {
    const issues = countryRuleIssues({ countryId: 'cn', allowStoreDataAbroad: false }, rules);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'allowStoreDataAbroad',
        code: 'consentRequiredForCountry',
        country: 'cn',
        purpose: 'allowStoreDataAbroad',
        rule: 'cn',
      }),
    ]);
    expect(issues[0]!.message).toContain('China');
    expect(issues[0]!.message).toContain('allowStoreDataAbroad');
    expect(issues[0]!.message).toContain('Transfer of your data abroad');
  });

  it('accepts a cn client who gave it', () => {
    expect(countryRuleIssues({ countryId: 'cn', allowStoreDataAbroad: true }, rules)).toEqual([]);
  });

  it('compares countries whatever their case or surrounding spaces', () => {
    for (const countryId of ['CN', 'Cn', ' cn ', 'cN'])
      expect(countryRuleIssues({ countryId }, rules), countryId).toHaveLength(1);
    const upperRule: CountryRule[] = [
      { id: 'x', countries: ['FR'], requiredConsents: ['dataSharingConsent'] },
    ];
    expect(countryRuleIssues({ countryId: 'fr' }, upperRule)).toHaveLength(1);
  });

  it('asks nothing of other, unknown, missing or non-text countries', () => {
    for (const countryId of ['fr', 'zz', '', 'china', undefined, null, 42, ['cn'], { cn: true }])
      expect(countryRuleIssues({ countryId }, rules), String(countryId)).toEqual([]);
    expect(countryRuleIssues({}, rules)).toEqual([]);
  });

  it('treats only true as given: a withdrawn consent (false), a string or a missing one is refused', () => {
    for (const allowStoreDataAbroad of [false, 'true', 1, undefined, null])
      expect(
        countryRuleIssues({ countryId: 'cn', allowStoreDataAbroad }, rules),
        String(allowStoreDataAbroad),
      ).toHaveLength(1);
  });

  it('adds up several rule sets, naming each consent once', () => {
    const many: CountryRule[] = [
      { id: 'cn', countries: ['cn'], requiredConsents: ['allowStoreDataAbroad'] },
      {
        id: 'cn-group',
        countries: ['cn', 'hk'],
        requiredConsents: ['allowStoreDataAbroad', 'dataSharingConsent'],
      },
      { id: 'ru', countries: ['ru'], requiredConsents: ['allowStoreDataAbroad'] },
    ];
    const issues = countryRuleIssues({ countryId: 'cn', dataSharingConsent: false }, many);
    expect(issues.map((issue) => [issue.purpose, issue.rule])).toEqual([
      ['allowStoreDataAbroad', 'cn'],
      ['dataSharingConsent', 'cn-group'],
    ]);
    expect(
      countryRuleIssues({ countryId: 'hk', allowStoreDataAbroad: true }, many).map((i) => i.purpose),
    ).toEqual(['dataSharingConsent']);
    expect(countryRuleIssues({ countryId: 'ru' }, many)[0]!.message).toContain('Russia');
  });

  it('applies rules loaded from a file, which replace the default list', () => {
    const catalogue = mergeConsentCatalogue(defaultConsentCatalogue, {
      countryRules: [{ id: 'kr', countries: ['KR'], requiredConsents: ['dataSharingConsent'] }],
    });
    expect(catalogue.countryRules).toEqual([
      { id: 'kr', countries: ['kr'], requiredConsents: ['dataSharingConsent'] },
    ]);
    expect(countryRuleIssues({ countryId: 'cn' }, catalogue.countryRules)).toEqual([]);
    expect(countryRuleIssues({ countryId: 'kr' }, catalogue.countryRules)[0]!.message).toContain(
      'South Korea',
    );
  });

  it('refuses a rule file that is not valid, naming the bad path', () => {
    const bad = [
      [
        { countryRules: [{ id: 'x', countries: ['chn'], requiredConsents: ['allowStoreDataAbroad'] }] },
        'countryRules.0.countries.0',
      ],
      [
        { countryRules: [{ id: 'x', countries: ['cn'], requiredConsents: ['contactByEmailFlag'] }] },
        'countryRules.0.requiredConsents.0',
      ],
      [
        { countryRules: [{ id: 'x', countries: [], requiredConsents: ['allowStoreDataAbroad'] }] },
        'countryRules.0.countries',
      ],
      [
        {
          countryRules: [
            { id: 'x', countries: ['cn'], requiredConsents: ['allowStoreDataAbroad'] },
            { id: 'x', countries: ['hk'], requiredConsents: ['allowStoreDataAbroad'] },
          ],
        },
        'countryRules.1',
      ],
      [{ countryRule: [] }, '(file)'],
    ] as const;
    for (const [file, path] of bad)
      expect(() => mergeConsentCatalogue(defaultConsentCatalogue, file), path).toThrow(
        new RegExp(`consent file is not valid: ${path.replace(/[.()]/g, '\\$&')}`),
      );
  });
});
