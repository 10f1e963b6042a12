import { describe, expect, it } from 'vitest';
import {
  checkPhoneNumber,
  createCustomerSchema,
  encodeCreateCustomer,
  issuesFromZodError,
} from '../../../shared/booster';
import { phoneSamples } from '../../support/arbitraries';

const base = {
  privacyPolicyAcceptanceStorage: true,
  canBeContactedByMaison: true,
  clientType: 'COMPANY',
  companyName: 'Acme',
  countryId: 'it',
  posCode: 'ES100:102048',
  brand: 'CAR',
};

function sentPhone(phone: string, countryPrefix: string) {
  const record = createCustomerSchema.parse({
    ...base,
    phones: [{ phone, countryPrefix, isMainPhone: true }],
  });
  return encodeCreateCustomer(record).phones?.[0];
}

function phoneIssue(phone: string, countryPrefix: string) {
  const result = createCustomerSchema.safeParse({
    ...base,
    phones: [{ phone, countryPrefix, isMainPhone: true }],
  });
  if (result.success) throw new Error(`${phone} (${countryPrefix}) was accepted`);
  return issuesFromZodError(result.error).find((issue) => issue.path.startsWith('phones.0.'));
}

describe('phones: the seed examples', () => {
  it.each([
    ['13888889999', 'cn', '13888889999'],
    ['352858088', 'jp', '352858088'],
    // Decision (shared/booster/phone.ts): the national significant number, without the trunk prefix '0'.
    ['023123456', 'kr', '23123456'],
  ])('%s (%s) is accepted and sent as %s', (phone, countryPrefix, expected) => {
    expect(sentPhone(phone, countryPrefix)).toEqual({ phone: expected, countryPrefix, isMainPhone: true });
  });

  it('a Korean number typed without its trunk prefix is sent the same way', () => {
    expect(sentPhone('2-312-3456', 'kr')?.phone).toBe('23123456');
    expect(sentPhone('+82 2 312 3456', 'KR')?.phone).toBe('23123456');
  });
});

describe('phones: forms people type', () => {
  it.each([
    ['+39 347 123 4567', 'it', '3471234567'],
    ['347 123 4567', 'IT', '3471234567'],
    ['(347) 123-4567', 'it', '3471234567'],
    ['0039 347 1234567', 'it', '3471234567'],
    ['06 1234 5678', 'it', '0612345678'], // Italian landlines keep their 0: it is part of the number
    ['06 12 34 56 78', 'fr', '612345678'],
    ['+33 6 12 34 56 78', 'fr', '612345678'],
    ['090-1234-5678', 'jp', '9012345678'],
    ['+1 (201) 555-0123', 'us', '2015550123'],
    ['07400 123456', 'gb', '7400123456'],
    ['０９０－１２３４－５６７８', 'jp', '9012345678'], // full-width, as a Japanese keyboard types it
    ['＋８６ １３８ ８８８８ ９９９９', 'cn', '13888889999'],
  ])('%j (%s) is sent as %j, digits only', (phone, countryPrefix, expected) => {
    const sent = sentPhone(phone, countryPrefix);
    expect(sent?.phone).toBe(expected);
    expect(sent?.countryPrefix).toBe(countryPrefix.toLowerCase());
  });

  it.each(phoneSamples.flatMap((sample) => sample.forms.map((form) => [form, sample.country])))(
    'example %j (%s) is accepted',
    (phone, country) => {
      expect(checkPhoneNumber(phone, country)).toMatchObject({ ok: true });
    },
  );
});

describe('phones: refused', () => {
  it('a number of another country than its prefix', () => {
    expect(phoneIssue('+39 347 123 4567', 'fr')).toEqual({
      path: 'phones.0.phone',
      code: 'phoneOtherCountry',
      message: 'This phone number belongs to Italy, not France: choose the matching country prefix.',
    });
  });

  it('a Canadian number under the US prefix (same calling code, other country)', () => {
    expect(phoneIssue('+1 416 555 0199', 'us')?.code).toBe('phoneOtherCountry');
  });

  it('a national number that does not exist in the prefix country', () => {
    expect(phoneIssue('3471234567', 'fr')).toMatchObject({ path: 'phones.0.phone', code: 'invalidPhone' });
    expect(phoneIssue('13888889999', 'jp')?.code).toBe('invalidPhone');
  });

  it('a number of the right length but outside the numbering plan (the "min" metadata would accept it)', () => {
    expect(phoneIssue('07 11 80 36 82', 'fr')?.code).toBe('invalidPhone');
  });

  it.each(['123', '12345678901234567', 'call me', '347-FLOWERS', '+39', '347 123 4567 ext. 12'])(
    '%j',
    (phone) => {
      expect(phoneIssue(phone, 'it')?.path).toBe('phones.0.phone');
    },
  );

  it('an unknown prefix is reported on the prefix, not on the number', () => {
    expect(phoneIssue('3471234567', 'xx')).toMatchObject({
      path: 'phones.0.countryPrefix',
      code: 'unknownCountry',
    });
    expect(phoneIssue('3471234567', '+39')).toMatchObject({
      path: 'phones.0.countryPrefix',
      code: 'unknownCountry',
    });
  });

  it('a country without a telephone numbering plan is reported on the prefix, saying what to do', () => {
    expect(checkPhoneNumber('123456', 'aq')).toMatchObject({ ok: false, code: 'phoneCountryUnsupported' });
    expect(phoneIssue('123456', 'aq')).toEqual({
      path: 'phones.0.countryPrefix',
      code: 'phoneCountryUnsupported',
      message:
        'Antarctica has no telephone numbering plan of its own: choose the country whose calling code the number uses.',
    });
  });

  it('the problem is shown with the other problems of the item', () => {
    const result = createCustomerSchema.safeParse({
      ...base,
      phones: [{ phone: '123', countryPrefix: 'it' }],
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(
        issuesFromZodError(result.error)
          .map((issue) => issue.path)
          .sort(),
      ).toEqual(['phones.0.isMainPhone', 'phones.0.phone']);
    }
  });
});
