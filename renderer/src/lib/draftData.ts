// The form's own shape of a client: every field a string or boolean so inputs bind directly, every list present.
// `buildRecord` turns it into the CreateCustomer record Booster receives; `draftFromRecord` goes back.

export type ClientType = 'PRIVATE' | 'COMPANY';

export interface EmailItem {
  email: string;
  isMainEmail: boolean;
}
export interface PhoneItem {
  phone: string;
  countryPrefix: string;
  phoneType: string;
  isMainPhone: boolean;
}
export interface AddressItem {
  addressType: string;
  countryId: string;
  street: string;
  houseNumber: string;
  street2: string;
  street3: string;
  street4: string;
  street5: string;
  zipCode: string;
  city: string;
  stateId: string;
  poBox: string;
  additionalInformation: string;
  isMainAddress: boolean;
}
export interface EventItem {
  eventType: string;
  eventDate: string;
  eventOtherName: string;
  eventNotes: string;
}
export interface InterestItem {
  sapInterestId: string;
  interest: string;
  translation: string;
}
export interface HobbyItem {
  sapHobbyId: string;
  hobby: string;
  translation: string;
}
export interface ProductCollectionItem {
  sapProductCollectionId: string;
  productCollection: string;
  translation: string;
}

export interface DraftData {
  clientType: ClientType;
  title: string;
  firstName: string;
  lastName: string;
  middleName: string;
  nameSuffix: string;
  firstNameNotLatin: string;
  lastNameNotLatin: string;
  companyName: string;
  gender: string;
  birthDate: string;
  languageId: string;
  countryId: string;
  customerReference: string;
  emails: EmailItem[];
  phones: PhoneItem[];
  preferredContactMethod: string;
  canBeContactedByMaison: boolean;
  contactByEmailFlag: boolean;
  contactByMailFlag: boolean;
  contactByPhoneFlag: boolean;
  contactBySMSFlag: boolean;
  contactBySocialMediaFlag: boolean;
  addresses: AddressItem[];
  events: EventItem[];
  weddingDate: string;
  interests: InterestItem[];
  hobbies: HobbyItem[];
  productCollections: ProductCollectionItem[];
  privacyPolicyAcceptanceStorage: boolean;
  dataSharingConsent: boolean;
  allowStoreDataAbroad: boolean;
  tvPrivacyPolicyAcceptanceStorage: boolean;
  tvAllowStoreDataAbroad: boolean;
  notes: string;
  saleRepresentativeEmail: string;
  referenceSaleRepresentativeEmail: string;
  posCode: string;
  brand: string;
  /** Kept from a reopened record so a resend carries the original registration time. */
  registrationDate: string;
}

/** What every new client inherits from the event profile. */
export interface EventProfile {
  posCode: string;
  brand: string;
  saleRepresentativeEmail: string;
  countryId: string;
  languageId: string;
}

export const emptyEventProfile: EventProfile = {
  posCode: '',
  brand: '',
  saleRepresentativeEmail: '',
  countryId: '',
  languageId: '',
};

export type ListKey =
  'emails' | 'phones' | 'addresses' | 'events' | 'interests' | 'hobbies' | 'productCollections';
export type MainListKey = 'emails' | 'phones' | 'addresses';
export const mainFlagOf = {
  emails: 'isMainEmail',
  phones: 'isMainPhone',
  addresses: 'isMainAddress',
} as const;

export function newEmail(isMain: boolean): EmailItem {
  return { email: '', isMainEmail: isMain };
}
export function newPhone(isMain: boolean, country: string): PhoneItem {
  return { phone: '', countryPrefix: country, phoneType: 'Mobile', isMainPhone: isMain };
}
export function newAddress(isMain: boolean, country: string): AddressItem {
  return {
    addressType: 'Home',
    countryId: country,
    street: '',
    houseNumber: '',
    street2: '',
    street3: '',
    street4: '',
    street5: '',
    zipCode: '',
    city: '',
    stateId: '',
    poBox: '',
    additionalInformation: '',
    isMainAddress: isMain,
  };
}
export function newEvent(): EventItem {
  return { eventType: '', eventDate: '', eventOtherName: '', eventNotes: '' };
}
export function newInterest(): InterestItem {
  return { sapInterestId: '', interest: '', translation: '' };
}
export function newHobby(): HobbyItem {
  return { sapHobbyId: '', hobby: '', translation: '' };
}
export function newProductCollection(): ProductCollectionItem {
  return { sapProductCollectionId: '', productCollection: '', translation: '' };
}

export function emptyDraft(profile: EventProfile = emptyEventProfile): DraftData {
  return {
    clientType: 'PRIVATE',
    title: '',
    firstName: '',
    lastName: '',
    middleName: '',
    nameSuffix: '',
    firstNameNotLatin: '',
    lastNameNotLatin: '',
    companyName: '',
    gender: '',
    birthDate: '',
    languageId: profile.languageId,
    countryId: profile.countryId,
    customerReference: '',
    emails: [newEmail(true)],
    phones: [newPhone(true, profile.countryId)],
    preferredContactMethod: '',
    canBeContactedByMaison: false,
    contactByEmailFlag: false,
    contactByMailFlag: false,
    contactByPhoneFlag: false,
    contactBySMSFlag: false,
    contactBySocialMediaFlag: false,
    addresses: [],
    events: [],
    weddingDate: '',
    interests: [],
    hobbies: [],
    productCollections: [],
    privacyPolicyAcceptanceStorage: false,
    dataSharingConsent: false,
    allowStoreDataAbroad: false,
    tvPrivacyPolicyAcceptanceStorage: false,
    tvAllowStoreDataAbroad: false,
    notes: '',
    saleRepresentativeEmail: profile.saleRepresentativeEmail,
    referenceSaleRepresentativeEmail: '',
    posCode: profile.posCode,
    brand: profile.brand,
    registrationDate: '',
  };
}

/** Fields that only make sense for a person; a COMPANY record leaves them out even if typed before switching. */
export const privateOnlyFields = [
  'title',
  'gender',
  'middleName',
  'nameSuffix',
  'birthDate',
  'weddingDate',
] as const;
export const companyOnlyFields = ['companyName'] as const;

/** Whether a list item holds nothing a person typed (prefilled country or type do not count). */
export function isBlankItem(list: ListKey, item: object): boolean {
  const record = item as Record<string, unknown>;
  const ignored = new Set([
    'isMainEmail',
    'isMainPhone',
    'isMainAddress',
    'countryPrefix',
    'phoneType',
    'addressType',
    'countryId',
  ]);
  if (list === 'interests' || list === 'hobbies' || list === 'productCollections') {
    ignored.add('translation');
  }
  return Object.entries(record).every(
    ([key, value]) => ignored.has(key) || typeof value !== 'string' || value.trim() === '',
  );
}

function trimmedItem(item: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') out[key] = trimmed;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export interface BuiltRecord {
  record: Record<string, unknown>;
  /** Record path ('emails.0.email') -> the form's path: blank rows are left out, so indexes may differ. */
  toFormPath(path: string): string;
}

const listKeys: ListKey[] = [
  'emails',
  'phones',
  'addresses',
  'events',
  'interests',
  'hobbies',
  'productCollections',
];

export function buildRecord(data: DraftData): BuiltRecord {
  const skipped = new Set<string>(data.clientType === 'COMPANY' ? privateOnlyFields : companyOnlyFields);
  skipped.add('registrationDate');
  const record: Record<string, unknown> = {};
  const kept: Partial<Record<ListKey, number[]>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (skipped.has(key)) continue;
    if (listKeys.includes(key as ListKey)) {
      const list = key as ListKey;
      const items = value as object[];
      const indexes = items.flatMap((item, index) => (isBlankItem(list, item) ? [] : [index]));
      if (indexes.length === 0) continue;
      kept[list] = indexes;
      const built = indexes.map((index) => trimmedItem(items[index] as object));
      const flag = list in mainFlagOf ? mainFlagOf[list as MainListKey] : undefined;
      // The main row may have been blank: the first kept row takes over so exactly one stays main.
      if (flag && !built.some((item) => item[flag] === true) && built[0]) built[0][flag] = true;
      record[key] = built;
    } else if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') record[key] = trimmed;
    } else if (typeof value === 'boolean') {
      // TimeVallée consents are only sent when given: they are meaningless for other maisons.
      if ((key === 'tvPrivacyPolicyAcceptanceStorage' || key === 'tvAllowStoreDataAbroad') && !value)
        continue;
      record[key] = value;
    }
  }
  if (data.registrationDate) record.registrationDate = data.registrationDate;
  return {
    record,
    toFormPath(path) {
      const [head, index, ...rest] = path.split('.');
      const indexes = kept[head as ListKey];
      if (!indexes || index === undefined || !/^\d+$/.test(index)) return path;
      const formIndex = indexes[Number(index)];
      return formIndex === undefined ? path : [head, String(formIndex), ...rest].join('.');
    },
  };
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

function datePart(value: unknown): string {
  const text = str(value);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
}

function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

/** A record from main (a reopened client) back into the form's shape. Unknown keys are ignored. */
export function draftFromRecord(record: Record<string, unknown>): DraftData {
  const draft = emptyDraft();
  draft.emails = [];
  draft.phones = [];
  for (const key of Object.keys(draft) as (keyof DraftData)[]) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    const current = draft[key];
    if (typeof current === 'boolean') (draft as unknown as Record<string, unknown>)[key] = value === true;
    else if (typeof current === 'string')
      (draft as unknown as Record<string, unknown>)[key] =
        key === 'birthDate' || key === 'weddingDate' ? datePart(value) : str(value);
  }
  draft.clientType = record.clientType === 'COMPANY' ? 'COMPANY' : 'PRIVATE';
  draft.emails = items(record.emails).map((item) => ({
    email: str(item.email),
    isMainEmail: item.isMainEmail === true,
  }));
  draft.phones = items(record.phones).map((item) => ({
    phone: str(item.phone),
    countryPrefix: str(item.countryPrefix),
    phoneType: str(item.phoneType),
    isMainPhone: item.isMainPhone === true,
  }));
  draft.addresses = items(record.addresses).map((item) => {
    const address = newAddress(item.isMainAddress === true, str(item.countryId));
    for (const key of Object.keys(address) as (keyof AddressItem)[]) {
      if (key !== 'isMainAddress') (address as unknown as Record<string, string>)[key] = str(item[key]);
    }
    return address;
  });
  draft.events = items(record.events).map((item) => ({
    eventType: str(item.eventType),
    eventDate: datePart(item.eventDate),
    eventOtherName: str(item.eventOtherName),
    eventNotes: str(item.eventNotes),
  }));
  draft.interests = items(record.interests).map((item) => ({
    sapInterestId: str(item.sapInterestId),
    interest: str(item.interest),
    translation: str(item.translation),
  }));
  draft.hobbies = items(record.hobbies).map((item) => ({
    sapHobbyId: str(item.sapHobbyId),
    hobby: str(item.hobby),
    translation: str(item.translation),
  }));
  draft.productCollections = items(record.productCollections).map((item) => ({
    sapProductCollectionId: str(item.sapProductCollectionId),
    productCollection: str(item.productCollection),
    translation: str(item.translation),
  }));
  return draft;
}

/** "Last, First" or the company name: how lists show a client. */
export function displayNameOf(data: DraftData): string {
  if (data.clientType === 'COMPANY' && data.companyName.trim()) return data.companyName.trim();
  const name = [data.lastName.trim(), data.firstName.trim()].filter(Boolean).join(', ');
  return name || data.companyName.trim();
}

/** Lowercased names, emails and phone digits: what the drafts search matches against. */
export function searchTextOf(data: DraftData): string {
  return [
    data.firstName,
    data.lastName,
    data.firstNameNotLatin,
    data.lastNameNotLatin,
    data.companyName,
    ...data.emails.map((item) => item.email),
    ...data.phones.map((item) => item.phone.replace(/\D/g, '')),
  ]
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean)
    .join(' ');
}

/** Make `index` the one main item of a list (radio semantics). */
export function setMain(data: DraftData, list: MainListKey, index: number): void {
  const flag = mainFlagOf[list];
  const rows = data[list] as unknown as Record<string, unknown>[];
  rows.forEach((row, i) => {
    row[flag] = i === index;
  });
}

/** Remove a row; if it was the main one, the first remaining row becomes main. */
export function removeItem(data: DraftData, list: ListKey, index: number): void {
  const rows = data[list] as unknown as Record<string, unknown>[];
  rows.splice(index, 1);
  if (list in mainFlagOf) {
    const flag = mainFlagOf[list as MainListKey];
    if (rows.length > 0 && !rows.some((row) => row[flag] === true)) {
      (rows[0] as Record<string, unknown>)[flag] = true;
    }
  }
}
