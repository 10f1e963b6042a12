import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  encodeCreateCustomer,
  validateWireCreateCustomer,
  type WireFieldError,
} from '../../../shared/booster';
import { fullPrivateClientExample } from '../../support/arbitraries';

const wire = encodeCreateCustomer(createCustomerSchema.parse(fullPrivateClientExample)) as unknown as Record<
  string,
  unknown
>;

function errorsOf(body: unknown): WireFieldError[] {
  const result = validateWireCreateCustomer(body);
  if (result.ok) throw new Error('expected the body to be refused');
  return result.errors;
}

function errorAt(body: unknown, fieldName: string): WireFieldError {
  const errors = errorsOf(body);
  const error = errors.find((candidate) => candidate.fieldName === fieldName);
  if (!error) throw new Error(`no error on ${fieldName}: ${JSON.stringify(errors)}`);
  return error;
}

describe('validateWireCreateCustomer: what we send is accepted', () => {
  it('accepts our encoding of a full record and gives the same record back', () => {
    expect(validateWireCreateCustomer(wire)).toEqual({
      ok: true,
      record: createCustomerSchema.parse(fullPrivateClientExample),
    });
  });

  it('ignores unknown properties and treats null as absent', () => {
    const result = validateWireCreateCustomer({
      ...wire,
      favouriteColour: 'blue',
      firstName: null,
      notes: null,
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.record).not.toHaveProperty('favouriteColour');
      expect(result.record).not.toHaveProperty('firstName');
    }
  });

  it('reads absent contact flags as false, as ServiceStack does', () => {
    const { contactBySMSFlag: _sms, contactByEmailFlag: _email, ...rest } = wire;
    const result = validateWireCreateCustomer(rest);
    expect(result.ok && [result.record.contactBySMSFlag, result.record.contactByEmailFlag]).toEqual([
      false,
      false,
    ]);
  });

  it('accepts the kr seed phone in its written form too', () => {
    const body = { ...wire, phones: [{ phone: '023123456', countryPrefix: 'kr', isMainPhone: true }] };
    const result = validateWireCreateCustomer(body);
    expect(result.ok && result.record.phones).toEqual([
      { phone: '23123456', countryPrefix: 'kr', isMainPhone: true },
    ]);
  });
});

describe('validateWireCreateCustomer: dates in every form ServiceStack reads', () => {
  it.each([
    ['2020-12-30', '2020-12-30'],
    [String.raw`\/Date(1609286400000)\/`, '2020-12-30'],
    ['/Date(1609286400000-0000)/', '2020-12-30'],
    ['/Date(1609282800000+0100)/', '2020-12-30'], // local midnight in Rome: the date written, not the UTC one
    ['2020-12-30T00:00:00Z', '2020-12-30'],
    ['2020-12-30T00:00:00+09:00', '2020-12-30'],
    ['2020-12-30T23:00:00-05:00', '2020-12-30'],
  ])('birthDate %j is read as %j', (value, expected) => {
    const result = validateWireCreateCustomer({
      ...wire,
      birthDate: value,
      events: [{ eventType: 'Wedding', eventDate: value }],
    });
    expect(result.ok && [result.record.birthDate, result.record.events?.[0]?.eventDate]).toEqual([
      expected,
      expected,
    ]);
  });

  it.each([
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['/Date(1714548600000+0200)/', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T07:30:00', '2024-05-01T07:30:00.000Z'],
  ])('registrationDate %j is read as %j', (value, expected) => {
    const result = validateWireCreateCustomer({ ...wire, registrationDate: value });
    expect(result.ok && result.record.registrationDate).toBe(expected);
  });

  it("DateTime.MinValue (ServiceStack's unset date) counts as absent", () => {
    const minValue = String.raw`\/Date(-62135596800000-0000)\/`;
    const result = validateWireCreateCustomer({ ...wire, weddingDate: minValue });
    expect(result.ok && result.record).not.toHaveProperty('weddingDate');
    expect(
      errorAt({ ...wire, events: [{ eventType: 'Birthday', eventDate: minValue }] }, 'Events[0].EventDate')
        .errorCode,
    ).toBe('NotEmpty');
    const asInstant = validateWireCreateCustomer({ ...wire, registrationDate: minValue });
    expect(asInstant.ok && asInstant.record).not.toHaveProperty('registrationDate');
  });

  it('refuses impossible dates with the same rule as the app', () => {
    expect(errorAt({ ...wire, birthDate: '2021-02-30' }, 'BirthDate').errorCode).toBe('Predicate');
    expect(errorAt({ ...wire, birthDate: '2999-01-01' }, 'BirthDate').errorCode).toBe('LessThanOrEqual');
  });

  it('judges "in the future" against the server\'s today when given one', () => {
    expect(validateWireCreateCustomer({ ...wire, birthDate: '2024-06-16' }, { today: '2024-06-15' }).ok).toBe(
      false,
    );
    expect(validateWireCreateCustomer({ ...wire, birthDate: '2024-06-15' }, { today: '2024-06-15' }).ok).toBe(
      true,
    );
  });
});

describe('validateWireCreateCustomer: wrong JSON types are refused (ServiceStack would silently default them)', () => {
  it.each([
    ['contactBySMSFlag', 'true', 'ContactBySMSFlag'],
    ['canBeContactedByMaison', 'false', 'CanBeContactedByMaison'],
    ['allowStoreDataAbroad', 0, 'AllowStoreDataAbroad'],
    ['lastName', 42, 'LastName'],
    ['countryId', ['it'], 'CountryId'],
    ['birthDate', 19850314, 'BirthDate'],
    ['emails', { email: 'a@b.com', isMainEmail: true }, 'Emails'],
    ['phones', 'none', 'Phones'],
  ])('%s = %j', (key, value, fieldName) => {
    expect(errorAt({ ...wire, [key]: value }, fieldName).errorCode).toBe('InvalidType');
  });

  it('inside list items too', () => {
    const body = { ...wire, emails: [{ email: 'a@b.com', isMainEmail: 'true' }], hobbies: ['Art'] };
    expect(errorAt(body, 'Emails[0].IsMainEmail').errorCode).toBe('InvalidType');
    expect(errorAt(body, 'Hobbies[0]').errorCode).toBe('InvalidType');
  });

  it('a body that is not an object', () => {
    for (const body of [null, 'x', [wire], 42]) {
      expect(errorsOf(body)).toEqual([
        { errorCode: 'InvalidType', fieldName: '', message: 'The request body must be a JSON object.' },
      ]);
    }
  });
});

describe('validateWireCreateCustomer: ServiceStack error codes and PascalCase field names', () => {
  it('reports missing values as NotEmpty, missing booleans as NotNull', () => {
    const { lastName: _lastName, canBeContactedByMaison: _contact, ...rest } = wire;
    expect(errorAt(rest, 'LastName')).toEqual({
      errorCode: 'NotEmpty',
      fieldName: 'LastName',
      message: 'Last name is required for a private client.',
    });
    expect(errorAt(rest, 'CanBeContactedByMaison').errorCode).toBe('NotNull');
  });

  it.each([
    [{ saleRepresentativeEmail: 'rauf' }, 'SaleRepresentativeEmail', 'Email'],
    [{ emails: [{ email: 'nope', isMainEmail: true }] }, 'Emails[0].Email', 'Email'],
    [{ posCode: 'ES100' }, 'PosCode', 'RegularExpression'],
    [{ brand: 'CARTIER' }, 'Brand', 'RegularExpression'],
    [{ countryId: 'xx' }, 'CountryId', 'Predicate'],
    [{ languageId: 'it' }, 'LanguageId', 'Predicate'],
    [{ privacyPolicyAcceptanceStorage: false }, 'PrivacyPolicyAcceptanceStorage', 'Equal'],
    [
      { phones: [{ phone: '+39 347 123 4567', countryPrefix: 'fr', isMainPhone: true }] },
      'Phones[0].Phone',
      'Predicate',
    ],
    [
      {
        addresses: [
          { addressType: 'Home', countryId: 'it', isMainAddress: true },
          { addressType: 'Office', countryId: 'it', isMainAddress: true },
        ],
      },
      'Addresses[1].IsMainAddress',
      'Predicate',
    ],
  ])('%j -> %s %s', (change, fieldName, errorCode) => {
    expect(errorAt({ ...wire, ...change }, fieldName).errorCode).toBe(errorCode);
  });

  it('a whole empty object lists every always-required field', () => {
    expect(errorsOf({}).map((error) => error.fieldName)).toEqual(
      expect.arrayContaining([
        'PrivacyPolicyAcceptanceStorage',
        'CanBeContactedByMaison',
        'ClientType',
        'CountryId',
        'PosCode',
        'Brand',
      ]),
    );
  });
});
