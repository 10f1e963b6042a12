// Issue codes and the sentences a member of staff reads. Field labels live beside each field's schema
// (see fields.ts); this file only turns a label and a code into a message.

export type { FieldIssue } from './field-issue';

/** Our stable issue codes (the `code` of a FieldIssue produced by our own schemas). */
export const issueCodes = [
  'required',
  'invalidType',
  'invalidEmail',
  'invalidFormat',
  'invalidValue',
  'unknownCountry',
  'unknownLanguage',
  'invalidPhone',
  'phoneOtherCountry',
  'phoneCountryUnsupported',
  'invalidDate',
  'dateInFuture',
  'mustBeAccepted',
  'multipleMain',
  'tooLong',
  'invalidCharacters',
  'tooManyItems',
] as const;
export type IssueCode = (typeof issueCodes)[number];

const count = new Intl.NumberFormat('en-US');

/** How a person recognises a character they cannot see: 'a line break', 'a tab', 'U+001B'. */
function describeCharacter(character: string): string {
  if (character === '\n' || character === '\r') return 'a line break';
  if (character === '\t') return 'a tab';
  return `the invisible control character U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const messages = {
  tooLong: (label: string, maxLength: number, length: number) =>
    `${label} is too long: at most ${count.format(maxLength)} characters (this one has ${count.format(length)}).`,
  invalidCharacters: (label: string, character: string, position: number) =>
    `${label} cannot contain ${describeCharacter(character)} (character ${count.format(position)}): remove it.`,
  brokenCharacter: (label: string, position: number) =>
    `${label} contains a broken character (half of an emoji or symbol, character ${count.format(position)}): type it again.`,
  tooManyItems: (label: string, maxItems: number, items: number) =>
    `${label}: at most ${count.format(maxItems)} (this client has ${count.format(items)}). Keep the ones that matter.`,
  required: (label: string) => `${label} is required.`,
  requiredFor: (label: string, clientKind: string) => `${label} is required for a ${clientKind}.`,
  invalidType: (label: string, expected: string) => `${label} must be ${expected}.`,
  invalidEmail: (label: string) => `${label} is not a valid email address (for example name@example.com).`,
  unknownCountry: (label: string) =>
    `${label} must be a known country (two-letter ISO code, for example it).`,
  unknownLanguage: (label: string) =>
    `${label} must be a known language (three-letter ISO 639-2 code, for example ita, chi, ger).`,
  clientType: (label: string) => `${label} must be PRIVATE or COMPANY.`,
  posCode: (label: string) =>
    `${label} must be the sales organisation and the point of sale separated by a colon (for example ES100:102048).`,
  brand: (label: string) => `${label} must be the maison's code of 2 to 5 letters (for example CAR).`,
  invalidDate: (label: string) => `${label} must be a real calendar date written YYYY-MM-DD.`,
  invalidInstant: (label: string) =>
    `${label} must be a date and time with its time zone (ISO 8601, for example 2024-05-01T09:30:00Z).`,
  noDateValue: (label: string) =>
    `${label} cannot be 0001-01-01, which Booster reads as "no date": enter the real date or leave it empty.`,
  dateInFuture: (label: string) => `${label} cannot be in the future.`,
  privacyPolicy: () => 'A client who has not accepted the privacy policy cannot be stored.',
  multipleMain: (noun: string) => `Only one ${noun} can be marked as the main one.`,
  invalidPhone: (countryName: string) => `This is not a valid phone number for ${countryName}.`,
  phoneOtherCountry: (countryName: string, otherName: string) =>
    `This phone number belongs to ${otherName}, not ${countryName}: choose the matching country prefix.`,
  phoneExtension: () => 'Phone extensions cannot be sent to Booster: enter the number without its extension.',
  phoneCountryUnsupported: (countryName: string) =>
    `${countryName} has no telephone numbering plan of its own: choose the country whose calling code the number uses.`,
} as const;
