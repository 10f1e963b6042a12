// Valid CreateCustomer records for tests.
import { randomUUID } from 'node:crypto';

export function sampleRecord(index = 0, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    privacyPolicyAcceptanceStorage: true,
    canBeContactedByMaison: true,
    clientType: 'PRIVATE',
    title: 'Mrs.',
    firstName: 'Giulia',
    lastName: `Bianchi${index}`,
    languageId: 'ita',
    gender: 'F',
    countryId: 'it',
    posCode: 'ES100:102048',
    brand: 'CAR',
    birthDate: '1985-03-14',
    emails: [{ email: `giulia.bianchi${index}@example.com`, isMainEmail: true }],
    phones: [{ phone: '347 123 4567', countryPrefix: 'it', isMainPhone: true }],
    ...overrides,
  };
}

export function newCaptureId(): string {
  return randomUUID();
}
