import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  encodeCreateCustomer,
  type CreateCustomerRecord,
} from '../../../shared/booster';
import { fullPrivateClientExample } from '../../support/arbitraries';

// The sample request body of Booster's CreateCustomer metadata page, verbatim.
const seedSampleBody = String.raw`{"privacyPolicyAcceptanceStorage":false,"tvPrivacyPolicyAcceptanceStorage":false,"title":"String","firstName":"String","lastName":"String","firstNameNotLatin":"String","lastNameNotLatin":"String","middleName":"String","nameSuffix":"String","canBeContactedByMaison":false,"clientType":"String","companyName":"String","languageId":"String","gender":"String","countryId":"String","birthDate":"\/Date(-62135596800000-0000)\/","customerReference":"String","posCode":"String","brand":"String","weddingDate":"\/Date(-62135596800000-0000)\/","preferredContactMethod":"String","contactByEmailFlag":false,"contactByMailFlag":false,"contactByPhoneFlag":false,"contactBySMSFlag":false,"contactBySocialMediaFlag":false,"saleRepresentativeEmail":"String","allowStoreDataAbroad":false,"tvAllowStoreDataAbroad":false,"emails":[{"email":"String","isMainEmail":false}],"phones":[{"phone":"String","countryPrefix":"String","phoneType":"String","isMainPhone":false}],"addresses":[{"addressType":"String","countryId":"String","houseNumber":"String","stateId":"String","city":"String","zipCode":"String","street":"String","street2":"String","street3":"String","street4":"String","street5":"String","isMainAddress":false,"poBox":"String","additionalInformation":"String"}],"events":[{"eventType":"String","eventDate":"\/Date(-62135596800000-0000)\/","eventNotes":"String","eventOtherName":"String"}],"interests":[{"interest":"String","sapInterestId":"String","translation":"String"}],"hobbies":[{"hobby":"String","sapHobbyId":"String","translation":"String"}],"productCollections":[{"productCollection":"String","sapProductCollectionId":"String","translation":"String"}],"dataSharingConsent":false,"notes":"String","referenceSaleRepresentativeEmail":"String","registrationDate":"\/Date(-62135596800000-0000)\/"}`;

type Json = Record<string, unknown>;
const sample = JSON.parse(seedSampleBody) as Json;

/** Property names, nested lists included ('emails[].email'), in order. */
function keysOf(body: Json, prefix = ''): string[] {
  return Object.entries(body).flatMap(([key, value]) => {
    const first = Array.isArray(value) ? (value[0] as Json | undefined) : undefined;
    return [`${prefix}${key}`, ...(first ? keysOf(first, `${prefix}${key}[].`) : [])];
  });
}

const full = createCustomerSchema.parse({ ...fullPrivateClientExample, companyName: 'Rossi Gioielli SpA' });

describe('encodeCreateCustomer', () => {
  it('sends every property of the seed sample, with the same names in the same order (contactBySMSFlag included)', () => {
    expect(keysOf(encodeCreateCustomer(full))).toEqual(keysOf(sample));
  });

  it('sends the exact JSON types of the seed sample (dates as strings)', () => {
    const wire = encodeCreateCustomer(full) as unknown as Json;
    for (const [key, value] of Object.entries(sample)) {
      expect([key, typeof wire[key]]).toEqual([key, typeof value]);
    }
  });

  it('sends the full example exactly', () => {
    const wire = encodeCreateCustomer(createCustomerSchema.parse(fullPrivateClientExample));
    expect(wire).toMatchObject({
      privacyPolicyAcceptanceStorage: true,
      tvPrivacyPolicyAcceptanceStorage: false,
      clientType: 'PRIVATE',
      languageId: 'ita',
      countryId: 'it',
      birthDate: '1985-03-14',
      weddingDate: '2012-06-30',
      contactBySMSFlag: true,
      phones: [{ phone: '3471234567', countryPrefix: 'it', phoneType: 'Mobile', isMainPhone: true }],
      events: [
        {
          eventType: 'Birthday',
          eventDate: '2021-01-20',
          eventNotes: 'Likes roses',
          eventOtherName: 'Party',
        },
      ],
      registrationDate: '2024-05-01T07:30:00.000Z',
    });
  });

  it('sends the always-present booleans, omits unanswered optional consents, empty text and empty lists', () => {
    const record = createCustomerSchema.parse({
      privacyPolicyAcceptanceStorage: true,
      canBeContactedByMaison: false,
      clientType: 'company',
      countryId: 'CN',
      posCode: 'ES100:102048',
      brand: 'car',
      companyName: ' Acme ',
      firstName: '   ',
      emails: [],
      addresses: [{ addressType: 'Office', countryId: 'cn', isMainAddress: false, street2: ' ' }],
    });
    expect(encodeCreateCustomer(record)).toStrictEqual({
      privacyPolicyAcceptanceStorage: true,
      canBeContactedByMaison: false,
      clientType: 'COMPANY',
      companyName: 'Acme',
      countryId: 'cn',
      posCode: 'ES100:102048',
      brand: 'CAR',
      contactByEmailFlag: false,
      contactByMailFlag: false,
      contactByPhoneFlag: false,
      contactBySMSFlag: false,
      contactBySocialMediaFlag: false,
      addresses: [{ addressType: 'Office', countryId: 'cn', isMainAddress: false }],
    });
  });

  it('never sends null, and trims a record that was built by hand', () => {
    const handMade = {
      ...createCustomerSchema.parse(fullPrivateClientExample),
      notes: '  spaced  ',
      firstName: '',
      emails: [],
    } as CreateCustomerRecord;
    const wire = encodeCreateCustomer(handMade);
    expect(wire.notes).toBe('spaced');
    expect(wire).not.toHaveProperty('firstName');
    expect(wire).not.toHaveProperty('emails');
    expect(JSON.stringify(wire)).not.toContain('null');
  });

  it('sends false consents that were answered', () => {
    const record = createCustomerSchema.parse({
      ...fullPrivateClientExample,
      allowStoreDataAbroad: false,
      dataSharingConsent: false,
    });
    expect(encodeCreateCustomer(record)).toMatchObject({
      allowStoreDataAbroad: false,
      dataSharingConsent: false,
    });
  });
});
