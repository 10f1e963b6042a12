// Validation is the contract's own schema: the form shows exactly what main and Booster would refuse.
import { createCustomerSchema, issuesFromZodError } from '../../../shared/booster';
import { itemFieldsOf, listKeys } from '../../../shared/booster/form-model';
import type { BuiltRecord } from './draftData';
import type { FieldIssue } from './db';
import { fieldKeyOf } from './fieldIds';
import { presentationOf } from './formLayout';
import { openChoiceLists } from './pickerOptions';

/** The first problem of each field, keyed by the form's path ('emails.0.email'). */
export function validateBuilt(built: BuiltRecord): Map<string, FieldIssue> {
  const result = createCustomerSchema.safeParse(built.record);
  const byPath = new Map<string, FieldIssue>();
  if (result.success) return byPath;
  for (const schemaIssue of issuesFromZodError(result.error)) {
    const issue = pickerIssue(schemaIssue, built.record) ?? schemaIssue;
    const path = built.toFormPath(issue.path);
    if (!byPath.has(path)) byPath.set(path, { ...issue, path });
  }
  return byPath;
}

/** A picker whose box holds text: whatever the schema says, the person has to choose from the list. */
export const pickFromList = 'pickFromList';

const unknownCodes: ReadonlySet<string> = new Set(['unknownCountry', 'unknownLanguage']);

/** 'interests.interest' -> 'sapInterestId': a field a catalogue pick fills, and the picker that fills it. */
const filledBy: ReadonlyMap<string, string> = new Map(
  listKeys.flatMap((list) =>
    itemFieldsOf(list).flatMap(({ key }) => {
      const fills = presentationOf(key).fills;
      return fills ? [fills, 'translation'].map((filled) => [`${list}.${filled}`, key] as const) : [];
    }),
  ),
);

function isClosedPicker(path: string): boolean {
  const look = presentationOf(path);
  return look.control === 'picker' && look.choices !== undefined && !openChoiceLists.has(look.choices);
}

function textAt(record: Record<string, unknown>, path: string): string {
  const value = path
    .split('.')
    .reduce<unknown>(
      (holder, segment) =>
        holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[segment] : undefined,
      record,
    );
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Text typed in a closed picker that names none of its options reads "Choose a … from the list", never "is
 * required" or a code format, and sits on the picker: a country or language the schema does not know, or a
 * catalogue entry whose description stayed empty because nothing was picked ("Watches" typed, no CA-2 found).
 */
function pickerIssue(issue: FieldIssue, record: Record<string, unknown>): FieldIssue | undefined {
  const segments = issue.path.split('.');
  const key = fieldKeyOf(issue.path);
  let pickerPath: string | undefined;
  if (unknownCodes.has(issue.code) && isClosedPicker(issue.path)) pickerPath = issue.path;
  else if (issue.code === 'required' && segments.length === 3) {
    const picker = filledBy.get(`${segments[0]}.${key}`);
    if (picker) pickerPath = `${segments[0]}.${segments[1]}.${picker}`;
  }
  if (!pickerPath || textAt(record, pickerPath) === '') return undefined;
  return {
    path: pickerPath,
    code: pickFromList,
    message: `Choose a ${fieldKeyOf(pickerPath)} from the list.`,
  };
}
