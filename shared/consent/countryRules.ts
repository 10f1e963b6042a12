// Country rules: a client of a listed country must give these consents before finalize (e.g. China's PIPL: a
// separate consent to cross-border transfer). One pure check used by the renderer's finalize validation and
// by main's re-check at enqueue, so both refuse the same record with the same words.
import type { FieldIssue } from '../booster/field-issue';
import { consentTextFor, defaultConsentCatalogue, type ConsentPurpose, type CountryRule } from './catalogue';

export const CONSENT_REQUIRED_FOR_COUNTRY = 'consentRequiredForCountry';

/** A field issue that also says which country and consent, so each UI language can name them. */
export interface CountryRuleIssue extends FieldIssue {
  code: typeof CONSENT_REQUIRED_FOR_COUNTRY;
  country: string;
  purpose: ConsentPurpose;
  rule: string;
}

/** The country's English name ('cn' -> 'China'), or its code in capitals when the runtime cannot name it. */
export function countryNameOf(code: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

/** Every consent a rule requires for this record's country and the record does not give (true). */
export function countryRuleIssues(
  record: Readonly<Record<string, unknown>>,
  rules: readonly CountryRule[],
): CountryRuleIssue[] {
  const raw = record['countryId'];
  const country = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (country === '') return [];
  const issues: CountryRuleIssue[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.countries.some((code) => code.toLowerCase() === country)) continue;
    for (const purpose of rule.requiredConsents) {
      // Two rule sets asking the same consent: one problem, named by the first rule.
      if (record[purpose] === true || seen.has(purpose)) continue;
      seen.add(purpose);
      const consent = consentTextFor(defaultConsentCatalogue, purpose, 'en')?.title ?? purpose;
      issues.push({
        path: purpose,
        code: CONSENT_REQUIRED_FOR_COUNTRY,
        message: `Clients from ${countryNameOf(country)} must give the consent "${consent}" (${purpose}) before they can be finalized.`,
        country,
        purpose,
        rule: rule.id,
      });
    }
  }
  return issues;
}
