import { describe, expect, it } from 'vitest';
import { boosterFieldNameToPath, pathToBoosterFieldName } from '../../../shared/booster';

describe('Booster field names <-> our paths', () => {
  it.each([
    ['LastName', 'lastName'],
    ['lastname', 'lastName'],
    ['LASTNAME', 'lastName'],
    ['ContactBySMSFlag', 'contactBySMSFlag'],
    ['ContactBySmsFlag', 'contactBySMSFlag'],
    ['Emails[0].Email', 'emails.0.email'],
    ['Phones[2].CountryPrefix', 'phones.2.countryPrefix'],
    ['Addresses[1].Street2', 'addresses.1.street2'],
    ['ProductCollections[0].SapProductCollectionId', 'productCollections.0.sapProductCollectionId'],
    ['Emails', 'emails'],
    ['Emails[3]', 'emails.3'],
    ['PrivacyPolicyAcceptanceStorage', 'privacyPolicyAcceptanceStorage'],
    ['', ''],
  ])('%j -> %j', (fieldName, path) => {
    expect(boosterFieldNameToPath(fieldName)).toBe(path);
  });

  it('camelCases names it does not know', () => {
    expect(boosterFieldNameToPath('SomethingNew')).toBe('somethingNew');
    expect(boosterFieldNameToPath('Emails[0].Verified')).toBe('emails.0.verified');
  });

  it.each([
    ['lastName', 'LastName'],
    ['contactBySMSFlag', 'ContactBySMSFlag'],
    ['emails.0.email', 'Emails[0].Email'],
    ['phones.1.isMainPhone', 'Phones[1].IsMainPhone'],
    ['emails.3', 'Emails[3]'],
    ['', ''],
  ])('%j -> %j', (path, fieldName) => {
    expect(pathToBoosterFieldName(path)).toBe(fieldName);
  });

  it('round-trips every path', () => {
    for (const path of [
      'lastName',
      'contactBySMSFlag',
      'emails.0.email',
      'addresses.12.additionalInformation',
      'events.0.eventDate',
    ]) {
      expect(boosterFieldNameToPath(pathToBoosterFieldName(path))).toBe(path);
    }
  });
});
