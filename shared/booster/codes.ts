// Reference codes Booster uses: ISO 3166-1 alpha-2 countries (lowercase), ISO 639-2 bibliographic languages,
// telephone calling codes.
import isoCountryRows from 'i18n-iso-countries/codes.json' with { type: 'json' };
import { iso6392, iso6392TTo2B } from 'iso-639-2';
import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';

const countryCodes: ReadonlySet<string> = new Set(
  isoCountryRows.map(([alpha2]) => (alpha2 ?? '').toLowerCase()),
);

// 'qaa-qtz' is a range reserved for local use and mis/mul/und/zxx are not languages: none belongs on a client.
const notALanguage = new Set(['mis', 'mul', 'und', 'zxx']);
const bibliographicLanguages = iso6392.filter(
  (language) => /^[a-z]{3}$/.test(language.iso6392B) && !notALanguage.has(language.iso6392B),
);
const languageCodes: ReadonlySet<string> = new Set(
  bibliographicLanguages.map((language) => language.iso6392B),
);
const terminologyToBibliographic: Readonly<Record<string, string>> = iso6392TTo2B;

/** Any case, surrounding spaces allowed -> lowercase ISO 3166-1 alpha-2 code, or undefined if unknown. */
export function normalizeCountryCode(input: string): string | undefined {
  const code = input.trim().toLowerCase();
  return countryCodes.has(code) ? code : undefined;
}

/**
 * -> ISO 639-2 bibliographic code as Booster uses it ('chi', 'ger', 'fre'); terminology codes ('zho', 'deu',
 * 'fra') are mapped to it. Two-letter ISO 639-1 codes and unknown codes give undefined.
 */
export function normalizeLanguageCode(input: string): string | undefined {
  const code = input.trim().toLowerCase();
  if (languageCodes.has(code)) return code;
  const bibliographic = terminologyToBibliographic[code];
  return bibliographic !== undefined && languageCodes.has(bibliographic) ? bibliographic : undefined;
}

/** Telephone calling code without '+' ('it' -> '39'), or undefined for a country without one. */
export function callingCodeFor(country: string): string | undefined {
  const region = country.trim().toUpperCase();
  return isSupportedCountry(region) ? getCountryCallingCode(region) : undefined;
}

function displayNames(locale: string, type: 'region' | 'language'): Intl.DisplayNames {
  try {
    return new Intl.DisplayNames([locale], { type, fallback: 'none' });
  } catch {
    return new Intl.DisplayNames(['en'], { type, fallback: 'none' });
  }
}

function collator(locale: string): Intl.Collator {
  try {
    return new Intl.Collator([locale]);
  } catch {
    return new Intl.Collator(['en']);
  }
}

function sortedByName<T extends { name: string }>(items: T[], locale: string): T[] {
  const compare = collator(locale).compare;
  return items.sort((a, b) => compare(a.name, b.name));
}

/** English name of a country, for messages ('it' -> 'Italy'). */
export function countryName(code: string, locale = 'en'): string {
  return displayNames(locale, 'region').of(code.toUpperCase()) ?? code.toUpperCase();
}

/** Every country, named in the UI locale and sorted for it. */
export function listCountries(locale: string): { code: string; name: string }[] {
  const names = displayNames(locale, 'region');
  const countries = [...countryCodes].map((code) => ({
    code,
    name: names.of(code.toUpperCase()) ?? code.toUpperCase(),
  }));
  return sortedByName(countries, locale);
}

/** Every language Booster can hold (ISO 639-2 bibliographic codes), named in the UI locale and sorted for it. */
export function listLanguages(locale: string): { code: string; name: string }[] {
  const names = displayNames(locale, 'language');
  const languages = bibliographicLanguages.map((language) => {
    // Intl knows languages by their shortest BCP 47 tag: the 639-1 code when there is one, else 639-2/T.
    const tag = language.iso6391 ?? language.iso6392T ?? language.iso6392B;
    let name: string | undefined;
    try {
      name = names.of(tag);
    } catch {
      name = undefined;
    }
    return { code: language.iso6392B, name: name ?? language.name };
  });
  return sortedByName(languages, locale);
}
