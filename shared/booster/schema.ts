// The CreateCustomer record as the app holds it: every field of the seed's CreateCustomer (and Customer),
// in the order of the seed's sample body, with camelCase wire names.
import { z } from 'zod';
import { todayLocal } from './dates';
import {
  acceptedFlag,
  addFieldIssue,
  fieldMeta,
  flag,
  list,
  listLimits,
  objectOf,
  optionalDate,
  optionalEmail,
  optionalFlag,
  optionalInstant,
  optionalLanguage,
  optionalText,
  requiredBrand,
  requiredClientType,
  requiredCountry,
  requiredFlag,
  requiredPosCode,
} from './fields';
import {
  addressObject,
  addressSchema,
  emailObject,
  emailSchema,
  eventObject,
  eventSchema,
  hobbyObject,
  hobbySchema,
  interestObject,
  interestSchema,
  isObject,
  phoneObject,
  phoneSchema,
  productCollectionObject,
  productCollectionSchema,
} from './items';
import { messages } from './messages';

export const customerObject = z.object(
  {
    privacyPolicyAcceptanceStorage: acceptedFlag('Privacy policy acceptance', messages.privacyPolicy()),
    tvPrivacyPolicyAcceptanceStorage: optionalFlag('TimeVallée privacy policy acceptance'),
    title: optionalText('Title', 'code'),
    firstName: optionalText('First name', 'name'),
    lastName: optionalText('Last name', 'name'),
    firstNameNotLatin: optionalText('First name (non-Latin)', 'name'),
    lastNameNotLatin: optionalText('Last name (non-Latin)', 'name'),
    middleName: optionalText('Middle name', 'name'),
    nameSuffix: optionalText('Name suffix', 'code'),
    canBeContactedByMaison: requiredFlag('Permission for the maison to contact the client'),
    clientType: requiredClientType('Client type'),
    companyName: optionalText('Company name', 'name'),
    languageId: optionalLanguage('Language'),
    gender: optionalText('Gender', 'code'),
    countryId: requiredCountry('Country'),
    birthDate: optionalDate('Birth date'),
    customerReference: optionalText('Customer reference', 'code'),
    posCode: requiredPosCode('Point of sale code'),
    brand: requiredBrand('Brand'),
    weddingDate: optionalDate('Wedding date'),
    preferredContactMethod: optionalText('Preferred contact method', 'code'),
    contactByEmailFlag: flag('Contact by email'),
    contactByMailFlag: flag('Contact by mail'),
    contactByPhoneFlag: flag('Contact by phone'),
    contactBySMSFlag: flag('Contact by SMS'),
    contactBySocialMediaFlag: flag('Contact by social media'),
    saleRepresentativeEmail: optionalEmail('Sales representative email'),
    allowStoreDataAbroad: optionalFlag('Consent to store data abroad'),
    tvAllowStoreDataAbroad: optionalFlag('TimeVallée consent to store data abroad'),
    emails: list('Emails', emailSchema, emailObject, listLimits.emails),
    phones: list('Phones', phoneSchema, phoneObject, listLimits.phones),
    addresses: list('Addresses', addressSchema, addressObject, listLimits.addresses),
    events: list('Events', eventSchema, eventObject, listLimits.events),
    interests: list('Interests', interestSchema, interestObject, listLimits.interests),
    hobbies: list('Hobbies', hobbySchema, hobbyObject, listLimits.hobbies),
    productCollections: list(
      'Product collections',
      productCollectionSchema,
      productCollectionObject,
      listLimits.productCollections,
    ),
    dataSharingConsent: optionalFlag('Data sharing consent'),
    notes: optionalText('Notes', 'notes'),
    referenceSaleRepresentativeEmail: optionalEmail('Reference sales representative email'),
    registrationDate: optionalInstant('Registration date'),
  },
  objectOf('The client record'),
);

type CustomerKey = keyof typeof customerObject.shape;

const labelOf = (key: CustomerKey): string => fieldMeta.get(customerObject.shape[key])?.label ?? key;

/** Fields each client type must have, beyond those every record needs (the form marks them from here). */
export const requiredByClientType: Record<'PRIVATE' | 'COMPANY', { who: string; keys: CustomerKey[] }> = {
  PRIVATE: { who: 'private client', keys: ['title', 'lastName', 'languageId', 'gender'] },
  COMPANY: { who: 'company client', keys: ['companyName'] },
};

/** Lists with a "main" item, the flag that marks it, and the noun a message uses. */
export const mainFlags = [
  ['emails', 'isMainEmail', 'email'],
  ['phones', 'isMainPhone', 'phone'],
  ['addresses', 'isMainAddress', 'address'],
] as const;

// Rules across fields. They run even when a field failed (every problem is shown at once), so they read the
// record defensively: a field that failed holds no usable value, and an absent optional field is undefined.
function checkRecordRules(
  record: Record<string, unknown>,
  ctx: z.core.$RefinementCtx<unknown>,
  today: string,
) {
  const clientType = record.clientType;
  if (clientType === 'PRIVATE' || clientType === 'COMPANY') {
    const { who, keys } = requiredByClientType[clientType];
    for (const key of keys) {
      if (record[key] === undefined)
        addFieldIssue(ctx, 'required', messages.requiredFor(labelOf(key), who), [key]);
    }
  }
  const birthDate = record.birthDate;
  if (typeof birthDate === 'string' && birthDate > today) {
    addFieldIssue(ctx, 'dateInFuture', messages.dateInFuture(labelOf('birthDate')), ['birthDate']);
  }
  for (const [listKey, flagKey, noun] of mainFlags) {
    const items = record[listKey];
    if (!Array.isArray(items)) continue;
    let mainSeen = false;
    items.forEach((item: unknown, index) => {
      if (!isObject(item) || item[flagKey] !== true) return;
      if (mainSeen)
        addFieldIssue(ctx, 'multipleMain', messages.multipleMain(noun), [listKey, index, flagKey]);
      mainSeen = true;
    });
  }
}

/** Drops undefined values and empty lists, so that a parsed record has exactly the fields that are sent. */
function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutEmpty(item)) as T;
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || (Array.isArray(field) && field.length === 0)) continue;
    result[key] = withoutEmpty(field);
  }
  return result as T;
}

function buildCreateCustomerSchema(today: () => string) {
  return customerObject
    .superRefine((record, ctx) => checkRecordRules(record, ctx, today()), {
      when: (payload) => isObject(payload.value),
    })
    .transform((record) => withoutEmpty(record));
}

/** The contract, judging "not in the future" against this machine's local calendar date at parse time. */
export const createCustomerSchema = buildCreateCustomerSchema(() => todayLocal());

/** The same contract with a fixed "today" ('YYYY-MM-DD'): for tests and for a server in another zone. */
export function createCustomerSchemaAt(today: string): typeof createCustomerSchema {
  return buildCreateCustomerSchema(() => today);
}

export type CreateCustomerInput = z.input<typeof createCustomerSchema>;
export type CreateCustomerRecord = z.output<typeof createCustomerSchema>;
