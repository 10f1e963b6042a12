// Wire bodies for the simulator's tests: what our encoder sends for a private client.
export function validWireCustomer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    privacyPolicyAcceptanceStorage: true,
    title: 'Mrs.',
    firstName: 'Claire',
    lastName: 'Dubois',
    canBeContactedByMaison: true,
    clientType: 'PRIVATE',
    languageId: 'fre',
    gender: 'F',
    countryId: 'fr',
    birthDate: '1985-04-12',
    posCode: 'ES100:102048',
    brand: 'CAR',
    contactByEmailFlag: true,
    contactByMailFlag: false,
    contactByPhoneFlag: false,
    contactBySMSFlag: false,
    contactBySocialMediaFlag: false,
    emails: [{ email: 'claire.dubois@example.com', isMainEmail: true }],
    registrationDate: '2026-11-28T10:15:00.000Z',
    ...overrides,
  };
}

export function jsonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'Content-Type': 'application/json', Accept: 'application/json', ...extra };
}
