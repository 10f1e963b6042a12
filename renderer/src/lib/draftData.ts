// The form's own shape of a client, read from the contract (shared/booster/form-model.ts): every field a string
// or boolean so inputs bind directly, every list present. `buildRecord` turns it into the CreateCustomer record
// Booster receives; `draftFromRecord` goes back. What is written here is only what the form adds: the event
// profile's prefills, which fields belong to which client type, and what counts as a blank row.
import {
  contractFieldAt,
  customerFields,
  emptyCustomerForm,
  emptyItem,
  isListKey,
  itemFieldsOf,
  mainFlagOf,
  type CustomerForm,
  type FormItem,
  type ListKey,
} from '../../../shared/booster/form-model';
import { normalizeEmail, normalizePhone } from '../../../shared/booster/contact-normalize';

export type { ListKey } from '../../../shared/booster/form-model';
export type DraftData = CustomerForm;

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

/** What a new row starts with: the event's country, and the type most rows have. Not typed by a person. */
const itemPrefills: Partial<Record<ListKey, (country: string) => FormItem>> = {
  phones: (country) => ({ countryPrefix: country, phoneType: 'Mobile' }),
  addresses: (country) => ({ addressType: 'Home', countryId: country }),
};

/** A new row of `list`; the first row of a list with a main item is the main one. */
export function newItem<L extends ListKey>(list: L, isFirst: boolean, country: string): DraftData[L][number] {
  const mainFlag = mainFlagOf[list];
  const item: FormItem = {
    ...emptyItem(list),
    ...itemPrefills[list]?.(country),
    ...(mainFlag ? { [mainFlag]: isFirst } : {}),
  };
  return item as DraftData[L][number];
}

export function emptyDraft(profile: EventProfile = emptyEventProfile): DraftData {
  return {
    ...emptyCustomerForm(),
    posCode: profile.posCode,
    brand: profile.brand,
    saleRepresentativeEmail: profile.saleRepresentativeEmail,
    countryId: profile.countryId,
    languageId: profile.languageId,
    emails: [newItem('emails', true, profile.countryId)],
    phones: [newItem('phones', true, profile.countryId)],
  };
}

/** Fields that only make sense for a person; a COMPANY record leaves them out even if typed before switching. */
const privateOnlyFields: ReadonlySet<string> = new Set([
  'title',
  'gender',
  'middleName',
  'nameSuffix',
  'birthDate',
  'weddingDate',
]);
const companyOnlyFields: ReadonlySet<string> = new Set(['companyName']);

/** Whether a field is shown (and sent) for a client of this type. */
export function belongsTo(path: string, clientType: DraftData['clientType']): boolean {
  const key = path.split('.')[0] ?? path;
  return !(clientType === 'COMPANY' ? privateOnlyFields : companyOnlyFields).has(key);
}

/** Item fields a person does not type: prefilled ones, and the translation a catalogue pick fills in. */
const untypedItemFields: ReadonlySet<string> = new Set([
  'translation',
  ...Object.values(itemPrefills).flatMap((prefill) => Object.keys(prefill(''))),
]);

/** Whether a list item holds nothing a person typed (prefilled country or type do not count). */
function isBlankItem(item: object): boolean {
  return Object.entries(item).every(
    ([key, value]) => untypedItemFields.has(key) || typeof value !== 'string' || value.trim() === '',
  );
}

function trimmedItem(item: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (typeof value !== 'string') out[key] = value;
    else if (value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

export interface BuiltRecord {
  record: Record<string, unknown>;
  /** Record path ('emails.0.email') -> the form's path: blank rows are left out, so indexes may differ. */
  toFormPath(path: string): string;
}

// TimeVallée consents are only sent when given: they are meaningless for other maisons.
const sentOnlyWhenGiven = new Set(['tvPrivacyPolicyAcceptanceStorage', 'tvAllowStoreDataAbroad']);

function builtList(
  list: ListKey,
  items: FormItem[],
): { indexes: number[]; built: Record<string, unknown>[] } {
  const indexes = items.flatMap((item, index) => (isBlankItem(item) ? [] : [index]));
  const built = indexes.map((index) => trimmedItem(items[index] ?? {}));
  const flag = mainFlagOf[list];
  // The main row may have been blank: the first kept row takes over so exactly one stays main.
  if (flag && !built.some((item) => item[flag] === true) && built[0]) built[0][flag] = true;
  return { indexes, built };
}

export function buildRecord(data: DraftData): BuiltRecord {
  const record: Record<string, unknown> = {};
  const kept: Partial<Record<string, number[]>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!belongsTo(key, data.clientType) || key === 'registrationDate') continue;
    if (isListKey(key)) {
      const { indexes, built } = builtList(key, value as FormItem[]);
      if (indexes.length === 0) continue;
      kept[key] = indexes;
      record[key] = built;
    } else if (typeof value === 'string') {
      if (value.trim() !== '') record[key] = value.trim();
    } else if (typeof value === 'boolean' && (value || !sentOnlyWhenGiven.has(key))) {
      record[key] = value;
    }
  }
  // Only a date the client already carries (a reopened record). A new capture has none: main stamps it at
  // enqueue with its clock readings, so that trusted time can correct it when the laptop's clock is wrong.
  if (data.registrationDate) record.registrationDate = data.registrationDate;
  return {
    record,
    toFormPath(path) {
      const [head = '', index, ...rest] = path.split('.');
      const indexes = kept[head];
      if (!indexes || index === undefined || !/^\d+$/.test(index)) return path;
      const formIndex = indexes[Number(index)];
      return formIndex === undefined ? path : [head, String(formIndex), ...rest].join('.');
    },
  };
}

/** A stored value back into the form: a date keeps its calendar day, a number becomes text. */
function formValue(path: string, value: unknown): string | boolean {
  const kind = contractFieldAt(path)?.meta.kind;
  if (kind === 'boolean') return value === true;
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return kind === 'date' && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
}

function formItems(list: ListKey, value: unknown): FormItem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) =>
      Object.fromEntries(itemFieldsOf(list).map(({ key }) => [key, formValue(`${list}.${key}`, item[key])])),
    );
}

/** A record from main (a reopened client) back into the form's shape. Unknown keys are ignored. */
export function draftFromRecord(record: Record<string, unknown>): DraftData {
  const draft: Record<string, unknown> = {};
  for (const { key } of customerFields)
    draft[key] = isListKey(key) ? formItems(key, record[key]) : formValue(key, record[key]);
  draft.clientType = record.clientType === 'COMPANY' ? 'COMPANY' : 'PRIVATE';
  return draft as DraftData;
}

/** "Last, First" or the company name: how lists show a client. */
export function displayNameOf(data: DraftData): string {
  if (data.clientType === 'COMPANY' && data.companyName.trim()) return data.companyName.trim();
  const name = [data.lastName.trim(), data.firstName.trim()].filter(Boolean).join(', ');
  return name || data.companyName.trim();
}

/** A phone's digits as typed, and as normalized (country code + national number, and the national number
 *  alone), so '+39 347 123 4567' is found by '347 123' and by '39347'. */
function phoneSearchForms(countryPrefix: string, phone: string): string[] {
  const typed = phone.replace(/\D/g, '');
  const normalized = normalizePhone(countryPrefix, phone);
  const [code = '', national = ''] = normalized?.split(':') ?? [];
  return [typed, ...(/^\d+$/.test(code) ? [`${code}${national}`, national] : [])];
}

/** Lowercased names, normalized emails and phone digits: what the drafts search matches against. */
export function searchTextOf(data: DraftData): string {
  return [
    data.firstName,
    data.lastName,
    data.firstNameNotLatin,
    data.lastNameNotLatin,
    data.companyName,
    ...data.emails.map((item) => normalizeEmail(item.email) ?? item.email),
    ...data.phones.flatMap((item) => phoneSearchForms(item.countryPrefix, item.phone)),
  ]
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean)
    .join(' ');
}

function rowsOf(data: DraftData, list: ListKey): FormItem[] {
  return data[list] as FormItem[];
}

/** Make `index` the one main item of a list (radio semantics). */
export function setMain(data: DraftData, list: ListKey, index: number): void {
  const flag = mainFlagOf[list];
  if (flag) rowsOf(data, list).forEach((row, i) => (row[flag] = i === index));
}

/** Remove a row; if it was the main one, the first remaining row becomes main. */
export function removeItem(data: DraftData, list: ListKey, index: number): void {
  const rows = rowsOf(data, list);
  rows.splice(index, 1);
  const flag = mainFlagOf[list];
  const first = rows[0];
  if (flag && first && !rows.some((row) => row[flag] === true)) first[flag] = true;
}

/** The object that holds the field at `path`, and the field's name in it: 'emails.0.email' -> (emails[0], 'email'). */
export function fieldSlot(data: DraftData, path: string): { holder?: Record<string, unknown>; key: string } {
  const segments = path.split('.');
  const key = segments.pop() ?? path;
  let holder: unknown = data;
  for (const segment of segments) holder = (holder as Record<string, unknown> | undefined)?.[segment];
  return typeof holder === 'object' && holder !== null
    ? { holder: holder as Record<string, unknown>, key }
    : { key };
}
