// The pickers' and lists' options in the UI language, from the catalogue: what a form screen hands its fields.
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

export function fieldChoicesFor(
  uiLocale: string,
  catalogue: Catalogue,
  t: (id: string, options: { default: string }) => string,
): FieldChoices {
  const plain = (kind: TranslatedCatalogue): PickerOption[] =>
    translatedCatalogue(kind, catalogue[kind], t).map((item) => ({ value: item.code, label: item.label }));
  const options: Record<ChoiceList, PickerOption[]> = {
    countries: countryOptions(uiLocale),
    languages: languageOptions(uiLocale),
    phoneCountries: phoneCountryOptions(uiLocale),
    titles: catalogueOptions(translatedCatalogue('titles', catalogue.titles, t)),
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
