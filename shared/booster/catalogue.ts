// Reference data for the pickers. Where the seed says "e.g.", Booster's list is open: the app ships these
// defaults (the seed's examples and a few realistic extras) and can load a replacement file over them.
import { z } from 'zod';
import { findForbiddenCharacter, isBrandCode, isPosCode, textLimits } from './fields';

export type CatalogueItem = { code: string; label: string; translation?: string };

const catalogueKeys = [
  'titles',
  'genders',
  'clientTypes',
  'brands',
  'posCodes',
  'addressTypes',
  'phoneTypes',
  'eventTypes',
  'preferredContactMethods',
  'interests',
  'hobbies',
  'productCollections',
] as const;
type CatalogueKey = (typeof catalogueKeys)[number];

export type Catalogue = Record<CatalogueKey, CatalogueItem[]>;

const same = (...codes: string[]): CatalogueItem[] => codes.map((code) => ({ code, label: code }));

export const defaultCatalogue: Catalogue = {
  titles: same('Mr.', 'Mrs.', 'Ms.', 'Miss', 'Mr & Mrs', 'Dr.', 'Prof.', 'Sama', 'Captain'),
  genders: [
    { code: 'M', label: 'Male' },
    { code: 'F', label: 'Female' },
  ],
  clientTypes: [
    { code: 'PRIVATE', label: 'Private client' },
    { code: 'COMPANY', label: 'Company' },
  ],
  brands: [
    { code: 'CAR', label: 'Cartier' },
    { code: 'MTB', label: 'Montblanc' },
    { code: 'VCA', label: 'Van Cleef & Arpels' },
    { code: 'JLC', label: 'Jaeger-LeCoultre' },
    { code: 'IWC', label: 'IWC Schaffhausen' },
    { code: 'PAN', label: 'Panerai' },
    { code: 'PIA', label: 'Piaget' },
    { code: 'VAC', label: 'Vacheron Constantin' },
  ],
  posCodes: [{ code: 'ES100:102048', label: 'ES100:102048' }],
  addressTypes: same('Home', 'Office', 'Shipping'),
  phoneTypes: same('Mobile', 'Home', 'Work', 'Other', 'Secondary Address'),
  eventTypes: same('Birthday', 'Wedding', 'Anniversary', 'Barmitza', 'Other'),
  preferredContactMethods: [
    { code: 'EMail', label: 'Email' },
    { code: 'Tel', label: 'Telephone' },
    { code: 'Mail', label: 'Mail' },
    { code: 'Fax', label: 'Fax' },
    { code: 'Survey', label: 'Survey' },
  ],
  interests: [
    { code: 'CA-1', label: 'Jewellery' },
    { code: 'CA-2', label: 'Watches' },
    { code: 'CA-3', label: 'Leather goods' },
  ],
  hobbies: [
    { code: 'ART', label: 'Art' },
    { code: 'MUS', label: 'Music' },
    { code: 'TRV', label: 'Travel' },
    { code: 'GLF', label: 'Golf' },
  ],
  productCollections: [
    { code: 'CA-1', label: 'Panthère de Cartier', translation: 'Panthère de Cartier' },
    { code: 'CA-2', label: 'Love', translation: 'Love' },
    { code: 'CA-3', label: 'Juste un Clou', translation: 'Juste un Clou' },
  ],
};

/** A code fills a code field (title, SAP id…); a label fills a label field (interest, translation). So that a
 *  picker never offers a value the contract refuses, each obeys that field's limit and characters. */
const catalogueText = (maxLength: number) =>
  z
    .string()
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .trim()
    .min(1, { error: 'must be a non-empty text' })
    .refine((text) => findForbiddenCharacter(text, false) === undefined, {
      error: 'must not contain line breaks, tabs or other control characters',
    });

export const catalogueItemSchema = z.strictObject({
  code: catalogueText(textLimits.code),
  label: catalogueText(textLimits.label),
  translation: catalogueText(textLimits.label).optional(),
});

const catalogueListSchema = z.array(catalogueItemSchema).superRefine((items, ctx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.code))
      ctx.addIssue({ code: 'custom', message: `duplicate code '${item.code}'`, path: [index, 'code'] });
    seen.add(item.code);
  });
});

/** A list whose codes are sent as they are, so each must pass the contract's rule for that field. */
const listOfCodes = (isValid: (code: string) => boolean, rule: string) =>
  catalogueListSchema.superRefine((items, ctx) => {
    items.forEach((item, index) => {
      if (!isValid(item.code))
        ctx.addIssue({ code: 'custom', message: `'${item.code}' is not ${rule}`, path: [index, 'code'] });
    });
  });

const listSchemas: Partial<Record<CatalogueKey, typeof catalogueListSchema>> = {
  brands: listOfCodes(isBrandCode, 'a maison code Booster accepts (2 to 5 letters, for example CAR)'),
  posCodes: listOfCodes(isPosCode, 'a point of sale code Booster accepts (for example ES100:102048)'),
};

/** A replacement catalogue file: any subset of the lists; each list given replaces the default one. */
export const catalogueSchema = z.strictObject(
  Object.fromEntries(
    catalogueKeys.map((key) => [key, (listSchemas[key] ?? catalogueListSchema).optional()]),
  ) as Record<CatalogueKey, z.ZodOptional<typeof catalogueListSchema>>,
);

export class CatalogueError extends Error {
  readonly code = 'invalidCatalogue';
  override readonly name = 'CatalogueError';
}

/** Lays `override` (e.g. a JSON file's content) over `base`; throws a CatalogueError naming the bad path. */
export function mergeCatalogue(base: Catalogue, override: unknown): Catalogue {
  const result = catalogueSchema.safeParse(override);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${path === '' ? '(file)' : path}: ${issue.message}${unknownKeys}`;
    });
    throw new CatalogueError(`The catalogue file is not valid: ${problems.join('; ')}`);
  }
  const merged: Catalogue = { ...base };
  for (const key of catalogueKeys) {
    const list = result.data[key];
    if (list) merged[key] = list.map((item) => ({ ...item }));
  }
  return merged;
}
