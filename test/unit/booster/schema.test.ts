import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  createCustomerSchemaAt,
  issuesFromZodError,
  type CreateCustomerInput,
  type FieldIssue,
} from '../../../shared/booster';
import { fullPrivateClientExample, minimalPrivateClientExample } from '../../support/arbitraries';

const minimalPrivate = minimalPrivateClientExample;

const minimalCompany: CreateCustomerInput = {
  privacyPolicyAcceptanceStorage: true,
  canBeContactedByMaison: true,
  clientType: 'COMPANY',
  countryId: 'cn',
  posCode: 'ES100:102048',
  brand: 'MTB',
  companyName: 'Acme Ltd',
};

function issuesOf(input: unknown): FieldIssue[] {
  const result = createCustomerSchema.safeParse(input);
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return issuesFromZodError(result.error);
}

function issueAt(input: unknown, path: string): FieldIssue {
  const issues = issuesOf(input);
  const issue = issues.find((candidate) => candidate.path === path);
  if (!issue) throw new Error(`no issue at '${path}', got ${JSON.stringify(issues)}`);
  return issue;
}

const parse = (input: unknown) => createCustomerSchema.parse(input);

describe('createCustomerSchema: the whole record', () => {
  it('accepts a minimal private client and a minimal company client', () => {
    expect(parse(minimalPrivate)).toMatchObject({ clientType: 'PRIVATE', lastName: 'Rossi' });
    expect(parse(minimalCompany)).toMatchObject({ clientType: 'COMPANY', companyName: 'Acme Ltd' });
  });

  it('accepts every field of the seed filled in', () => {
    const record = parse(fullPrivateClientExample);
    expect(Object.keys(record)).toHaveLength(39); // all 40 but companyName, which a private client leaves out
    expect(record.phones?.[0]?.phone).toBe('3471234567');
    expect(record.registrationDate).toBe('2024-05-01T07:30:00.000Z');
  });

  it('defaults the contact flags to false and leaves the optional consents out', () => {
    const record = parse(minimalPrivate);
    expect(record).toMatchObject({
      contactByEmailFlag: false,
      contactByMailFlag: false,
      contactByPhoneFlag: false,
      contactBySMSFlag: false,
      contactBySocialMediaFlag: false,
    });
    for (const key of [
      'allowStoreDataAbroad',
      'tvAllowStoreDataAbroad',
      'dataSharingConsent',
      'tvPrivacyPolicyAcceptanceStorage',
    ]) {
      expect(record).not.toHaveProperty(key);
    }
  });

  it('trims text and removes blank optional text and empty lists', () => {
    const record = parse({
      ...minimalPrivate,
      lastName: '  Rossi\t',
      firstName: '   ',
      notes: '',
      emails: [],
      middleName: ' Maria ',
    });
    expect(record.lastName).toBe('Rossi');
    expect(record.middleName).toBe('Maria');
    expect(record).not.toHaveProperty('firstName');
    expect(record).not.toHaveProperty('notes');
    expect(record).not.toHaveProperty('emails');
  });

  it('refuses something that is not an object, with a whole-record issue', () => {
    expect(issuesOf('hello')).toEqual([
      { path: '', code: 'invalidType', message: 'The client record must be an object.' },
    ]);
  });

  it('reports every problem at once, each on its own field', () => {
    const paths = issuesOf({
      clientType: 'PRIVATE',
      countryId: 'xx',
      emails: [{ email: 'bad', isMainEmail: true }],
    }).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'privacyPolicyAcceptanceStorage',
        'canBeContactedByMaison',
        'countryId',
        'posCode',
        'brand',
        'title',
        'lastName',
        'languageId',
        'gender',
        'emails.0.email',
      ]),
    );
  });
});

describe('always-required fields', () => {
  it.each(['clientType', 'countryId', 'posCode', 'brand'] as const)(
    '%s is required, also when blank',
    (key) => {
      const { [key]: _removed, ...without } = minimalPrivate;
      expect(issueAt(without, key)).toMatchObject({ code: 'required' });
      expect(issueAt({ ...minimalPrivate, [key]: '   ' }, key)).toMatchObject({ code: 'required' });
    },
  );

  it('canBeContactedByMaison must be answered with a boolean', () => {
    const { canBeContactedByMaison: _removed, ...without } = minimalPrivate;
    expect(issueAt(without, 'canBeContactedByMaison').code).toBe('required');
    expect(
      issueAt({ ...minimalPrivate, canBeContactedByMaison: 'true' }, 'canBeContactedByMaison').code,
    ).toBe('invalidType');
  });

  it.each([false, undefined])(
    'a client who has not accepted the privacy policy (%s) cannot be stored',
    (value) => {
      const issue = issueAt(
        { ...minimalPrivate, privacyPolicyAcceptanceStorage: value },
        'privacyPolicyAcceptanceStorage',
      );
      expect(issue.message).toBe('A client who has not accepted the privacy policy cannot be stored.');
    },
  );
});

describe('client type', () => {
  it.each(['private', 'Private', ' PRIVATE '])('accepts %j and normalizes it to PRIVATE', (clientType) => {
    expect(parse({ ...minimalPrivate, clientType }).clientType).toBe('PRIVATE');
  });

  it('accepts company in any case', () => {
    expect(parse({ ...minimalCompany, clientType: 'company' }).clientType).toBe('COMPANY');
  });

  it('refuses other values', () => {
    expect(issueAt({ ...minimalPrivate, clientType: 'PERSON' }, 'clientType').message).toBe(
      'Client type must be PRIVATE or COMPANY.',
    );
  });

  it.each(['title', 'lastName', 'languageId', 'gender'] as const)(
    'a private client needs %s (blank counts as missing)',
    (key) => {
      const { [key]: _removed, ...without } = minimalPrivate;
      expect(issueAt(without, key)).toMatchObject({ code: 'required' });
      expect(issueAt({ ...minimalPrivate, [key]: ' \t ' }, key)).toMatchObject({ code: 'required' });
    },
  );

  it('names the field and the reason in the message', () => {
    const { lastName: _removed, ...without } = minimalPrivate;
    expect(issueAt(without, 'lastName').message).toBe('Last name is required for a private client.');
  });

  it('a company client needs a company name but no title, last name, language or gender', () => {
    expect(issueAt({ ...minimalCompany, companyName: '  ' }, 'companyName').message).toBe(
      'Company name is required for a company client.',
    );
    expect(issuesOf({ ...minimalCompany, companyName: undefined }).map((issue) => issue.path)).toEqual([
      'companyName',
    ]);
  });

  it('a private client does not need a company name', () => {
    expect(parse(minimalPrivate)).not.toHaveProperty('companyName');
  });
});

describe('countries and languages', () => {
  it.each(['it', 'IT', ' Cn ', 'az', 'GB', 'de'])('countryId %j is accepted and lowercased', (countryId) => {
    expect(parse({ ...minimalPrivate, countryId }).countryId).toBe(countryId.trim().toLowerCase());
  });

  it.each(['xx', 'ita', 'uk', 'i', 'Italy'])('countryId %j is refused', (countryId) => {
    expect(issueAt({ ...minimalPrivate, countryId }, 'countryId').code).toBe('unknownCountry');
  });

  it('address countries follow the same rule', () => {
    const address = { addressType: 'Home', countryId: 'DE', isMainAddress: true };
    expect(parse({ ...minimalPrivate, addresses: [address] }).addresses?.[0]?.countryId).toBe('de');
    expect(
      issueAt({ ...minimalPrivate, addresses: [{ ...address, countryId: 'xx' }] }, 'addresses.0.countryId')
        .code,
    ).toBe('unknownCountry');
  });

  it.each([
    ['chi', 'chi'],
    ['ger', 'ger'],
    ['fre', 'fre'],
    ['ita', 'ita'],
    ['eng', 'eng'],
    ['aze', 'aze'],
    ['ZHO', 'chi'],
    ['deu', 'ger'],
    ['fra', 'fre'],
    [' ITA ', 'ita'],
  ])('languageId %j is stored as %j', (languageId, expected) => {
    expect(parse({ ...minimalPrivate, languageId }).languageId).toBe(expected);
  });

  it.each(['it', 'zh', 'en', 'xyz', 'italian', 'qaa'])('languageId %j is refused', (languageId) => {
    expect(issueAt({ ...minimalPrivate, languageId }, 'languageId').code).toBe('unknownLanguage');
  });
});

describe('point of sale and brand', () => {
  it.each([
    ['ES100:102048', 'ES100:102048'],
    ['es100:102048', 'ES100:102048'],
    [' IT200:A12b ', 'IT200:A12b'],
  ])('posCode %j is stored as %j', (posCode, expected) => {
    expect(parse({ ...minimalPrivate, posCode }).posCode).toBe(expected);
  });

  it.each(['ES100', 'ES100-102048', 'ES100:', ':102048', 'E:1', 'ES100:10:20', 'ES 100:102048'])(
    'posCode %j is refused',
    (posCode) => {
      expect(issueAt({ ...minimalPrivate, posCode }, 'posCode').code).toBe('invalidFormat');
    },
  );

  it.each([
    ['CAR', 'CAR'],
    ['mtb', 'MTB'],
    ['Vca', 'VCA'],
    ['IW', 'IW'],
  ])('brand %j is stored as %j', (brand, expected) => {
    expect(parse({ ...minimalPrivate, brand }).brand).toBe(expected);
  });

  it.each(['C', 'CARTIER', 'C4R', 'CA R'])('brand %j is refused', (brand) => {
    expect(issueAt({ ...minimalPrivate, brand }, 'brand').code).toBe('invalidFormat');
  });
});

describe('catalogue-driven values are open lists', () => {
  it('accepts values that are not in the default catalogue', () => {
    const record = parse({
      ...minimalPrivate,
      title: 'Her Excellency',
      gender: 'X',
      preferredContactMethod: 'WhatsApp',
      phones: [{ phone: '3471234567', countryPrefix: 'it', phoneType: 'Satellite', isMainPhone: true }],
      addresses: [{ addressType: 'Holiday home', countryId: 'it', isMainAddress: true }],
      events: [{ eventType: 'Graduation', eventDate: '2021-01-20' }],
    });
    expect(record).toMatchObject({
      title: 'Her Excellency',
      gender: 'X',
      preferredContactMethod: 'WhatsApp',
    });
  });
});

describe('emails', () => {
  it('lowercases the domain and keeps the local part', () => {
    const record = parse({
      ...minimalPrivate,
      saleRepresentativeEmail: ' Rauf.Aliyev@Richemont.COM ',
      referenceSaleRepresentativeEmail: 'REF@EXAMPLE.ORG',
      emails: [{ email: 'Giulia.Rossi@Example.IT', isMainEmail: true }],
    });
    expect(record.saleRepresentativeEmail).toBe('Rauf.Aliyev@richemont.com');
    expect(record.referenceSaleRepresentativeEmail).toBe('REF@example.org');
    expect(record.emails).toEqual([{ email: 'Giulia.Rossi@example.it', isMainEmail: true }]);
  });

  it.each([
    'müller@example.de',
    'info@bücher.de',
    'info@xn--bcher-kva.de',
    '用户@例子.广告',
    'user&co@example.com',
    "o'brien@example.ie",
    'first.last+tag@sub.example.co.uk',
    `${'a'.repeat(64)}@example.com`,
  ])('accepts the valid address %j (Booster accepts internationalized addresses too)', (email) => {
    expect(parse({ ...minimalPrivate, emails: [{ email, isMainEmail: true }] }).emails?.[0]?.email).toBe(
      email,
    );
  });

  it.each([
    'rauf',
    'rauf@richemont',
    '@richemont.com',
    'a b@c.com',
    'a@@b.com',
    '.a@b.com',
    'a.@b.com',
    'a..b@c.com',
    'a@b..com',
    'a@-b.com',
    'a@b-.com',
    'a@b_c.com',
    'a@b.c',
    'a@b.com.',
    'a@b.123',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`,
  ])('refuses %j everywhere', (email) => {
    expect(
      issueAt({ ...minimalPrivate, saleRepresentativeEmail: email }, 'saleRepresentativeEmail').code,
    ).toBe('invalidEmail');
    expect(
      issueAt(
        { ...minimalPrivate, referenceSaleRepresentativeEmail: email },
        'referenceSaleRepresentativeEmail',
      ).code,
    ).toBe('invalidEmail');
    expect(
      issueAt({ ...minimalPrivate, emails: [{ email, isMainEmail: true }] }, 'emails.0.email').code,
    ).toBe('invalidEmail');
  });

  it('an email item needs its address and its main flag', () => {
    expect(issueAt({ ...minimalPrivate, emails: [{ isMainEmail: true }] }, 'emails.0.email').code).toBe(
      'required',
    );
    expect(
      issueAt({ ...minimalPrivate, emails: [{ email: 'a@b.com' }] }, 'emails.0.isMainEmail').message,
    ).toBe('Main email is required.');
  });
});

describe('at most one main email, phone and address', () => {
  it('puts the issue on the second main item', () => {
    const emails = [
      { email: 'a@b.com', isMainEmail: false },
      { email: 'c@d.com', isMainEmail: true },
      { email: 'e@f.com', isMainEmail: true },
    ];
    expect(issueAt({ ...minimalPrivate, emails }, 'emails.2.isMainEmail')).toMatchObject({
      code: 'multipleMain',
      message: 'Only one email can be marked as the main one.',
    });
  });

  it('applies to phones and addresses', () => {
    const phones = [
      { phone: '3471234567', countryPrefix: 'it', isMainPhone: true },
      { phone: '13888889999', countryPrefix: 'cn', isMainPhone: true },
    ];
    const addresses = [
      { addressType: 'Home', countryId: 'it', isMainAddress: true },
      { addressType: 'Office', countryId: 'it', isMainAddress: true },
    ];
    expect(issueAt({ ...minimalPrivate, phones }, 'phones.1.isMainPhone').code).toBe('multipleMain');
    expect(issueAt({ ...minimalPrivate, addresses }, 'addresses.1.isMainAddress').code).toBe('multipleMain');
  });

  it('allows lists without a main item', () => {
    expect(
      parse({ ...minimalPrivate, emails: [{ email: 'a@b.com', isMainEmail: false }] }).emails,
    ).toHaveLength(1);
  });
});

describe('list items: what the seed marks required', () => {
  const cases: [string, unknown, string][] = [
    ['phones', { countryPrefix: 'it', isMainPhone: true }, 'phones.0.phone'],
    ['phones', { phone: '3471234567', isMainPhone: true }, 'phones.0.countryPrefix'],
    ['phones', { phone: '3471234567', countryPrefix: 'it' }, 'phones.0.isMainPhone'],
    ['addresses', { countryId: 'it', isMainAddress: true }, 'addresses.0.addressType'],
    ['addresses', { addressType: 'Home', isMainAddress: true }, 'addresses.0.countryId'],
    ['addresses', { addressType: 'Home', countryId: 'it' }, 'addresses.0.isMainAddress'],
    ['events', { eventDate: '2021-01-20' }, 'events.0.eventType'],
    ['events', { eventType: 'Birthday' }, 'events.0.eventDate'],
    ['interests', { sapInterestId: 'CA-1' }, 'interests.0.interest'],
    ['interests', { interest: 'Jewellery', sapInterestId: '  ' }, 'interests.0.sapInterestId'],
    ['hobbies', { sapHobbyId: 'ART' }, 'hobbies.0.hobby'],
    ['hobbies', { hobby: 'Art' }, 'hobbies.0.sapHobbyId'],
    [
      'productCollections',
      { sapProductCollectionId: 'CA-1', translation: 'Love' },
      'productCollections.0.productCollection',
    ],
    [
      'productCollections',
      { productCollection: 'Love', translation: 'Love' },
      'productCollections.0.sapProductCollectionId',
    ],
    [
      'productCollections',
      { productCollection: 'Love', sapProductCollectionId: 'CA-1' },
      'productCollections.0.translation',
    ],
  ];
  it.each(cases)('%s item %j misses %s', (key, item, path) => {
    expect(issueAt({ ...minimalPrivate, [key]: [item] }, path).code).toBe('required');
  });

  it('interest and hobby translations are optional', () => {
    const record = parse({
      ...minimalPrivate,
      interests: [{ interest: 'Jewellery', sapInterestId: 'CA-1', translation: ' ' }],
      hobbies: [{ hobby: 'Art', sapHobbyId: 'ART' }],
    });
    expect(record.interests).toEqual([{ interest: 'Jewellery', sapInterestId: 'CA-1' }]);
    expect(record.hobbies).toEqual([{ hobby: 'Art', sapHobbyId: 'ART' }]);
  });

  it('a list that is not a list, or an item that is not an object, is refused', () => {
    expect(issueAt({ ...minimalPrivate, emails: { email: 'a@b.com' } }, 'emails').code).toBe('invalidType');
    expect(issueAt({ ...minimalPrivate, hobbies: ['Art'] }, 'hobbies.0').message).toBe(
      'Each hobby must be an object.',
    );
  });
});

describe('dates', () => {
  it.each([
    '2021-02-30',
    '2021-13-01',
    '2021-00-10',
    '1990-1-1',
    '30/12/2020',
    '2020-12-30T00:00:00Z',
    '0000-01-01',
  ])('birthDate %j is refused', (birthDate) => {
    expect(issueAt({ ...minimalPrivate, birthDate }, 'birthDate').code).toBe('invalidDate');
  });

  it('accepts the seed examples and 29 February in a leap year', () => {
    const record = parse({
      ...minimalPrivate,
      birthDate: '2020-12-30',
      weddingDate: '2020-01-18',
      events: [{ eventType: 'Birthday', eventDate: '2021-01-20' }],
    });
    expect(record).toMatchObject({ birthDate: '2020-12-30', weddingDate: '2020-01-18' });
    expect(parse({ ...minimalPrivate, birthDate: '2000-02-29' }).birthDate).toBe('2000-02-29');
    expect(issueAt({ ...minimalPrivate, birthDate: '1900-02-29' }, 'birthDate').code).toBe('invalidDate');
  });

  it("refuses 0001-01-01, .NET's DateTime.MinValue, which Booster reads as no date at all", () => {
    const message =
      'Event date cannot be 0001-01-01, which Booster reads as "no date": enter the real date or leave it empty.';
    expect(
      issueAt(
        { ...minimalPrivate, events: [{ eventType: 'Birthday', eventDate: '0001-01-01' }] },
        'events.0.eventDate',
      ),
    ).toEqual({ path: 'events.0.eventDate', code: 'invalidDate', message });
    expect(issueAt({ ...minimalPrivate, birthDate: '0001-01-01' }, 'birthDate').code).toBe('invalidDate');
    expect(
      issueAt({ ...minimalPrivate, registrationDate: '0001-01-01T00:00:00Z' }, 'registrationDate').code,
    ).toBe('invalidDate');
    expect(parse({ ...minimalPrivate, weddingDate: '0001-01-02' }).weddingDate).toBe('0001-01-02');
  });

  it('a birth date may be today but not tomorrow', () => {
    const schema = createCustomerSchemaAt('2024-06-15');
    expect(schema.parse({ ...minimalPrivate, birthDate: '2024-06-15' }).birthDate).toBe('2024-06-15');
    const result = schema.safeParse({ ...minimalPrivate, birthDate: '2024-06-16' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(issuesFromZodError(result.error)).toEqual([
        { path: 'birthDate', code: 'dateInFuture', message: 'Birth date cannot be in the future.' },
      ]);
    }
  });

  it('wedding and event dates may be in the future', () => {
    const record = parse({
      ...minimalPrivate,
      weddingDate: '2999-06-01',
      events: [{ eventType: 'Wedding', eventDate: '2999-06-01' }],
    });
    expect(record.events?.[0]?.eventDate).toBe('2999-06-01');
  });

  it.each([
    ['2024-05-01T09:30:00Z', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01T00:30-05:00', '2024-05-01T05:30:00.000Z'],
    ['2024-05-01T09:30:00.1234567+0530', '2024-05-01T04:00:00.123Z'],
  ])('registrationDate %j is normalized to %j', (registrationDate, expected) => {
    expect(parse({ ...minimalPrivate, registrationDate }).registrationDate).toBe(expected);
  });

  it.each(['2024-05-01T09:30:00', '2024-05-01', '2024-02-30T10:00:00Z', '2024-05-01T24:00:00Z', 'yesterday'])(
    'registrationDate %j is refused',
    (registrationDate) => {
      expect(issueAt({ ...minimalPrivate, registrationDate }, 'registrationDate').code).toBe('invalidDate');
    },
  );
});

describe('types', () => {
  it.each([
    ['lastName', 42, 'Last name must be text.'],
    ['contactBySMSFlag', 'true', 'Contact by SMS must be true or false.'],
    ['allowStoreDataAbroad', 1, 'Consent to store data abroad must be true or false.'],
    ['emails', 'a@b.com', 'Emails must be a list.'],
  ])('%s = %j is refused with a message naming the field', (key, value, message) => {
    expect(issueAt({ ...minimalPrivate, [key]: value }, key)).toEqual({
      path: key,
      code: 'invalidType',
      message,
    });
  });
});
