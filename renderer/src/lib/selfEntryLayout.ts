// What the client fills in during self-entry: their identity, contact, address and interests, as the form's
// own sections (same paths, same fields), without what staff decide (client type, company, references, event,
// sales representative, notes). The consents are shown apart, each with its full text.
import type { ConsentPurpose } from '../../../shared/consent/catalogue';
import type { SectionLayout } from './formLayout';

export const selfEntrySections: readonly SectionLayout[] = [
  {
    id: 'identity',
    blocks: [
      'title',
      'lastName',
      'firstName',
      'lastNameNotLatin',
      'firstNameNotLatin',
      'gender',
      'birthDate',
      'countryId',
    ],
  },
  {
    id: 'contact',
    blocks: [
      'emails',
      'phones',
      'preferredContactMethod',
      {
        legend: 'contactFlags.legend',
        paths: [
          'contactByEmailFlag',
          'contactByPhoneFlag',
          'contactBySMSFlag',
          'contactByMailFlag',
          'contactBySocialMediaFlag',
        ],
      },
    ],
  },
  { id: 'addresses', blocks: ['addresses'] },
  { id: 'interests', blocks: ['interests', 'hobbies', 'productCollections'] },
];

/** The consents a client reads and ticks themselves (TimeVallée's stay with staff). */
export const selfEntryConsents: readonly ConsentPurpose[] = [
  'privacyPolicyAcceptanceStorage',
  'canBeContactedByMaison',
  'dataSharingConsent',
  'allowStoreDataAbroad',
];
