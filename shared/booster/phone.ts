// Phone numbers, checked with libphonenumber's full ('max') metadata: the 'min' metadata only checks lengths
// and would let through numbers that cannot exist. The extra ~70 kB do not matter in a desktop app.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { countryName } from './codes';
import { messages, type IssueCode } from './messages';

export type PhoneCheck =
  | { ok: true; nationalNumber: string }
  | {
      ok: false;
      code: Extract<IssueCode, 'invalidPhone' | 'phoneOtherCountry' | 'phoneCountryUnsupported'>;
      message: string;
    };

// Digits and the usual separators; letters (vanity numbers) and anything else are refused.
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;

/**
 * Checks `phone` against the country of its prefix (`country`: lowercase alpha-2) and gives the form we send.
 *
 * Decision: Booster receives the national significant number, digits only, without the trunk prefix
 * (libphonenumber's `nationalNumber`): '+39 347 123 4567' -> '3471234567', kr '023123456' -> '23123456'.
 * The seed's examples disagree with each other (jp '352858088' has no trunk '0', kr '023123456' keeps it);
 * the national significant number is the one form that is unique per number, is what SAP-based systems
 * store beside a separate country (prefix + number = E.164), and matches the cn and jp examples. All three
 * seed examples are accepted as input, and Italian numbers keep their leading 0 because it is part of the
 * significant number there ('0612345678').
 */
export function checkPhoneNumber(phone: string, country: string): PhoneCheck {
  const region = country.toUpperCase();
  const name = countryName(country);
  if (!isSupportedCountry(region)) {
    return { ok: false, code: 'phoneCountryUnsupported', message: messages.phoneCountryUnsupported(name) };
  }
  // NFKC: a Japanese or Chinese keyboard types full-width digits and signs ('＋８１ ３…'), which are the same number.
  const text = phone.normalize('NFKC').trim();
  const parsed = PHONE_CHARACTERS.test(text) ? parsePhoneNumberFromString(text, region) : undefined;
  if (!parsed || !parsed.isValid()) {
    return { ok: false, code: 'invalidPhone', message: messages.invalidPhone(name) };
  }
  if (parsed.country !== region) {
    const other = parsed.country
      ? countryName(parsed.country)
      : `the +${parsed.countryCallingCode} numbering plan`;
    return { ok: false, code: 'phoneOtherCountry', message: messages.phoneOtherCountry(name, other) };
  }
  if (parsed.ext) return { ok: false, code: 'invalidPhone', message: messages.phoneExtension() };
  return { ok: true, nationalNumber: parsed.nationalNumber };
}
