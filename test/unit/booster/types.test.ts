// The inferred types others code against. Checked by `tsc` (expectTypeOf is type-level); the runtime
// assertions only keep vitest honest.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createCustomerSchema,
  decodeCreateCustomerResponse,
  type BoosterOutcome,
  type CreateCustomerInput,
  type CreateCustomerRecord,
  type Email,
  type Phone,
  type WireCreateCustomer,
} from '../../../shared/booster';

describe('inferred types', () => {
  it('the record has exact output types', () => {
    expectTypeOf<CreateCustomerRecord['clientType']>().toEqualTypeOf<'PRIVATE' | 'COMPANY'>();
    expectTypeOf<CreateCustomerRecord['privacyPolicyAcceptanceStorage']>().toEqualTypeOf<true>();
    expectTypeOf<CreateCustomerRecord['canBeContactedByMaison']>().toEqualTypeOf<boolean>();
    expectTypeOf<CreateCustomerRecord['contactBySMSFlag']>().toEqualTypeOf<boolean>();
    expectTypeOf<CreateCustomerRecord['countryId']>().toEqualTypeOf<string>();
    expectTypeOf<CreateCustomerRecord['lastName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CreateCustomerRecord['allowStoreDataAbroad']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<CreateCustomerRecord['emails']>().toEqualTypeOf<Email[] | undefined>();
    expectTypeOf<Email>().toEqualTypeOf<{ email: string; isMainEmail: boolean }>();
    expectTypeOf<Phone['phone']>().toEqualTypeOf<string>();
    expectTypeOf<Phone['phoneType']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WireCreateCustomer>().toEqualTypeOf<CreateCustomerRecord>();
    const record = createCustomerSchema.parse({
      privacyPolicyAcceptanceStorage: true,
      canBeContactedByMaison: true,
      clientType: 'company',
      companyName: 'Acme',
      countryId: 'IT',
      posCode: 'ES100:102048',
      brand: 'car',
    });
    expect([record.clientType, record.privacyPolicyAcceptanceStorage, record.contactBySMSFlag]).toEqual([
      'COMPANY',
      true,
      false,
    ]);
  });

  it('the input lets a form leave fields out; parsing says which are missing', () => {
    expectTypeOf<{ clientType: 'private' }>().toExtend<CreateCustomerInput>();
    expectTypeOf<CreateCustomerInput['contactBySMSFlag']>().toEqualTypeOf<boolean | undefined>();
    const draft: CreateCustomerInput = { clientType: 'private' };
    expect(createCustomerSchema.safeParse(draft).success).toBe(false);
  });

  it('outcomes are a closed union on kind', () => {
    expectTypeOf<BoosterOutcome['kind']>().toEqualTypeOf<
      'created' | 'rejected' | 'unauthorized' | 'forbidden' | 'retryable' | 'failed'
    >();
    const outcome = decodeCreateCustomerResponse(
      { status: 200, headers: new Headers(), bodyText: '{"boosterCustomerId":1}' },
      0,
    );
    expect(outcome.kind === 'created' && outcome.boosterCustomerId).toBe(1);
  });
});
