// A realistic client for the benchmarks: the tests' sample client, with an address and a note as staff often add.
import { sampleRecord } from '../../test/support/core/records';

export function benchRecord(index: number): Record<string, unknown> {
  return sampleRecord(index, {
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
  });
}
