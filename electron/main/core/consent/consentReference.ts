// The consent reference data of a data folder: the shipped texts and country rules, with IT's
// `consent-reference.json` laid over them. Apart from openConsent.ts so that the outbox (whose validator
// applies the country rules) can read it without opening the evidence journal.
import path from 'node:path';
import {
  defaultConsentCatalogue,
  mergeConsentCatalogue,
  type ConsentCatalogue,
} from '../../../../shared/consent/catalogue';
import { readJsonFile } from '../platform/durableFs';
import type { Logger } from '../platform/logger';

export const CONSENT_REFERENCE_FILE = 'consent-reference.json';

/** The defaults, with the data folder's consent-reference.json over them. A file that is not valid is not used
 *  (logged with its problems): clients then read the shipped texts, never a half-applied file. */
export async function loadConsentCatalogue(
  dataDir: string,
  logger: Pick<Logger, 'error'>,
): Promise<ConsentCatalogue> {
  let content: unknown;
  try {
    content = await readJsonFile(path.join(dataDir, CONSENT_REFERENCE_FILE));
  } catch (error) {
    logger.error('consent-reference.json cannot be read; the shipped consent texts are used', { error });
    return defaultConsentCatalogue;
  }
  if (content === undefined) return defaultConsentCatalogue;
  try {
    return mergeConsentCatalogue(defaultConsentCatalogue, content);
  } catch (error) {
    logger.error('consent-reference.json is not valid; the shipped consent texts are used', { error });
    return defaultConsentCatalogue;
  }
}
