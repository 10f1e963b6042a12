// The server's view of a CreateCustomer body, for the Booster simulator. Unlike ServiceStack (which silently
// turns a wrong-typed value into its default), it refuses wrong JSON types so that our tests catch them.
// Unknown properties are ignored, null is absent, every date form ServiceStack reads is converted to ours,
// then the same createCustomerSchema rules apply.
import type { z } from 'zod';
import { DATE_TIME_MIN_DATE, DATE_TIME_MIN_INSTANT, parseServiceStackDate } from './dates';
import { fieldMeta, type FieldKind } from './fields';
import { fieldMetaAt, pathToBoosterFieldName } from './field-names';
import { issuesFromZodError } from './issues';
import { isObject } from './items';
import type { FieldIssue, IssueCode } from './messages';
import {
  createCustomerSchema,
  createCustomerSchemaAt,
  customerObject,
  type CreateCustomerRecord,
} from './schema';

export type WireFieldError = { errorCode: string; fieldName: string; message: string };
export type WireValidation =
  { ok: true; record: CreateCustomerRecord } | { ok: false; errors: WireFieldError[] };

// DateTime.MinValue, the default ServiceStack writes for an unset date, is read as absent.
function convertDate(value: unknown, kind: FieldKind): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseServiceStackDate(value);
  if (!parsed) return value; // left as is: the schema explains what is wrong with it
  if (kind === 'date') {
    const date = parsed.kind === 'date' ? parsed.date : parsed.localDate;
    return date === DATE_TIME_MIN_DATE ? undefined : date;
  }
  const iso = parsed.kind === 'instant' ? parsed.iso : `${parsed.date}T00:00:00.000Z`;
  return iso === DATE_TIME_MIN_INSTANT ? undefined : iso;
}

function convertObject(shape: z.ZodObject['shape'], body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    const meta = fieldMeta.get(schema);
    if (meta?.kind === 'date' || meta?.kind === 'instant') {
      input[key] = convertDate(value, meta.kind);
    } else if (meta?.kind === 'list' && Array.isArray(value) && meta.item) {
      const itemShape = meta.item.shape;
      input[key] = value.map((item: unknown) => (isObject(item) ? convertObject(itemShape, item) : item));
    } else {
      input[key] = value;
    }
  }
  return input;
}

const serviceStackCodes: Record<IssueCode, string> = {
  required: 'NotEmpty',
  invalidType: 'InvalidType',
  invalidEmail: 'Email',
  invalidFormat: 'RegularExpression',
  invalidValue: 'Predicate',
  unknownCountry: 'Predicate',
  unknownLanguage: 'Predicate',
  invalidPhone: 'Predicate',
  phoneOtherCountry: 'Predicate',
  phoneCountryUnsupported: 'Predicate',
  invalidDate: 'Predicate',
  dateInFuture: 'LessThanOrEqual',
  mustBeAccepted: 'Equal',
  multipleMain: 'Predicate',
  tooLong: 'Length',
  invalidCharacters: 'RegularExpression',
  tooManyItems: 'Predicate',
};

function toWireError(issue: FieldIssue): WireFieldError {
  const known = serviceStackCodes[issue.code as IssueCode] as string | undefined;
  // A missing yes/no is NotNull in FluentValidation terms; a missing text, date or list is NotEmpty.
  const errorCode =
    issue.code === 'required' && fieldMetaAt(issue.path)?.kind === 'boolean'
      ? 'NotNull'
      : (known ?? 'Predicate');
  return { errorCode, fieldName: pathToBoosterFieldName(issue.path), message: issue.message };
}

export function validateWireCreateCustomer(body: unknown, options: { today?: string } = {}): WireValidation {
  if (!isObject(body)) {
    return {
      ok: false,
      errors: [
        { errorCode: 'InvalidType', fieldName: '', message: 'The request body must be a JSON object.' },
      ],
    };
  }
  const schema = options.today ? createCustomerSchemaAt(options.today) : createCustomerSchema;
  const result = schema.safeParse(convertObject(customerObject.shape, body));
  if (result.success) return { ok: true, record: result.data };
  return { ok: false, errors: issuesFromZodError(result.error).map(toWireError) };
}
