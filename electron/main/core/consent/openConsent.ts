// Opens the consent side of a data folder: the reference texts and country rules (the defaults, with
// `consent-reference.json` laid over them when IT placed one), this installation's device id and the evidence
// journal.
import path from 'node:path';
import {
  defaultConsentCatalogue,
  mergeConsentCatalogue,
  type ConsentCatalogue,
} from '../../../../shared/consent/catalogue';
import { readJsonFile } from '../platform/durableFs';
import type { Logger } from '../platform/logger';
import { readOrCreateDeviceId } from './deviceId';
import { ConsentEvidenceStore, evidenceKeyFrom } from './evidenceStore';
import { createConsentService, type ConsentService, type ConsentServiceDeps } from './consentService';

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

export interface OpenConsent {
  service: ConsentService;
  catalogue: ConsentCatalogue;
  close(): Promise<void>;
}

export async function openConsent(
  deps: {
    dataDir: string;
    contactKey: Uint8Array;
    logger: Logger;
    catalogue?: ConsentCatalogue;
  } & Omit<ConsentServiceDeps, 'store' | 'catalogue' | 'deviceId'>,
): Promise<OpenConsent> {
  const catalogue = deps.catalogue ?? (await loadConsentCatalogue(deps.dataDir, deps.logger));
  const deviceId = await readOrCreateDeviceId(deps.dataDir);
  const store = await ConsentEvidenceStore.open({
    dataDir: deps.dataDir,
    key: evidenceKeyFrom(deps.contactKey),
    logger: deps.logger,
  });
  const service = createConsentService({ ...deps, store, catalogue, deviceId });
  return { service, catalogue, close: () => store.close() };
}
