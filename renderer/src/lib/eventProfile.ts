// The event profile checked with the capture form's own rules: a value every new client would inherit is
// refused here, in Settings, rather than failing every client at finalize. Pure, so each rule is tested directly.
import type { FieldIssue } from './db';
import { buildRecord, emptyDraft, emptyEventProfile, type EventProfile } from './draftData';
import { validateBuilt } from './validation';

/** The profile's fields, in the order Settings shows them (each is also the form's path of that field). */
export const eventProfileFields = [
  'posCode',
  'brand',
  'saleRepresentativeEmail',
  'countryId',
  'languageId',
] as const satisfies readonly (keyof EventProfile)[];

/** A profile whose every field is read by `valueOf`. */
export function eventProfileFrom(valueOf: (key: keyof EventProfile) => string): EventProfile {
  return {
    posCode: valueOf('posCode'),
    brand: valueOf('brand'),
    saleRepresentativeEmail: valueOf('saleRepresentativeEmail'),
    countryId: valueOf('countryId'),
    languageId: valueOf('languageId'),
  };
}

/**
 * What the form would say of each filled-in profile field on a new client, in screen order. An empty field is
 * fine: it is then asked for each client. Other fields of that client (its name, …) are not the profile's.
 */
export function eventProfileIssues(profile: EventProfile): FieldIssue[] {
  const issues = validateBuilt(buildRecord(emptyDraft(profile)));
  return eventProfileFields.flatMap((key) => {
    const issue = profile[key].trim() === '' ? undefined : issues.get(key);
    return issue ? [issue] : [];
  });
}

/** The profile as saved: each value trimmed. */
export function trimmedEventProfile(profile: EventProfile): EventProfile {
  return eventProfileFrom((key) => profile[key].trim());
}

/** What new clients may inherit from a stored profile: its valid values only (a wrong one is left empty). */
export function inheritableEventProfile(profile: EventProfile, issues: readonly FieldIssue[]): EventProfile {
  const wrong = new Set(issues.map((issue) => issue.path));
  return eventProfileFrom((key) => (wrong.has(key) ? emptyEventProfile[key] : profile[key]));
}

/** A stored row read back: an object whose profile fields are strings (missing ones empty), else undefined. */
export function readStoredEventProfile(value: unknown): EventProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Record<string, unknown>;
  if (eventProfileFields.some((key) => key in row && typeof row[key] !== 'string')) return undefined;
  return eventProfileFrom((key) => {
    const text = row[key];
    return typeof text === 'string' ? text : '';
  });
}
