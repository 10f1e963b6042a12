// fast-check arbitraries for CreateCustomer records, shared by the contract's tests and the simulator's.
// validRecordArb: inputs the schema accepts (with the untidiness people type: spaces, any case, formatted
// phones). invalidRecordArb: a valid record with exactly one targeted corruption and the path it must fail at.
// Every corruption is also refused by validateWireCreateCustomer (the server's view), at the same field.
import fc from 'fast-check';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import type { z } from 'zod';
import { defaultCatalogue, type CreateCustomerInput } from '../../shared/booster';
import { fieldMeta, listLimits, textLimits } from '../../shared/booster/fields';
import { customerObject } from '../../shared/booster/schema';

type Input = Record<string, unknown>;
type ListItem = Record<string, unknown>;

// ---------- building blocks ----------

const whitespace = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \n');

/** Surrounds a value with the spaces people leave in forms. */
const padded = (arb: fc.Arbitrary<string>) =>
  fc.tuple(whitespace, arb, whitespace).map(([before, value, after]) => `${before}${value}${after}`);

/** The same text in upper, lower or as-is case. */
const anyCase = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(arb, fc.constantFrom('upper', 'lower', 'same'))
    .map(([value, mode]) =>
      mode === 'upper' ? value.toUpperCase() : mode === 'lower' ? value.toLowerCase() : value,
    );

const nonBlankText = (maxLength = 40) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength }),
      fc.string({ minLength: 1, maxLength, unit: 'grapheme' }),
      fc.constantFrom('Rossi', 'Dupont', 'Müller', "O'Brien", '王', '山田', '김민준', 'Ng', 'Sánchez-Villa'),
    )
    // maxLength counts graphemes; the contract counts UTF-16 code units (every caller stays under its limit).
    .filter((value) => value.trim() !== '' && value.length <= maxLength);

/** An optional text field: absent, blank (parsed as absent) or a value. */
const optionalText = (maxLength = 40) => fc.oneof(nonBlankText(maxLength), whitespace);

/** Free text (notes): lines joined by LF or CRLF, sometimes indented with a tab. */
const optionalFreeText = (maxLength: number) =>
  fc.oneof(
    optionalText(maxLength),
    fc
      .array(fc.tuple(nonBlankText(20), fc.constantFrom('\n', '\r\n', '\n\t')), {
        minLength: 2,
        maxLength: 4,
      })
      .map((lines) => lines.map(([line, end]) => `${line}${end}`).join('') + 'end'),
  );

const fromCatalogue = (items: { code: string }[]) => fc.constantFrom(...items.map((item) => item.code));

/** Catalogue fields are open lists: mostly catalogue codes, sometimes a value the catalogue lacks. */
const catalogueValue = (items: { code: string }[]) =>
  fc.oneof({ weight: 4, arbitrary: fromCatalogue(items) }, { weight: 1, arbitrary: nonBlankText(20) });

const countryCodes = [
  'it',
  'fr',
  'cn',
  'jp',
  'kr',
  'gb',
  'us',
  'de',
  'ch',
  'ae',
  'az',
  'es',
  'br',
  'in',
  'au',
  'sg',
];
const countryArb = padded(anyCase(fc.constantFrom(...countryCodes)));

// Bibliographic codes Booster uses, and terminology forms the schema maps to them.
const languageArb = padded(
  anyCase(
    fc.constantFrom('ita', 'chi', 'aze', 'eng', 'ger', 'fre', 'spa', 'jpn', 'kor', 'zho', 'deu', 'fra'),
  ),
);

const clientTypeArb = (type: 'PRIVATE' | 'COMPANY') => padded(anyCase(fc.constant(type)));

const alnum = (minLength: number, maxLength: number) =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
    minLength,
    maxLength,
  });
const letters = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength, maxLength });

const posCodeArb = padded(
  fc.oneof(
    fc.constant('ES100:102048'),
    fc
      .tuple(alnum(2, 10), alnum(1, 20))
      .map(([organisation, pointOfSale]) => `${organisation}:${pointOfSale}`),
  ),
);
const brandArb = padded(anyCase(fc.oneof(fromCatalogue(defaultCatalogue.brands), letters(2, 5))));

const emailArb = fc
  .oneof(
    fc
      .tuple(
        fc.array(alnum(1, 8), { minLength: 1, maxLength: 3 }),
        fc.array(alnum(1, 10), { minLength: 1, maxLength: 2 }),
        letters(2, 6),
      )
      .map(([local, domain, topLevel]) => `${local.join('.')}@${domain.join('.')}.${topLevel}`),
    // Internationalized and less common but valid addresses.
    fc.constantFrom(
      'müller@bücher.de',
      '用户@例子.广告',
      'user&co@xn--bcher-kva.de',
      "o'brien+vip@example.ie",
    ),
  )
  .chain((email) => padded(anyCase(fc.constant(email))));

const pad2 = (value: number) => String(value).padStart(2, '0');

/** A real calendar date between two years, as 'YYYY-MM-DD' (built from parts, not from a Date). */
const calendarDateArb = (fromYear: number, toYear: number) =>
  fc
    .record({
      year: fc.integer({ min: fromYear, max: toYear }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .filter(({ year, month, day }) => {
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
      return day <= days;
    })
    .map(({ year, month, day }) => `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`);

// Birth dates stay well in the past so that the records stay valid whatever "today" is.
const birthDateArb = calendarDateArb(1920, 2015);

/** A moment written with 'Z' or an offset, as a clock in that offset shows it. */
const registrationDateArb = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }),
    fc.constantFrom(0, 60, 120, 330, 540, 840, -300, -720, -210),
    fc.boolean(),
  )
  .map(([epoch, offsetMinutes, useZ]) => {
    if (offsetMinutes === 0 && useZ) return new Date(epoch).toISOString();
    const wallClock = new Date(epoch + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const magnitude = Math.abs(offsetMinutes);
    return `${wallClock}${sign}${pad2(Math.floor(magnitude / 60))}:${pad2(magnitude % 60)}`;
  });

// ---------- phones ----------

type PhoneSample = { country: string; forms: string[] };

/** Valid mobile numbers per country (libphonenumber's examples) in the forms people type, plus the seed's. */
export const phoneSamples: PhoneSample[] = countryCodes.map((country) => {
  const example = getExampleNumber(country.toUpperCase() as CountryCode, mobileExamples);
  if (!example) throw new Error(`No example phone number for ${country}`);
  return {
    country,
    forms: [example.nationalNumber, example.formatNational(), example.formatInternational(), example.number],
  };
});
const seedPhones: PhoneSample[] = [
  { country: 'cn', forms: ['13888889999'] },
  { country: 'jp', forms: ['352858088'] },
  { country: 'kr', forms: ['023123456'] },
];

const phoneNumberArb = fc.constantFrom(...phoneSamples, ...seedPhones).chain((sample) =>
  fc.record({
    phone: padded(fc.constantFrom(...sample.forms)),
    countryPrefix: padded(anyCase(fc.constant(sample.country))),
  }),
);

// ---------- list items ----------

/** Items with any subset of their optional fields; the `main` flag is set by `withOneMain`. */
const emailItemArb = fc.record({ email: emailArb, isMainEmail: fc.constant(false) });

const phoneItemArb = fc
  .tuple(
    phoneNumberArb,
    fc.record({ phoneType: catalogueValue(defaultCatalogue.phoneTypes) }, { requiredKeys: [] }),
  )
  .map(([number, rest]) => ({ ...number, ...rest, isMainPhone: false }));

const addressItemArb = fc
  .record(
    {
      addressType: padded(catalogueValue(defaultCatalogue.addressTypes)),
      countryId: countryArb,
      houseNumber: optionalText(10),
      stateId: optionalText(20),
      city: optionalText(),
      zipCode: optionalText(10),
      street: optionalText(),
      street2: optionalText(),
      street3: optionalText(),
      street4: optionalText(),
      street5: optionalText(),
      poBox: optionalText(10),
      additionalInformation: optionalFreeText(80),
    },
    { requiredKeys: ['addressType', 'countryId'] },
  )
  .map((address) => ({ ...address, isMainAddress: false }));

const eventItemArb = fc.record(
  {
    eventType: padded(catalogueValue(defaultCatalogue.eventTypes)),
    eventDate: padded(calendarDateArb(1900, 2100)),
    eventNotes: optionalFreeText(80),
    eventOtherName: optionalText(),
  },
  { requiredKeys: ['eventType', 'eventDate'] },
);

const interestItemArb = fc.record(
  { interest: nonBlankText(), sapInterestId: padded(alnum(1, 8)), translation: optionalText() },
  { requiredKeys: ['interest', 'sapInterestId'] },
);

const hobbyItemArb = fc.record(
  { hobby: nonBlankText(), sapHobbyId: padded(alnum(1, 8)), translation: optionalText() },
  { requiredKeys: ['hobby', 'sapHobbyId'] },
);

const productCollectionItemArb = fc.record({
  productCollection: nonBlankText(),
  sapProductCollectionId: padded(alnum(1, 8)),
  translation: nonBlankText(),
});

/** A list where at most one item is the main one. */
const withOneMain = <T extends ListItem>(itemArb: fc.Arbitrary<T>, flag: string) =>
  fc
    .tuple(fc.array(itemArb, { maxLength: 3 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([items, mainPick]) =>
      items.map((item, index) => ({
        ...item,
        [flag]: mainPick !== undefined && items.length > 0 && index === mainPick % items.length,
      })),
    );

// ---------- whole records ----------

const commonFieldsModel = {
  tvPrivacyPolicyAcceptanceStorage: fc.boolean(),
  firstName: optionalText(),
  firstNameNotLatin: optionalText(),
  lastNameNotLatin: optionalText(),
  middleName: optionalText(),
  nameSuffix: optionalText(10),
  birthDate: padded(birthDateArb),
  customerReference: optionalText(20),
  weddingDate: padded(calendarDateArb(1950, 2100)),
  preferredContactMethod: catalogueValue(defaultCatalogue.preferredContactMethods),
  contactByEmailFlag: fc.boolean(),
  contactByMailFlag: fc.boolean(),
  contactByPhoneFlag: fc.boolean(),
  contactBySMSFlag: fc.boolean(),
  contactBySocialMediaFlag: fc.boolean(),
  saleRepresentativeEmail: emailArb,
  allowStoreDataAbroad: fc.boolean(),
  tvAllowStoreDataAbroad: fc.boolean(),
  emails: withOneMain(emailItemArb, 'isMainEmail'),
  phones: withOneMain(phoneItemArb, 'isMainPhone'),
  addresses: withOneMain(addressItemArb, 'isMainAddress'),
  events: fc.array(eventItemArb, { maxLength: 3 }),
  interests: fc.array(interestItemArb, { maxLength: 3 }),
  hobbies: fc.array(hobbyItemArb, { maxLength: 3 }),
  productCollections: fc.array(productCollectionItemArb, { maxLength: 3 }),
  dataSharingConsent: fc.boolean(),
  notes: optionalFreeText(200),
  referenceSaleRepresentativeEmail: emailArb,
  registrationDate: registrationDateArb,
  // Present but blank on a private client is fine; a company client overrides it below.
  companyName: optionalText(),
};

/** Sometimes every optional field, otherwise any subset of them. */
const commonFieldsArb = fc.oneof(
  fc.record(commonFieldsModel, { requiredKeys: [] }),
  fc.record(commonFieldsModel),
);

const alwaysRequiredArb = fc.record({
  privacyPolicyAcceptanceStorage: fc.constant(true),
  canBeContactedByMaison: fc.boolean(),
  countryId: countryArb,
  posCode: posCodeArb,
  brand: brandArb,
});

const privateClientArb = fc.record(
  {
    clientType: clientTypeArb('PRIVATE'),
    title: padded(catalogueValue(defaultCatalogue.titles)),
    lastName: padded(nonBlankText()),
    languageId: languageArb,
    gender: padded(catalogueValue(defaultCatalogue.genders)),
  },
  { requiredKeys: ['clientType', 'title', 'lastName', 'languageId', 'gender'] },
);

const companyClientArb = fc.record(
  {
    clientType: clientTypeArb('COMPANY'),
    companyName: padded(nonBlankText()),
    title: optionalText(),
    lastName: optionalText(),
    languageId: languageArb,
    gender: catalogueValue(defaultCatalogue.genders),
  },
  { requiredKeys: ['clientType', 'companyName'] },
);

/** Inputs the schema accepts. */
export const validRecordArb: fc.Arbitrary<CreateCustomerInput> = fc
  .tuple(alwaysRequiredArb, commonFieldsArb, fc.oneof(privateClientArb, companyClientArb))
  .map(([required, common, client]) => ({ ...common, ...required, ...client }) as CreateCustomerInput);

/** A valid private client with only the fields it needs: a fixed, readable example for tests. */
export const minimalPrivateClientExample: CreateCustomerInput = {
  privacyPolicyAcceptanceStorage: true,
  canBeContactedByMaison: false,
  clientType: 'PRIVATE',
  countryId: 'it',
  posCode: 'ES100:102048',
  brand: 'CAR',
  title: 'Mr.',
  lastName: 'Rossi',
  languageId: 'ita',
  gender: 'M',
};

/** A valid private client with every optional field filled in: a fixed, readable example for tests. */
export const fullPrivateClientExample: CreateCustomerInput = {
  privacyPolicyAcceptanceStorage: true,
  tvPrivacyPolicyAcceptanceStorage: false,
  title: 'Mrs.',
  firstName: 'Giulia',
  lastName: 'Rossi',
  firstNameNotLatin: 'ジュリア',
  lastNameNotLatin: 'ロッシ',
  middleName: 'Maria',
  nameSuffix: 'Jr.',
  canBeContactedByMaison: true,
  clientType: 'PRIVATE',
  languageId: 'ita',
  gender: 'F',
  countryId: 'it',
  birthDate: '1985-03-14',
  customerReference: 'REF-001',
  posCode: 'ES100:102048',
  brand: 'CAR',
  weddingDate: '2012-06-30',
  preferredContactMethod: 'EMail',
  contactByEmailFlag: true,
  contactByMailFlag: false,
  contactByPhoneFlag: true,
  contactBySMSFlag: true,
  contactBySocialMediaFlag: false,
  saleRepresentativeEmail: 'rauf.aliyev@richemont.com',
  allowStoreDataAbroad: true,
  tvAllowStoreDataAbroad: false,
  emails: [{ email: 'giulia.rossi@example.com', isMainEmail: true }],
  phones: [{ phone: '+39 347 123 4567', countryPrefix: 'it', phoneType: 'Mobile', isMainPhone: true }],
  addresses: [
    {
      addressType: 'Home',
      countryId: 'it',
      houseNumber: '12',
      stateId: 'MI',
      city: 'Milano',
      zipCode: '20121',
      street: 'Via Monte Napoleone 12',
      street2: 'Scala B',
      street3: 'Piano 3',
      street4: 'Interno 7',
      street5: 'c/o Rossi',
      isMainAddress: true,
      poBox: '123',
      additionalInformation: 'Ring twice',
    },
  ],
  events: [
    { eventType: 'Birthday', eventDate: '2021-01-20', eventNotes: 'Likes roses', eventOtherName: 'Party' },
  ],
  interests: [{ interest: 'Jewellery', sapInterestId: 'CA-1', translation: 'Gioielli' }],
  hobbies: [{ hobby: 'Art', sapHobbyId: 'ART', translation: 'Arte' }],
  productCollections: [{ productCollection: 'Love', sapProductCollectionId: 'CA-1', translation: 'Love' }],
  dataSharingConsent: true,
  notes: 'Prefers afternoon appointments.',
  referenceSaleRepresentativeEmail: 'ref.rep@richemont.com',
  registrationDate: '2024-05-01T09:30:00+02:00',
};

type Shape = Record<string, z.core.$ZodType>;

/** Every free text of `shape` at its limit in 3-byte UTF-8 characters; other fields as in `example`. */
function filledToTheLimit(shape: Shape, example: Input, index: number): Input {
  const filled: Input = {};
  for (const [key, schema] of Object.entries(shape)) {
    const meta = fieldMeta.get(schema);
    const value = example[key];
    if (meta?.kind === 'list' && meta.item && meta.maxItems && Array.isArray(value)) {
      const itemExample = value[0] as Input;
      const itemShape = meta.item.shape as Shape;
      filled[key] = Array.from({ length: meta.maxItems }, (_, itemIndex) =>
        filledToTheLimit(itemShape, itemExample, itemIndex),
      );
    } else if (meta?.asTyped && meta.maxLength !== undefined && key !== 'phone') {
      filled[key] = '€'.repeat(meta.maxLength); // a phone is checked as a number: kept as in the example
    } else if (key.startsWith('isMain')) {
      filled[key] = index === 0;
    } else if (value !== undefined) {
      filled[key] = value;
    }
  }
  return filled;
}

/** The largest record the contract accepts: every free text at its limit in 3-byte characters (as UTF-8),
 *  every list full. For the size budget: the web host's request cap, the outbox journal's lines. */
export function largestValidRecord(): CreateCustomerInput {
  return filledToTheLimit(
    customerObject.shape as Shape,
    fullPrivateClientExample as Input,
    0,
  ) as CreateCustomerInput;
}

// ---------- corruptions ----------

export type InvalidRecord = { input: Input; expectedPath: string; corruption: string };

type Corruption = (record: Input) => fc.Arbitrary<{ input: Input; expectedPath: string }>;

const clone = (record: Input): Input => structuredClone(record);

const setField = (record: Input, key: string, value: unknown) => {
  const input = clone(record);
  if (value === undefined) delete input[key];
  else input[key] = value;
  return input;
};

/** The record's list, with at least one valid item (one is added if the list is empty or absent). */
const listWithItem = (record: Input, key: string, item: ListItem): ListItem[] => {
  const existing = record[key];
  return Array.isArray(existing) && existing.length > 0 ? structuredClone(existing as ListItem[]) : [item];
};

const sampleItems: Record<string, ListItem> = {
  emails: { email: 'someone@example.com', isMainEmail: false },
  phones: { phone: '3471234567', countryPrefix: 'it', isMainPhone: false },
  addresses: { addressType: 'Home', countryId: 'it', isMainAddress: false },
  events: { eventType: 'Birthday', eventDate: '2021-01-20' },
  interests: { interest: 'Jewellery', sapInterestId: 'CA-1' },
  hobbies: { hobby: 'Art', sapHobbyId: 'ART' },
  productCollections: { productCollection: 'Love', sapProductCollectionId: 'CA-1', translation: 'Love' },
};

/** Replaces (or removes, with undefined) one field of one item of a list. */
const corruptItem =
  (listKey: string, field: string, values: fc.Arbitrary<unknown>): Corruption =>
  (record) =>
    fc.tuple(values, fc.nat()).map(([value, pick]) => {
      const items = listWithItem(record, listKey, sampleItems[listKey] ?? {});
      const index = pick % items.length;
      const item = { ...items[index] };
      if (value === undefined) delete item[field];
      else item[field] = value;
      items[index] = item;
      return { input: setField(record, listKey, items), expectedPath: `${listKey}.${index}.${field}` };
    });

const corruptField =
  (key: string, values: fc.Arbitrary<unknown>): Corruption =>
  (record) =>
    values.map((value) => ({ input: setField(record, key, value), expectedPath: key }));

const blank = fc.constantFrom(undefined, '', '   ');

/** Text from one to a few thousand characters over `limit` (leading and trailing spaces count too). */
const overLimit = (limit: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('x', 'é', '王', ' '))
    .map(([extra, filler]) => `a${filler.repeat(limit + extra - 2)}z`);

/** A list with one to a few dozen items more than it may hold; the issue is on the list. */
const tooManyItems =
  (listKey: string, maxItems: number): Corruption =>
  (record) =>
    fc.integer({ min: 1, max: 40 }).map((extra) => {
      const item = sampleItems[listKey] ?? {};
      const items = Array.from({ length: maxItems + extra }, () => ({ ...item }));
      return { input: setField(record, listKey, items), expectedPath: listKey };
    });

/** Another country's phone number under this prefix: "belongs to another country". */
const foreignPhone: Corruption = (record) =>
  fc
    .tuple(fc.constantFrom(...phoneSamples), fc.constantFrom(...phoneSamples), fc.nat())
    .filter(([a, b]) => a.country !== b.country)
    .map(([own, other, pick]) => {
      const items = listWithItem(record, 'phones', sampleItems.phones ?? {});
      const index = pick % items.length;
      items[index] = { ...items[index], countryPrefix: own.country, phone: other.forms[3] };
      return { input: setField(record, 'phones', items), expectedPath: `phones.${index}.phone` };
    });

/** A second main item; the issue is on the later of the two. */
const secondMain =
  (listKey: string, flag: string): Corruption =>
  (record) =>
    fc.nat().map((pick) => {
      const base = sampleItems[listKey] ?? {};
      const items = listWithItem(record, listKey, base);
      const mainIndex = items.findIndex((item) => item[flag] === true);
      let first = mainIndex;
      if (first === -1) {
        first = pick % items.length;
        items[first] = { ...items[first], [flag]: true };
      }
      items.push({ ...base, [flag]: true });
      return {
        input: setField(record, listKey, items),
        expectedPath: `${listKey}.${items.length - 1}.${flag}`,
      };
    });

const privateOnly =
  (corruption: Corruption): Corruption =>
  (record) =>
    corruption({
      ...clone(record),
      clientType: 'PRIVATE',
      title: 'Mr.',
      lastName: 'Rossi',
      languageId: 'ita',
      gender: 'M',
    });

const companyOnly =
  (corruption: Corruption): Corruption =>
  (record) =>
    corruption({ ...clone(record), clientType: 'COMPANY', companyName: 'Acme SpA' });

const corruptions: Record<string, Corruption> = {
  missingClientType: corruptField('clientType', blank),
  unknownClientType: corruptField('clientType', fc.constantFrom('PERSON', 'private client', 'C')),
  missingCountry: corruptField('countryId', blank),
  unknownCountry: corruptField('countryId', fc.constantFrom('xx', 'ZZ', 'ita', 'i', 'uk')),
  missingPosCode: corruptField('posCode', blank),
  badPosCode: corruptField(
    'posCode',
    fc.constantFrom('ES100-102048', 'ES100:', ':102048', 'ES 100:102048', 'ES100:10:20'),
  ),
  missingBrand: corruptField('brand', blank),
  badBrand: corruptField('brand', fc.constantFrom('CARTIER', 'C4R', 'C', 'CA R')),
  missingMaisonContact: corruptField('canBeContactedByMaison', fc.constant(undefined)),
  privacyNotAccepted: corruptField('privacyPolicyAcceptanceStorage', fc.constantFrom(false, undefined)),
  privateWithoutTitle: privateOnly(corruptField('title', blank)),
  privateWithoutLastName: privateOnly(corruptField('lastName', blank)),
  privateWithoutLanguage: privateOnly(corruptField('languageId', blank)),
  privateWithoutGender: privateOnly(corruptField('gender', blank)),
  companyWithoutName: companyOnly(corruptField('companyName', blank)),
  badLanguage: corruptField('languageId', fc.constantFrom('it', 'en', 'zh', 'xyz', 'italian', 'qqq')),
  badSaleRepresentativeEmail: corruptField(
    'saleRepresentativeEmail',
    fc.constantFrom('rauf', 'rauf@', '@richemont.com', 'a b@c.com'),
  ),
  badReferenceEmail: corruptField(
    'referenceSaleRepresentativeEmail',
    fc.constantFrom('x@y', 'no-at-sign.com'),
  ),
  impossibleBirthDate: corruptField(
    'birthDate',
    fc.constantFrom('2021-02-30', '1990-13-01', '1990-1-1', '01/02/1990', '1990-00-10'),
  ),
  futureBirthDate: corruptField('birthDate', fc.constantFrom('2999-12-31', '2400-02-29')),
  impossibleWeddingDate: corruptField('weddingDate', fc.constantFrom('2019-02-29', '2020-04-31', 'tomorrow')),
  badRegistrationDate: corruptField(
    'registrationDate',
    fc.constantFrom('2024-13-01T00:00:00Z', 'yesterday', '2024-05-01T25:00:00Z'),
  ),
  lastNameNotText: corruptField('lastName', fc.constantFrom(42, true, ['Rossi'])),
  smsFlagAsText: corruptField('contactBySMSFlag', fc.constantFrom('true', 'false', 1, 0)),
  maisonContactAsText: corruptField('canBeContactedByMaison', fc.constantFrom('true', 'yes')),
  emailsNotAList: corruptField('emails', fc.constantFrom({ email: 'a@b.com', isMainEmail: true }, 'a@b.com')),
  badEmail: corruptItem(
    'emails',
    'email',
    fc.constantFrom(
      'rauf',
      'rauf@richemont',
      'a@@b.com',
      '',
      'a..b@c.com',
      'a@b-.com',
      `${'a'.repeat(65)}@b.com`,
    ),
  ),
  missingMainEmailFlag: corruptItem('emails', 'isMainEmail', fc.constantFrom(undefined, 'false')),
  secondMainEmail: secondMain('emails', 'isMainEmail'),
  badPhone: corruptItem(
    'phones',
    'phone',
    fc.constantFrom('123', 'not a phone', '+39 000', '', '99999999999999999'),
  ),
  foreignPhone,
  unknownPhonePrefix: corruptItem('phones', 'countryPrefix', fc.constantFrom('xx', '', '39', '+39')),
  missingMainPhoneFlag: corruptItem('phones', 'isMainPhone', fc.constant(undefined)),
  secondMainPhone: secondMain('phones', 'isMainPhone'),
  missingAddressType: corruptItem('addresses', 'addressType', blank),
  unknownAddressCountry: corruptItem('addresses', 'countryId', fc.constantFrom('xx', '', 'Italy')),
  missingMainAddressFlag: corruptItem('addresses', 'isMainAddress', fc.constant(undefined)),
  secondMainAddress: secondMain('addresses', 'isMainAddress'),
  missingEventType: corruptItem('events', 'eventType', blank),
  badEventDate: corruptItem(
    'events',
    'eventDate',
    fc.constantFrom(undefined, '', '2021-02-30', '20-01-2021', '0001-01-01'),
  ),
  missingInterestId: corruptItem('interests', 'sapInterestId', blank),
  missingInterest: corruptItem('interests', 'interest', blank),
  missingHobbyId: corruptItem('hobbies', 'sapHobbyId', blank),
  missingHobby: corruptItem('hobbies', 'hobby', blank),
  missingCollectionTranslation: corruptItem('productCollections', 'translation', blank),
  missingCollectionId: corruptItem('productCollections', 'sapProductCollectionId', blank),
  missingCollection: corruptItem('productCollections', 'productCollection', blank),
  // Issue 7: every text has a length limit (checked before anything else), every list a maximum size.
  lastNameTooLong: corruptField('lastName', overLimit(textLimits.name)),
  notesTooLong: corruptField('notes', overLimit(textLimits.notes)),
  cityTooLong: corruptItem('addresses', 'city', overLimit(textLimits.name)),
  eventNotesTooLong: corruptItem('events', 'eventNotes', overLimit(textLimits.itemNotes)),
  emailTooLong: corruptField(
    'saleRepresentativeEmail',
    fc.integer({ min: 1, max: 200 }).map((extra) => `rauf@${'b.'.repeat(125 + extra)}com`),
  ),
  tooManyEmails: tooManyItems('emails', listLimits.emails),
  tooManyInterests: tooManyItems('interests', listLimits.interests),
  // Control characters (tab and line breaks included) in single-line text; free text allows only those.
  controlCharacterInName: corruptField(
    'firstName',
    fc.constantFrom('Giu\nlia', 'Giu\tlia', 'Giu\r\nlia', 'Giu\u0000lia', 'Giu\u001blia', 'Giu\u0085lia'),
  ),
  controlCharacterInCity: corruptItem('addresses', 'city', fc.constantFrom('Mi\nlano', 'Mi\u0007lano')),
  controlCharacterInNotes: corruptField('notes', fc.constantFrom('a\u0000b', 'a\u000bb', 'a\rb', 'a\u007fb')),
  loneSurrogate: corruptItem(
    'interests',
    'interest',
    fc.constantFrom('Jewel\ud83d', '\ude00Jewel', 'a\udbffb'),
  ),
};

/** The names of every corruption, so that tests can check each one is exercised. */
export const corruptionNames = Object.keys(corruptions);

/** A valid record with one targeted corruption, and the dotted path of the issue it must cause. */
export const invalidRecordArb: fc.Arbitrary<InvalidRecord> = fc
  .tuple(validRecordArb, fc.constantFrom(...corruptionNames))
  .chain(([record, name]) =>
    (corruptions[name] as Corruption)(record as Input).map((result) => ({ ...result, corruption: name })),
  );
