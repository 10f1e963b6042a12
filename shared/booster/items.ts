// The list items of CreateCustomer. Required fields follow the seed's IsRequired marks.
import { z } from 'zod';
import { checkPhoneNumber } from './phone';
import { normalizeCountryCode } from './codes';
import {
  addFieldIssue,
  objectOf,
  optionalText,
  requiredCountry,
  requiredDate,
  requiredEmail,
  requiredFlag,
  requiredText,
} from './fields';

export const emailObject = z.object(
  {
    email: requiredEmail('Email'),
    isMainEmail: requiredFlag('Main email'),
  },
  objectOf('Each email'),
);
export const emailSchema = emailObject;
export type Email = z.output<typeof emailSchema>;

export const phoneObject = z.object(
  {
    phone: requiredText('Phone', 'code'),
    countryPrefix: requiredCountry('Phone country prefix'),
    phoneType: optionalText('Phone type', 'code'),
    isMainPhone: requiredFlag('Main phone'),
  },
  objectOf('Each phone'),
);

// Runs even when another field of the item failed, so that every problem is shown at once; it therefore
// reads the item defensively (a field that failed holds no usable value).
function checkPhoneItem(item: Record<string, unknown>, ctx: z.core.$RefinementCtx<unknown>): void {
  const { phone, countryPrefix } = item;
  if (typeof phone !== 'string' || typeof countryPrefix !== 'string') return;
  const country = normalizeCountryCode(countryPrefix);
  if (!country) return;
  const check = checkPhoneNumber(phone, country);
  // A country without a numbering plan is the prefix's problem; anything else is the number's.
  if (!check.ok)
    addFieldIssue(ctx, check.code, check.message, [
      check.code === 'phoneCountryUnsupported' ? 'countryPrefix' : 'phone',
    ]);
}

export const phoneSchema = phoneObject
  .superRefine((item, ctx) => checkPhoneItem(item, ctx), { when: (payload) => isObject(payload.value) })
  .transform((item) => {
    const check = checkPhoneNumber(item.phone, item.countryPrefix);
    return check.ok ? { ...item, phone: check.nationalNumber } : item;
  });
export type Phone = z.output<typeof phoneSchema>;

export const addressObject = z.object(
  {
    addressType: requiredText('Address type', 'code'),
    countryId: requiredCountry('Address country'),
    houseNumber: optionalText('House number', 'code'),
    stateId: optionalText('Region or state', 'name'),
    city: optionalText('City', 'name'),
    zipCode: optionalText('Postal code', 'code'),
    street: optionalText('Street and number', 'name'),
    street2: optionalText('Street line 2', 'name'),
    street3: optionalText('Street line 3', 'name'),
    street4: optionalText('Street line 4', 'name'),
    street5: optionalText('Street line 5', 'name'),
    isMainAddress: requiredFlag('Main address'),
    poBox: optionalText('Post office box', 'code'),
    additionalInformation: optionalText('Additional information', 'itemNotes'),
  },
  objectOf('Each address'),
);
export const addressSchema = addressObject;
export type Address = z.output<typeof addressSchema>;

export const eventObject = z.object(
  {
    eventType: requiredText('Event type', 'code'),
    eventDate: requiredDate('Event date'),
    eventNotes: optionalText('Event notes', 'itemNotes'),
    eventOtherName: optionalText('Event name', 'name'),
  },
  objectOf('Each event'),
);
export const eventSchema = eventObject;
export type CustomerEvent = z.output<typeof eventSchema>;

export const interestObject = z.object(
  {
    interest: requiredText('Interest', 'label'),
    sapInterestId: requiredText('Interest SAP id', 'code'),
    translation: optionalText('Interest translation', 'label'),
  },
  objectOf('Each interest'),
);
export const interestSchema = interestObject;
export type Interest = z.output<typeof interestSchema>;

export const hobbyObject = z.object(
  {
    hobby: requiredText('Hobby', 'label'),
    sapHobbyId: requiredText('Hobby SAP id', 'code'),
    translation: optionalText('Hobby translation', 'label'),
  },
  objectOf('Each hobby'),
);
export const hobbySchema = hobbyObject;
export type Hobby = z.output<typeof hobbySchema>;

export const productCollectionObject = z.object(
  {
    productCollection: requiredText('Product collection', 'label'),
    sapProductCollectionId: requiredText('Product collection SAP id', 'code'),
    translation: requiredText('Product collection translation', 'label'),
  },
  objectOf('Each product collection'),
);
export const productCollectionSchema = productCollectionObject;
export type ProductCollection = z.output<typeof productCollectionSchema>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
