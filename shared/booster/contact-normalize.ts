// One normal form for emails and phones, used wherever two contacts are compared: the outbox's duplicate
// warning (in main, over keyed hashes) and the drafts' (in the renderer), so both find the same matches.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export function normalizeEmail(email: string): string | undefined {
  const trimmed = email.trim().toLowerCase();
  return trimmed.includes('@') ? trimmed : undefined;
}

/** Country + national significant number, so '+33 6 12 34 56 78' and '0612345678' (fr) match. */
export function normalizePhone(countryPrefix: string, phone: string): string | undefined {
  const country = countryPrefix.trim().toUpperCase();
  const parsed = /^[A-Z]{2}$/.test(country)
    ? parsePhoneNumberFromString(phone, country as CountryCode)
    : undefined;
  if (parsed?.nationalNumber) return `${parsed.countryCallingCode}:${parsed.nationalNumber}`;
  const digits = phone.replace(/\D/g, '');
  return digits.length > 0 ? `${country}:${digits}` : undefined;
}
