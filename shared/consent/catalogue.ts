// Consent reference data: the texts a client reads for each purpose (id, version, language) and the country
// rules that say which consents a client must give. Loadable like the pickers' catalogue: a file laid over the
// defaults, refused whole (naming the bad path) unless every part is valid.
import { z } from 'zod';
import { defaultConsentTexts, defaultCountryRules } from './defaultTexts';

/** The contract's consent booleans: each is a purpose a client agrees to (or not), with its own text. */
export const consentPurposes = [
  'privacyPolicyAcceptanceStorage',
  'canBeContactedByMaison',
  'dataSharingConsent',
  'allowStoreDataAbroad',
  'tvPrivacyPolicyAcceptanceStorage',
  'tvAllowStoreDataAbroad',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentPurposeSchema = z.enum(consentPurposes);

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === 'string' && (consentPurposes as readonly string[]).includes(value);
}

/** The UI languages a text may be written in; a text missing in one falls back to English. */
export const consentLanguages = ['en', 'fr', 'de', 'it', 'ja', 'ko', 'zh'] as const;
export const FALLBACK_CONSENT_LANGUAGE = 'en';
const languageSchema = z.enum(consentLanguages);

const textIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,80}$/, 'must be 1 to 80 letters, digits, dots, dashes or underscores');

export const consentTextSchema = z.strictObject({
  id: textIdSchema,
  purpose: consentPurposeSchema,
  version: z.number().int().min(1).max(1_000_000),
  language: languageSchema,
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(8_000),
});
export type ConsentText = z.infer<typeof consentTextSchema>;

export const countryRuleSchema = z.strictObject({
  id: textIdSchema,
  /** ISO 3166-1 alpha-2, any case (compared in lower case). */
  countries: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
        .transform((code) => code.toLowerCase()),
    )
    .min(1),
  requiredConsents: z.array(consentPurposeSchema).min(1),
});
export type CountryRule = z.infer<typeof countryRuleSchema>;

export interface ConsentCatalogue {
  texts: ConsentText[];
  countryRules: CountryRule[];
}

export const consentCatalogueSchema = z.strictObject({
  texts: z.array(consentTextSchema),
  countryRules: z.array(countryRuleSchema),
});

export const defaultConsentCatalogue: ConsentCatalogue = {
  texts: defaultConsentTexts.map((text) => ({ ...text })),
  countryRules: defaultCountryRules.map((rule) => ({
    id: rule.id,
    countries: [...rule.countries],
    requiredConsents: [...rule.requiredConsents],
  })),
};

/** A consent file: texts added or replacing those of the same id and language (a new version supersedes the
 *  old), and, when given, the whole list of country rules. */
const consentFileSchema = z
  .strictObject({
    texts: z.array(consentTextSchema).optional(),
    countryRules: z.array(countryRuleSchema).optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.texts?.forEach((text, index) => {
      const key = `${text.id}\u0000${text.language}\u0000${text.version}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          message: `text '${text.id}' version ${text.version} in '${text.language}' is given twice`,
          path: ['texts', index],
        });
      seen.add(key);
    });
    const ruleIds = new Set<string>();
    file.countryRules?.forEach((rule, index) => {
      if (ruleIds.has(rule.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate rule id '${rule.id}'`,
          path: ['countryRules', index],
        });
      ruleIds.add(rule.id);
    });
  });

export class ConsentCatalogueError extends Error {
  readonly code = 'invalidConsentCatalogue';
  override readonly name = 'ConsentCatalogueError';
}

/** Lays `override` (a JSON file's content) over `base`; throws a ConsentCatalogueError naming each bad path. */
export function mergeConsentCatalogue(base: ConsentCatalogue, override: unknown): ConsentCatalogue {
  const result = consentFileSchema.safeParse(override);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${path === '' ? '(file)' : path}: ${issue.message}${unknownKeys}`;
    });
    throw new ConsentCatalogueError(`The consent file is not valid: ${problems.join('; ')}`);
  }
  const texts = [...base.texts];
  for (const text of result.data.texts ?? []) {
    const same = texts.findIndex(
      (old) => old.id === text.id && old.language === text.language && old.version === text.version,
    );
    if (same === -1) texts.push({ ...text });
    else texts[same] = { ...text };
  }
  return { texts, countryRules: result.data.countryRules ?? base.countryRules };
}

/** The text shown for a purpose in a language: its newest version there, else the English one. `language`
 *  of the answer is the language actually shown (what the evidence records). */
export function consentTextFor(
  catalogue: ConsentCatalogue,
  purpose: ConsentPurpose,
  language: string,
): ConsentText | undefined {
  const newest = (lang: string) =>
    catalogue.texts
      .filter((text) => text.purpose === purpose && text.language === lang)
      .reduce<ConsentText | undefined>(
        (best, text) => (!best || text.version > best.version ? text : best),
        undefined,
      );
  return newest(language.trim().toLowerCase()) ?? newest(FALLBACK_CONSENT_LANGUAGE);
}

/** One exact text by id, version and language (what a recorded tick names). */
export function findConsentText(
  catalogue: ConsentCatalogue,
  ref: { textId: string; version: number; language: string },
): ConsentText | undefined {
  return catalogue.texts.find(
    (text) => text.id === ref.textId && text.version === ref.version && text.language === ref.language,
  );
}
