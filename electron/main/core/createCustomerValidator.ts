// The outbox checks every record against the CreateCustomer contract and the country rules (the renderer is
// not trusted). Every way a client is queued goes through the outbox's validator: the app and web host
// (outbox:enqueue), the CLI's enqueue and the rescue import alike, so none can queue a client of China
// without the cross-border consent.
import { createCustomerSchema, issuesFromZodError } from '../../../shared/booster';
import { defaultConsentCatalogue, type CountryRule } from '../../../shared/consent/catalogue';
import { countryRuleIssues } from '../../../shared/consent/countryRules';
import type { RecordValidator } from './outbox/outbox';

/** The validator of a data folder: the contract, then the folder's country rules (consent-reference.json over
 *  the shipped ones, consent/consentReference.ts). */
export function createCustomerValidator(countryRules: readonly CountryRule[]): RecordValidator {
  return (raw) => {
    const parsed = createCustomerSchema.safeParse(raw);
    const checked = parsed.success ? parsed.data : raw;
    // Told along with the contract's problems, so a person fixes the record in one go.
    const countryIssues =
      checked !== null && typeof checked === 'object' && !Array.isArray(checked)
        ? countryRuleIssues(checked as Record<string, unknown>, countryRules).map(
            ({ path, code, message }) => ({ path, code, message }),
          )
        : [];
    if (parsed.success && countryIssues.length === 0)
      return { ok: true, record: parsed.data as Record<string, unknown> };
    return {
      ok: false,
      issues: [...(parsed.success ? [] : issuesFromZodError(parsed.error)), ...countryIssues],
    };
  };
}

/** With the shipped country rules. */
export const validateCreateCustomer: RecordValidator = createCustomerValidator(
  defaultConsentCatalogue.countryRules,
);
