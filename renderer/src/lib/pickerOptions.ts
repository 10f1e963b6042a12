// Options for the searchable pickers: value is the code Booster receives, label is what a person reads.
import {
  callingCodeFor,
  defaultCatalogue,
  listCountries,
  listLanguages,
  type CatalogueItem,
} from '../../../shared/booster';

export interface PickerOption {
  value: string;
  label: string;
}

/** What a typed text stands for: a code (any case) or an option's exact name. */
export function resolvePickerInput(text: string, options: PickerOption[]): PickerOption | undefined {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return undefined;
  return (
    options.find((option) => option.value.toLowerCase() === wanted) ??
    options.find((option) => option.label.toLowerCase() === wanted)
  );
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
  return cached(`countries:${locale}`, () =>
    listCountries(locale).map(({ code, name }) => ({ value: code, label: name })),
  );
}

export function languageOptions(locale: string): PickerOption[] {
  return cached(`languages:${locale}`, () =>
    listLanguages(locale).map(({ code, name }) => ({ value: code, label: name })),
  );
}

/** "France +33": the country named in the UI language with its calling code. */
export function phoneCountryOptions(locale: string): PickerOption[] {
  return cached(`phoneCountries:${locale}`, () =>
    listCountries(locale).flatMap(({ code, name }) => {
      const calling = callingCodeFor(code);
      return calling ? [{ value: code, label: `${name} +${calling}` }] : [];
    }),
  );
}

/** Catalogue entries; a code that differs from its label is shown with it ("Cartier (CAR)"). */
export function catalogueOptions(items: CatalogueItem[]): PickerOption[] {
  return items.map((item) => ({
    value: item.code,
    label: item.label === item.code ? item.label : `${item.label} (${item.code})`,
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
