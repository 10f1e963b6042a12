// The country rules live in the outbox's own validator, so every way a client is queued meets them: the page
// and web host (outbox:enqueue), the CLI's enqueue and the rescue import (their own tests run those paths).
import { describe, expect, it } from 'vitest';
import {
  createCustomerValidator,
  validateCreateCustomer,
} from '../../../electron/main/core/createCustomerValidator';
import { sampleRecord } from '../../support/core/records';

describe('createCustomerValidator', () => {
  it('refuses a client of China without the cross-border consent, naming China, the consent and the field', () => {
    const result = validateCreateCustomer(sampleRecord(1, { countryId: 'CN' }));
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'allowStoreDataAbroad',
          code: 'consentRequiredForCountry',
          message: expect.stringMatching(
            /^Clients from China must give the consent ".+" \(allowStoreDataAbroad\)/,
          ),
        },
      ],
    });
    expect(validateCreateCustomer(sampleRecord(1, { countryId: 'cn', allowStoreDataAbroad: true })).ok).toBe(
      true,
    );
    expect(validateCreateCustomer(sampleRecord(1)).ok).toBe(true);
  });

  it('tells the country rule along with the contract problems, so one pass fixes the record', () => {
    const result = validateCreateCustomer(sampleRecord(2, { countryId: 'cn', lastName: '' }));
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toContain('lastName');
    expect(paths).toContain('allowStoreDataAbroad');
  });

  it("applies the folder's rules as given: they replace the shipped ones", () => {
    const validate = createCustomerValidator([
      { id: 'kr', countries: ['kr'], requiredConsents: ['allowStoreDataAbroad', 'dataSharingConsent'] },
    ]);
    expect(validate(sampleRecord(3, { countryId: 'cn' })).ok).toBe(true);
    const korean = validate(sampleRecord(3, { countryId: 'kr', allowStoreDataAbroad: true }));
    expect(korean.ok ? [] : korean.issues.map((issue) => issue.path)).toEqual(['dataSharingConsent']);
    expect(createCustomerValidator([])(sampleRecord(3, { countryId: 'cn' })).ok).toBe(true);
  });
});
