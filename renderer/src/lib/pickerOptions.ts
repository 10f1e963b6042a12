// Options for the searchable pickers: value is the code Booster receives, label is what a person reads.
import { callingCodeFor, listCountries, listLanguages, type CatalogueItem } from '../../../shared/booster';

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
