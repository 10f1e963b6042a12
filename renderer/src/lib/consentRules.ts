// The country rules in the form: their problems beside the schema's, and their message in the UI language
// naming the country and the consent. Pure, apart from reading the UI language.
import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';
import type { CountryRule } from '../../../shared/consent/catalogue';
import {
  CONSENT_REQUIRED_FOR_COUNTRY,
  countryNameOf,
  countryRuleIssues,
  type CountryRuleIssue,
} from '../../../shared/consent/countryRules';
import type { FieldIssue } from './db';
import type { Translate } from './messages';

/** The UI language now: the language staff ticks are recorded as shown in. */
export function currentUiLanguage(): string {
  return get(locale)?.slice(0, 2) ?? 'en';
}

/** The schema's issues plus the country rules', the schema's first where both name a field. */
export function withCountryRules(
  issues: Map<string, FieldIssue>,
  record: Readonly<Record<string, unknown>>,
  rules: readonly CountryRule[],
): Map<string, FieldIssue> {
  const extra = countryRuleIssues(record, rules);
  if (extra.length === 0) return issues;
  const merged = new Map(issues);
  for (const issue of extra) if (!merged.has(issue.path)) merged.set(issue.path, issue);
  return merged;
}

/** A country rule's problem in the UI language, naming the country and the consent; undefined for others. */
export function describeCountryRuleIssue(issue: FieldIssue, t: Translate): string | undefined {
  if (issue.code !== CONSENT_REQUIRED_FOR_COUNTRY) return undefined;
  const { country, purpose } = issue as Partial<CountryRuleIssue>;
  // From main (the fields of an IPC error carry no country): main's own sentence, which names both.
  if (!country || !purpose) return issue.message;
  const consent = t(`field.${purpose}`);
  return t('errors.consentRequiredForCountry', {
    values: { country: countryNameOf(country, currentUiLanguage()), consent },
  });
}
