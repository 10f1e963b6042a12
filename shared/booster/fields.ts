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
  /** For text: the longest value accepted, in UTF-16 code units (see textLimits). */
  maxLength?: number;
  /** For text: free text that may hold line breaks and tabs (notes); every other text is a single line. */
  multiLine?: boolean;
  /** For text: kept as typed (a name, a note), not a code or a date with a format of its own. */
  asTyped?: boolean;
  /** For lists: the most items accepted. */
  maxItems?: number;
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

// ---------- limits ----------
// Booster's column sizes are not published. These limits fit what a .NET service on SQL Server usually has
// (nvarchar(255) for names, 4,000 the largest non-MAX nvarchar), are far above what a person types, and keep
// the largest possible record (every text at its limit, every list full) under the web host's 256 KiB request
// cap and far under the outbox journal's read chunk. Lengths count what .NET's string.Length counts: UTF-16
// code units (JavaScript's `length`; an emoji counts 2). The length is checked first, on the value as given,
// so that a pasted 2-million-character value costs one comparison, not a trim or a regular expression.
// shared/booster/README.md has the table.
export const textLimits = {
  /** Codes, identifiers, dates and short values: title, gender, postal code, SAP ids, a phone as typed. */
  code: 50,
  /** Catalogue labels: interest, hobby, product collection and their translations. */
  label: 100,
  /** Names, street lines, city, region. */
  name: 255,
  /** SMTP's limit for an address (RFC 5321). */
  email: 254,
  /** Notes attached to one list item: event notes, an address's additional information. */
  itemNotes: 1000,
  /** The client's notes. */
  notes: 4000,
} as const;
export type TextSize = Exclude<keyof typeof textLimits, 'email'>;

/** Free text, which may hold line breaks and tabs; every other text is a single line. */
const multiLineSizes: ReadonlySet<TextSize> = new Set(['itemNotes', 'notes']);

/** The most items of each list: more than any client has, small enough for the size budget above. */
export const listLimits = {
  emails: 10,
  phones: 10,
  addresses: 10,
  events: 10,
  interests: 20,
  hobbies: 20,
  productCollections: 20,
} as const;

type TextRule = { maxLength: number; multiLine: boolean };
const codeRule: TextRule = { maxLength: textLimits.code, multiLine: false };

// A control character (NUL, ESC, a form feed…) is never meant, and a line break or a tab in a name breaks
// exports, letters and searches. Free text may hold line breaks (LF or CRLF) and tabs. A lone UTF-16
// surrogate (half of an emoji, from a broken paste or a crafted request) is not text at all; with the `u`
// flag the class below matches only surrogates that are not part of a pair.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** The first character a text may not hold, with its 1-based position (UTF-16 code units), if any. */
export function findForbiddenCharacter(
  text: string,
  multiLine: boolean,
): { character: string; position: number; kind: 'control' | 'loneSurrogate' } | undefined {
  const control = (multiLine ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).exec(text);
  const surrogate = LONE_SURROGATE.exec(text);
  const first =
    control && (!surrogate || control.index < surrogate.index)
      ? { match: control, kind: 'control' as const }
      : surrogate
        ? { match: surrogate, kind: 'loneSurrogate' as const }
        : undefined;
  if (!first) return undefined;
  return { character: first.match[0].charAt(0), position: first.match.index + 1, kind: first.kind };
}

/** Checked first, on the value as given: a length is one comparison, whatever the value holds. */
function tooLongMessage(value: string, rule: TextRule, label: string): string | undefined {
  return value.length > rule.maxLength ? messages.tooLong(label, rule.maxLength, value.length) : undefined;
}

/** The characters of the trimmed value (a tab or a line break around a name is only padding). */
function invalidCharactersMessage(value: string, trimmed: string, rule: TextRule, label: string) {
  const forbidden = findForbiddenCharacter(trimmed, rule.multiLine);
  if (!forbidden) return undefined;
  const leading = value.length - value.trimStart().length;
  return forbidden.kind === 'loneSurrogate'
    ? messages.brokenCharacter(label, forbidden.position + leading)
    : messages.invalidCharacters(label, forbidden.character, forbidden.position + leading);
}

const typeError = (label: string, expected: string) => ({
  error: () => messages.invalidType(label, expected),
});

const asIs: Normalizer<string> = (trimmed) => ({ ok: true, value: trimmed });

function textMeta<T extends string>(
  kind: FieldKind,
  label: string,
  rule: TextRule,
  normalize: Normalizer<T>,
): FieldMeta {
  return {
    kind,
    label,
    maxLength: rule.maxLength,
    ...(rule.multiLine ? { multiLine: true } : {}),
    ...(normalize === asIs ? { asTyped: true } : {}),
  };
}

/** The checks every text goes through, in order: length, blank, characters, then the field's own format. */
function parseText<T extends string, Blank>(
  value: string,
  ctx: RefinementContext,
  label: string,
  normalize: Normalizer<T>,
  rule: TextRule,
  whenBlank: () => Blank,
): T | Blank {
  const tooLong = tooLongMessage(value, rule, label);
  if (tooLong) return addFieldIssue(ctx, 'tooLong', tooLong);
  const trimmed = value.trim();
  if (trimmed === '') return whenBlank();
  const invalidCharacters = invalidCharactersMessage(value, trimmed, rule, label);
  if (invalidCharacters) return addFieldIssue(ctx, 'invalidCharacters', invalidCharacters);
  const result = normalize(trimmed, label);
  return result.ok ? result.value : addFieldIssue(ctx, result.code, result.message);
}

function requiredString<T extends string>(
  label: string,
  kind: FieldKind,
  normalize: Normalizer<T>,
  rule: TextRule = codeRule,
) {
  const schema = z
    .string(typeError(label, kind === 'string' ? 'text' : 'a date written as text'))
    .optional()
    .transform((value, ctx): T =>
      parseText(value ?? '', ctx, label, normalize, rule, () =>
        addFieldIssue(ctx, 'required', messages.required(label)),
      ),
    );
  return withMeta(schema, textMeta(kind, label, rule, normalize));
}

/** Whitespace-only counts as absent: it parses to undefined. */
function optionalString<T extends string>(
  label: string,
  kind: FieldKind,
  normalize: Normalizer<T>,
  rule: TextRule = codeRule,
) {
  const schema = z
    .string(typeError(label, kind === 'string' ? 'text' : 'a date written as text'))
    .transform((value, ctx): T | undefined => parseText(value, ctx, label, normalize, rule, () => undefined))
    .optional();
  return withMeta(schema, textMeta(kind, label, rule, normalize));
}

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

const textRule = (size: TextSize): TextRule => ({
  maxLength: textLimits[size],
  multiLine: multiLineSizes.has(size),
});
const emailRule: TextRule = { maxLength: textLimits.email, multiLine: false };

/** Text kept as typed; `size` sets its length limit and whether it may hold line breaks. */
export const requiredText = (label: string, size: TextSize) =>
  requiredString(label, 'string', asIs, textRule(size));
export const optionalText = (label: string, size: TextSize) =>
  optionalString(label, 'string', asIs, textRule(size));
export const requiredCountry = (label: string) => requiredString(label, 'string', asCountry);
export const optionalLanguage = (label: string) => optionalString(label, 'string', asLanguage);
export const requiredEmail = (label: string) => requiredString(label, 'string', asEmail, emailRule);
export const optionalEmail = (label: string) => optionalString(label, 'string', asEmail, emailRule);
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

/** An optional list of at most `maxItems` items; `item` is the plain object schema (for field names and wire
 *  conversion). zod checks the count before it parses any item, so a million-item list costs nothing. */
export const list = <Item extends z.ZodType>(
  label: string,
  itemSchema: Item,
  item: z.ZodObject,
  maxItems: number,
) =>
  withMeta(
    z
      .array(itemSchema, typeError(label, 'a list'))
      .max(maxItems, {
        error: (issue) =>
          messages.tooManyItems(
            label,
            maxItems,
            Array.isArray(issue.input) ? issue.input.length : maxItems + 1,
          ),
      })
      .optional(),
    { kind: 'list', label, item, maxItems },
  );

export const objectOf = (label: string) => ({ error: () => messages.invalidType(label, 'an object') });
