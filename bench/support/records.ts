// A realistic client for the benchmarks: what staff typically capture, with an address and a note.
export function benchRecord(index: number): Record<string, unknown> {
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
    addresses: [
      {
        addressType: 'Home',
        countryId: 'it',
        city: 'Milano',
        zipCode: '20121',
        street: 'Via Montenapoleone 8',
        isMainAddress: true,
      },
    ],
    notes: 'Interested in the Panthère collection; prefers appointments in the afternoon.',
  };
}
