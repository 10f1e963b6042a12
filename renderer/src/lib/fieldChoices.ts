// What the pickers and lists of a Field offer, in the UI language, built from the catalogue in use: one source
// for the capture form, self-entry and Settings' event profile, so every picker offers exactly the same.
import type { Catalogue } from '../../../shared/booster';
import type { ChoiceList, FieldChoices } from './formLayout';
import {
  catalogueOptions,
  countryOptions,
  languageOptions,
  phoneCountryOptions,
  translatedCatalogue,
  type PickerOption,
  type TranslatedCatalogue,
} from './pickerOptions';

type Translate = (id: string, options: { default: string }) => string;

export function fieldChoices(catalogue: Catalogue, locale: string, translate: Translate): FieldChoices {
  /** A catalogue in the UI language where the app knows its codes, else with the catalogue's own labels. */
  const plain = (kind: TranslatedCatalogue): PickerOption[] =>
    translatedCatalogue(kind, catalogue[kind], translate).map((item) => ({
      value: item.code,
      label: item.label,
    }));
  const options: Record<ChoiceList, PickerOption[]> = {
    countries: countryOptions(locale),
    languages: languageOptions(locale),
    phoneCountries: phoneCountryOptions(locale),
    titles: catalogueOptions(translatedCatalogue('titles', catalogue.titles, translate)),
    genders: plain('genders'),
    phoneTypes: plain('phoneTypes'),
    contactMethods: plain('preferredContactMethods'),
    addressTypes: plain('addressTypes'),
    eventTypes: plain('eventTypes'),
    brands: catalogueOptions(catalogue.brands),
    posCodes: catalogueOptions(catalogue.posCodes),
    interests: catalogueOptions(catalogue.interests),
    hobbies: catalogueOptions(catalogue.hobbies),
    productCollections: catalogueOptions(catalogue.productCollections),
  };
  return { options, catalogue };
}
