// The one place that turns errors into what a person reads, in the UI language.
import type { IpcError } from '../../../shared/ipc';
import type { FieldIssue } from './db';
import { fieldKeyOf, itemNumberOf } from './fieldIds';
import { describeCountryRuleIssue } from './consentRules';

export type Translate = (
  id: string,
  options?: { values?: Record<string, string | number | boolean> },
) => string;

function translated(
  t: Translate,
  key: string,
  values?: Record<string, string | number | boolean>,
): string | undefined {
  const text = t(key, values ? { values } : undefined);
  // svelte-i18n answers the key itself when no locale (not even English) has it.
  return text === key ? undefined : text;
}

/** An IpcError from main: our translation of its code when we have one, else main's own sentence. */
export function describeIpcError(error: IpcError, t: Translate): string {
  return translated(t, `ipcError.${error.code}`, { message: error.message }) ?? error.message;
}

/** Codes whose sentence names a specific field rather than using the generic pattern. */
const fieldSpecific: Record<string, Partial<Record<string, string>>> = {
  posCode: { invalidFormat: 'errors.posCode' },
  brand: { invalidFormat: 'errors.brand' },
  privacyPolicyAcceptanceStorage: {
    required: 'errors.privacyPolicy',
    mustBeAccepted: 'errors.privacyPolicy',
  },
};

/** A schema issue in the UI language, with the field's label as the form shows it. */
export function describeIssue(
  issue: FieldIssue,
  t: Translate,
  source: 'schema' | 'booster' = 'schema',
): string {
  if (source === 'booster')
    return translated(t, 'errors.fromBooster', { message: issue.message }) ?? issue.message;
  // A country rule names the country and the consent (shared/consent/countryRules.ts).
  const countryRule = describeCountryRuleIssue(issue, t);
  if (countryRule !== undefined) return countryRule;
  const field = fieldKeyOf(issue.path);
  const label = translated(t, `field.${field}`) ?? field;
  const key = fieldSpecific[field]?.[issue.code] ?? `errors.${issue.code}`;
  return translated(t, key, { label }) ?? issue.message;
}

/** 'emails.0.email' -> "Email 1 · Email"; 'lastName' -> "Last name": where a problem is, as the form labels it. */
export function describePath(path: string, t: Translate): string {
  const field = translated(t, `field.${fieldKeyOf(path)}`) ?? path;
  const n = itemNumberOf(path);
  const list = path.split('.')[0] ?? '';
  if (n === undefined) return field;
  const item = translated(t, `list.${list}.item`, { n });
  return item ? `${item} · ${field}` : field;
}
