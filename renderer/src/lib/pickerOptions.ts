// Options for the searchable pickers: value is the code Booster receives, label is what a person reads.
import { Metadata, type CountryCode } from 'libphonenumber-js/max';
import { iso6392 } from 'iso-639-2';
import {
  callingCodeFor,
  defaultCatalogue,
  listCountries,
  listLanguages,
  type CatalogueItem,
} from '../../../shared/booster';
import type { ChoiceList } from './formLayout';
import { resolvePick } from './pickerMatch';

export interface PickerOption {
  value: string;
  label: string;
  /** Other texts that name it: the English name, another code ('fra', 'fr' for 'fre'), a catalogue label. */
  aliases?: readonly string[];
  /** Its telephone dialling code without '+' ('39'), for phone countries. */
  dial?: string;
  /** Typing its dialling code alone picks it: no other country shares that code on an equal footing. */
  ownsDial?: boolean;
}

/**
 * Lists Booster keeps open (the catalogue's examples, a POS the app has never seen): a typed code that is in no
 * list is kept, and the contract's own format check speaks. Every other picker takes only one of its options.
 */
export const openChoiceLists: ReadonlySet<ChoiceList> = new Set(['titles', 'posCodes', 'brands']);

/** What a typed text stands for: a code, a name (any case, accents ignored), a dialling code. */
export function resolvePickerInput(text: string, options: PickerOption[]): PickerOption | undefined {
  const result = resolvePick(text, options);
  return result.kind === 'picked' ? result.option : undefined;
}

const cache = new Map<string, PickerOption[]>();

function cached(key: string, build: () => PickerOption[]): PickerOption[] {
  let options = cache.get(key);
  if (!options) {
    options = build();
    cache.set(key, options);
  }
  return options;
}

export function countryOptions(locale: string): PickerOption[] {
  return cached(`countries:${locale}`, () => {
    const english = new Map(listCountries('en').map(({ code, name }) => [code, name]));
    return listCountries(locale).map(({ code, name }) => ({
      value: code,
      label: name,
      aliases: [english.get(code) ?? code],
    }));
  });
}

/** A language's name as a list shows it: 'français' -> 'Français'. */
function capitalized(name: string, locale: string): string {
  try {
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
}

// Booster's language codes are ISO 639-2/B ('fre', 'chi'); people also know the 639-2/T and 639-1 codes.
const otherLanguageCodes = new Map(
  iso6392.map((language) => [
    language.iso6392B,
    [language.iso6392T, language.iso6391].filter((code): code is string => Boolean(code)),
  ]),
);

export function languageOptions(locale: string): PickerOption[] {
  return cached(`languages:${locale}`, () => {
    const english = new Map(listLanguages('en').map(({ code, name }) => [code, name]));
    return listLanguages(locale).map(({ code, name }) => ({
      value: code,
      label: capitalized(name, locale),
      aliases: [english.get(code) ?? code, ...(otherLanguageCodes.get(code) ?? [])],
    }));
  });
}

/**
 * Countries whose dialling code is theirs when typed alone. A code shared with a country that libphonenumber tells
 * apart only by leading digits (the Vatican's 06698 inside Italy's +39) belongs to its main country; a code
 * shared on an equal footing (+1: the United States, Canada…; +44: the United Kingdom, Guernsey, Jersey) does not.
 */
const dialOwners: ReadonlySet<string> = (() => {
  const metadata = new Metadata() as Metadata & {
    getCountryCodesForCallingCode(code: string): CountryCode[] | undefined;
    numberingPlan?: { leadingDigits(): string | undefined };
  };
  const owners = new Set<string>();
  const carvedOut = (country: CountryCode): boolean => {
    metadata.selectNumberingPlan(country);
    const leading = metadata.numberingPlan?.leadingDigits();
    return typeof leading === 'string' && leading !== '' && leading !== '0';
  };
  const codes = new Set(listCountries('en').flatMap(({ code }) => callingCodeFor(code) ?? []));
  for (const calling of codes) {
    const [main, ...others] = metadata.getCountryCodesForCallingCode(calling) ?? [];
    if (main && others.every(carvedOut)) owners.add(main.toLowerCase());
  }
  return owners;
})();

/** "France +33": the country named in the UI language with its calling code. */
export function phoneCountryOptions(locale: string): PickerOption[] {
  return cached(`phoneCountries:${locale}`, () =>
    countryOptions(locale).flatMap((country) => {
      const calling = callingCodeFor(country.value);
      if (!calling) return [];
      return [
        {
          value: country.value,
          label: `${country.label} +${calling}`,
          aliases: [country.label, ...(country.aliases ?? [])],
          dial: calling,
          ownsDial: dialOwners.has(country.value),
        },
      ];
    }),
  );
}

/** Catalogue entries; a code that differs from its label is shown with it ("Cartier (CAR)"). */
export function catalogueOptions(items: CatalogueItem[]): PickerOption[] {
  return items.map((item) => ({
    value: item.code,
    label: item.label === item.code ? item.label : `${item.label} (${item.code})`,
    aliases: [item.label, ...(item.translation ? [item.translation] : [])],
  }));
}

/** Catalogues whose codes are stable words the app ships a translation for. */
export type TranslatedCatalogue =
  'titles' | 'genders' | 'phoneTypes' | 'addressTypes' | 'eventTypes' | 'preferredContactMethods';

/** "Secondary Address" -> catalogue.phoneTypes.secondary_address (no dots: svelte-i18n reads them as nesting). */
export function catalogueMessageKey(kind: TranslatedCatalogue, code: string): string {
  const slug = code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `catalogue.${kind}.${slug}`;
}

type Translate = (id: string, options: { default: string }) => string;

/**
 * Labels in the UI language for the items the app shipped (same code, same label as the default catalogue).
 * An item from a loaded reference file with its own label, or an unknown code, keeps the label it came with.
 */
export function translatedCatalogue(
  kind: TranslatedCatalogue,
  items: CatalogueItem[],
  translate: Translate,
): CatalogueItem[] {
  const shipped = new Map(defaultCatalogue[kind].map((item) => [item.code, item.label]));
  return items.map((item) =>
    shipped.get(item.code) === item.label
      ? { ...item, label: translate(catalogueMessageKey(kind, item.code), { default: item.label }) }
      : item,
  );
}
