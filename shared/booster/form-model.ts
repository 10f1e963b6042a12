// The client form as the contract defines it: which fields exist, their kinds, which are required and the
// empty values a form starts from. Read from the schema shapes and rules (like encode.ts), so a field added
// to the contract reaches every form without a second list to keep in step.
import type { z } from 'zod';
import { clientTypes, fieldMeta, type ClientType, type FieldMeta } from './fields';
import { customerObject, mainFlags, requiredByClientType } from './schema';

type CustomerInput = z.input<typeof customerObject>;
type FormValueOf<V> = V extends readonly (infer Item)[]
  ? FormShape<Item>[]
  : V extends boolean
    ? boolean
    : string;
/** Every field present, texts as strings (blank for absent), so that inputs bind to them directly. */
type FormShape<T> = { [K in keyof T]-?: FormValueOf<NonNullable<T[K]>> };

/** A client as a form holds it: the stored shape of a draft. */
export type CustomerForm = Omit<FormShape<CustomerInput>, 'clientType'> & { clientType: ClientType };
export type ListKey = {
  [K in keyof CustomerForm]: CustomerForm[K] extends unknown[] ? K : never;
}[keyof CustomerForm];
export type FormItem = Record<string, string | boolean>;

export interface ContractField {
  key: string;
  meta: FieldMeta;
  /** The field's own schema refuses it left blank (a list item's field: once the item exists). */
  requiredAlone: boolean;
}

function emptyValue(meta: FieldMeta): string | boolean | FormItem[] {
  if (meta.kind === 'list') return [];
  return meta.kind === 'boolean' ? false : '';
}

// Parsing the blank value through the field's own schema asks the very rule main and Booster apply. A box
// left unticked is an answer ("no"), so only a box that must be ticked counts as required.
function contractFieldsOf(shape: z.ZodObject['shape']): ContractField[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const meta = fieldMeta.get(schema);
    return meta ? [{ key, meta, requiredAlone: !schema.safeParse(emptyValue(meta)).success }] : [];
  });
}

/** The top-level fields of CreateCustomer, in the contract's order. */
export const customerFields: readonly ContractField[] = contractFieldsOf(customerObject.shape);

const itemFieldsByList = new Map(
  customerFields.flatMap(({ key, meta }) => (meta.item ? [[key, contractFieldsOf(meta.item.shape)]] : [])),
);

export const listKeys = [...itemFieldsByList.keys()] as ListKey[];

export function isListKey(key: string): key is ListKey {
  return itemFieldsByList.has(key);
}

/** The fields of one item of a list. */
export function itemFieldsOf(list: ListKey): readonly ContractField[] {
  return itemFieldsByList.get(list) ?? [];
}

/** Every field of the contract: 'lastName', and 'emails.email' for a field of a list's items. */
export function contractPaths(): string[] {
  return customerFields.flatMap(({ key }) =>
    isListKey(key) ? itemFieldsOf(key).map((field) => `${key}.${field.key}`) : [key],
  );
}

/** The contract field at a form path ('lastName', 'emails.0.email' or 'emails.email'). */
export function contractFieldAt(path: string): ContractField | undefined {
  const [head = '', ...rest] = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  if (rest.length === 0) return customerFields.find((field) => field.key === head);
  return isListKey(head) ? itemFieldsOf(head).find((field) => field.key === rest[0]) : undefined;
}

const requiredKeys = (fields: readonly ContractField[]) =>
  fields.filter((field) => field.requiredAlone).map((field) => field.key);

const requiredByType = new Map(
  clientTypes.map((type) => [
    type,
    new Set([...requiredKeys(customerFields), ...requiredByClientType[type].keys]),
  ]),
);

/** Top-level fields a client of this type must have. */
export function requiredFields(clientType: ClientType): ReadonlySet<string> {
  return requiredByType.get(clientType) ?? new Set();
}

const requiredInItem = new Map(listKeys.map((list) => [list, new Set(requiredKeys(itemFieldsOf(list)))]));

/** Fields an item of `list` must have once it is added (a client needs no email, but an email needs one). */
export function requiredItemFields(list: ListKey): ReadonlySet<string> {
  return requiredInItem.get(list) ?? new Set();
}

/** The flag that marks the one main item of a list, for the lists that have one. */
export const mainFlagOf: Partial<Record<ListKey, string>> = Object.fromEntries(
  mainFlags.map(([list, flag]) => [list, flag]),
);

/** An item of `list` with nothing typed. */
export function emptyItem(list: ListKey): FormItem {
  return Object.fromEntries(
    itemFieldsOf(list).map(({ key, meta }) => [key, emptyValue(meta) as string | boolean]),
  );
}

/** A client with nothing typed: blank texts, unticked boxes, empty lists, a private client. */
export function emptyCustomerForm(): CustomerForm {
  const form = Object.fromEntries(customerFields.map(({ key, meta }) => [key, emptyValue(meta)]));
  return { ...form, clientType: 'PRIVATE' } as CustomerForm;
}
