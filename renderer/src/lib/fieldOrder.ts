// The order fields appear on screen, so the error summary reads top to bottom like the form.
import type { FieldIssue } from './db';

const topLevel = [
  'clientType',
  'companyName',
  'title',
  'lastName',
  'firstName',
  'middleName',
  'nameSuffix',
  'lastNameNotLatin',
  'firstNameNotLatin',
  'gender',
  'birthDate',
  'languageId',
  'countryId',
  'customerReference',
  'emails',
  'phones',
  'preferredContactMethod',
  'canBeContactedByMaison',
  'contactByEmailFlag',
  'contactByPhoneFlag',
  'contactBySMSFlag',
  'contactByMailFlag',
  'contactBySocialMediaFlag',
  'addresses',
  'weddingDate',
  'events',
  'interests',
  'hobbies',
  'productCollections',
  'privacyPolicyAcceptanceStorage',
  'dataSharingConsent',
  'allowStoreDataAbroad',
  'tvPrivacyPolicyAcceptanceStorage',
  'tvAllowStoreDataAbroad',
  'notes',
  'saleRepresentativeEmail',
  'referenceSaleRepresentativeEmail',
  'posCode',
  'brand',
];

const itemFields = [
  'email',
  'isMainEmail',
  'countryPrefix',
  'phone',
  'phoneType',
  'isMainPhone',
  'addressType',
  'street',
  'houseNumber',
  'street2',
  'street3',
  'street4',
  'street5',
  'zipCode',
  'city',
  'stateId',
  'countryId',
  'poBox',
  'additionalInformation',
  'isMainAddress',
  'eventType',
  'eventDate',
  'eventOtherName',
  'eventNotes',
  'sapInterestId',
  'interest',
  'sapHobbyId',
  'hobby',
  'sapProductCollectionId',
  'productCollection',
  'translation',
];

function rank(path: string): number[] {
  const [head = '', index, field] = path.split('.');
  const top = topLevel.indexOf(head);
  return [
    top === -1 ? topLevel.length : top,
    index === undefined ? -1 : Number(index),
    field ? itemFields.indexOf(field) : -1,
  ];
}

export function inFormOrder(issues: FieldIssue[]): FieldIssue[] {
  return [...issues].sort((a, b) => {
    const ra = rank(a.path);
    const rb = rank(b.path);
    for (let i = 0; i < ra.length; i++) {
      const diff = (ra[i] ?? 0) - (rb[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
}
