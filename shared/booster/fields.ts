// Builders for the fields of the contract. Each field schema carries its label (for messages) and its wire
// kind in the `fieldMeta` registry, so the encoder, the field-name mapping and the wire validator are all
// derived from the schema shapes instead of a second hand-written field list.
import { z } from 'zod';
import { DATE_TIME_MIN_DATE, DATE_TIME_MIN_INSTANT, isCalendarDate, normalizeInstant } from './dates';
import { normalizeCountryCode, normalizeLanguageCode } from './codes';
import { messages, type IssueCode } from './messages';

export type FieldKind = 'string' | 'boolean' | 'date' | 'instant' | 'list';
export type FieldMeta = {
  kind: FieldKind;
  /** How a person calls the field: 'Last name'. */
  label: string;
  /** Booleans Booster reads as false when absent: always sent. */
  alwaysSent?: boolean;
  /** For lists: the object schema of one item. */
  item?: z.ZodObject;
};

// A plain WeakMap rather than a zod registry: zod rewrites registry metadata types, which cannot hold a schema.
export const fieldMeta = new WeakMap<z.core.$ZodType, FieldMeta>();

function withMeta<S extends z.core.$ZodType>(schema: S, meta: FieldMeta): S {
  fieldMeta.set(schema, meta);
  return schema;
}

type RefinementContext = z.core.$RefinementCtx<unknown>;

/** Records an issue with one of our codes; the return value only satisfies the transform's type. */
export function addFieldIssue(
  ctx: RefinementContext,
  code: IssueCode,
  message: string,
  path?: (string | number)[],
): never {
  ctx.addIssue({ code: 'custom', message, params: { code }, ...(path ? { path } : {}) });
  return z.NEVER;
}

type Normalized<T> = { ok: true; value: T } | { ok: false; code: IssueCode; message: string };
type Normalizer<T extends string> = (trimmed: string, label: string) => Normalized<T>;

const typeError = (label: string, expected: string) => ({
  error: () => messages.invalidType(label, expected),
});

function requiredString<T extends string>(label: string, kind: FieldKind, normalize: Normalizer<T>) {
  const schema = z
    .string(typeError(label, kind === 'string' ? 'text' : 'a date written as text'))
    .optional()
    .transform((value, ctx): T => {
      const trimmed = value?.trim() ?? '';
      if (trimmed === '') return addFieldIssue(ctx, 'required', messages.required(label));
      const result = normalize(trimmed, label);
      return result.ok ? result.value : addFieldIssue(ctx, result.code, result.message);
    });
  return withMeta(schema, { kind, label });
}

/** Whitespace-only counts as absent: it parses to undefined. */
function optionalString<T extends string>(label: string, kind: FieldKind, normalize: Normalizer<T>) {
  const schema = z
    .string(typeError(label, kind === 'string' ? 'text' : 'a date written as text'))
    .transform((value, ctx): T | undefined => {
      const trimmed = value.trim();
      if (trimmed === '') return undefined;
      const result = normalize(trimmed, label);
      return result.ok ? result.value : addFieldIssue(ctx, result.code, result.message);
    })
    .optional();
  return withMeta(schema, { kind, label });
}

const asIs: Normalizer<string> = (trimmed) => ({ ok: true, value: trimmed });

/** A reference code: its normalized form, or the issue naming the field. */
const asCode =
  (
    normalize: (input: string) => string | undefined,
    code: IssueCode,
    message: (label: string) => string,
  ): Normalizer<string> =>
  (trimmed, label) => {
    const value = normalize(trimmed);
    return value ? { ok: true, value } : { ok: false, code, message: message(label) };
  };

const asCountry = asCode(normalizeCountryCode, 'unknownCountry', messages.unknownCountry);
const asLanguage = asCode(normalizeLanguageCode, 'unknownLanguage', messages.unknownLanguage);

// RFC 5322 dot-atom local part and a DNS host name, with the internationalized forms (RFC 6531/IDNA) that
// clients of the maisons use ('müller@bücher.de', '用户@例子.广告'): zod's ASCII-only pattern refused them,
// while Booster's own (FluentValidation) check accepts them. Lengths are SMTP's (RFC 5321).
const ATEXT = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?';
const TOP_LEVEL = '(?:[\\p{L}\\p{M}]{2,63}|xn--[a-z0-9-]{1,59})';
const EMAIL = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+${TOP_LEVEL}$`, 'iu');

function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  return value.length <= 254 && at <= 64 && EMAIL.test(value);
}

/** Keeps the local part as typed (it may be case-sensitive) and lowercases the domain. */
const asEmail: Normalizer<string> = (trimmed, label) => {
  if (!isEmailAddress(trimmed))
    return { ok: false, code: 'invalidEmail', message: messages.invalidEmail(label) };
  const at = trimmed.lastIndexOf('@');
  return { ok: true, value: `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}` };
};

const asCalendarDate: Normalizer<string> = (trimmed, label) => {
  if (!isCalendarDate(trimmed))
    return { ok: false, code: 'invalidDate', message: messages.invalidDate(label) };
  return trimmed === DATE_TIME_MIN_DATE
    ? { ok: false, code: 'invalidDate', message: messages.noDateValue(label) }
    : { ok: true, value: trimmed };
};

const asInstant: Normalizer<string> = (trimmed, label) => {
  const iso = normalizeInstant(trimmed);
  if (!iso) return { ok: false, code: 'invalidDate', message: messages.invalidInstant(label) };
  return iso === DATE_TIME_MIN_INSTANT
    ? { ok: false, code: 'invalidDate', message: messages.noDateValue(label) }
    : { ok: true, value: iso };
};

export const clientTypes = ['PRIVATE', 'COMPANY'] as const;
export type ClientType = (typeof clientTypes)[number];

const asClientType: Normalizer<ClientType> = (trimmed, label) => {
  const upper = trimmed.toUpperCase();
  return upper === 'PRIVATE' || upper === 'COMPANY'
    ? { ok: true, value: upper }
    : { ok: false, code: 'invalidValue', message: messages.clientType(label) };
};

// '<sales organisation>:<point of sale>', e.g. ES100:102048. The organisation is an SAP code (uppercased);
// the point of sale is kept as typed.
const POS_CODE = /^([A-Za-z0-9]{2,10}):([A-Za-z0-9]{1,20})$/;
const asPosCode: Normalizer<string> = (trimmed, label) => {
  const match = POS_CODE.exec(trimmed);
  return match
    ? { ok: true, value: `${(match[1] ?? '').toUpperCase()}:${match[2] ?? ''}` }
    : { ok: false, code: 'invalidFormat', message: messages.posCode(label) };
};

const BRAND = /^[A-Za-z]{2,5}$/;
const asBrand: Normalizer<string> = (trimmed, label) =>
  BRAND.test(trimmed)
    ? { ok: true, value: trimmed.toUpperCase() }
    : { ok: false, code: 'invalidFormat', message: messages.brand(label) };

/** The contract's rules for codes a catalogue file may add, so that every value a picker offers is accepted. */
export const isPosCode = (code: string): boolean => POS_CODE.test(code.trim());
export const isBrandCode = (code: string): boolean => BRAND.test(code.trim());

export const requiredText = (label: string) => requiredString(label, 'string', asIs);
export const optionalText = (label: string) => optionalString(label, 'string', asIs);
export const requiredCountry = (label: string) => requiredString(label, 'string', asCountry);
export const optionalLanguage = (label: string) => optionalString(label, 'string', asLanguage);
export const requiredEmail = (label: string) => requiredString(label, 'string', asEmail);
export const optionalEmail = (label: string) => optionalString(label, 'string', asEmail);
export const requiredDate = (label: string) => requiredString(label, 'date', asCalendarDate);
export const optionalDate = (label: string) => optionalString(label, 'date', asCalendarDate);
export const optionalInstant = (label: string) => optionalString(label, 'instant', asInstant);
export const requiredClientType = (label: string) => requiredString(label, 'string', asClientType);
export const requiredPosCode = (label: string) => requiredString(label, 'string', asPosCode);
export const requiredBrand = (label: string) => requiredString(label, 'string', asBrand);

const booleanType = (label: string) => z.boolean(typeError(label, 'true or false'));

/** A contact flag: absent means false, and it is always sent. */
export const flag = (label: string) =>
  withMeta(booleanType(label).default(false), { kind: 'boolean', label, alwaysSent: true });

/** An optional consent: sent only when the person answered. */
export const optionalFlag = (label: string) =>
  withMeta(booleanType(label).optional(), { kind: 'boolean', label });

/** A yes/no the person must answer. */
export const requiredFlag = (label: string) =>
  withMeta(
    booleanType(label)
      .optional()
      .transform((value, ctx): boolean =>
        value === undefined ? addFieldIssue(ctx, 'required', messages.required(label)) : value,
      ),
    { kind: 'boolean', label },
  );

/** A box that must be ticked for the record to exist at all. */
export const acceptedFlag = (label: string, message: string) =>
  withMeta(
    booleanType(label)
      .optional()
      .transform((value, ctx): true =>
        value === true
          ? true
          : addFieldIssue(ctx, value === undefined ? 'required' : 'mustBeAccepted', message),
      ),
    { kind: 'boolean', label },
  );

/** An optional list of items; `item` is the plain object schema (for field names and wire conversion). */
export const list = <Item extends z.ZodType>(label: string, itemSchema: Item, item: z.ZodObject) =>
  withMeta(z.array(itemSchema, typeError(label, 'a list')).optional(), { kind: 'list', label, item });

export const objectOf = (label: string) => ({ error: () => messages.invalidType(label, 'an object') });
