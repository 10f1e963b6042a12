// Opens the consent side of a data folder: the reference texts and country rules (the defaults, with
// `consent-reference.json` laid over them when IT placed one), this installation's device id and the evidence
// journal.
import type { ConsentCatalogue } from '../../../../shared/consent/catalogue';
import type { Logger } from '../platform/logger';
import { loadConsentCatalogue } from './consentReference';
import { readOrCreateDeviceId } from './deviceId';
import { ConsentEvidenceStore, evidenceKeyFrom } from './evidenceStore';
import { createConsentService, type ConsentService, type ConsentServiceDeps } from './consentService';
import { consentSummaryFor, type ConsentSummaryLine } from './summary';

export { CONSENT_REFERENCE_FILE, loadConsentCatalogue } from './consentReference';

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

/** The receipt's consent summary where nothing is written (the CLI's receipt, beside a running app): the
 *  journal read once, without dropping a cut last line, times as recorded. */
export async function readConsentSummary(deps: {
  dataDir: string;
  contactKey: Uint8Array;
  logger: Pick<Logger, 'warn' | 'error'>;
  captureIds: readonly string[];
}): Promise<Map<string, ConsentSummaryLine[]>> {
  const store = await ConsentEvidenceStore.open({
    dataDir: deps.dataDir,
    key: evidenceKeyFrom(deps.contactKey),
    logger: deps.logger,
    readOnly: true,
  });
  try {
    return consentSummaryFor(
      store.all().map((row) => row.evidence),
      deps.captureIds,
    );
  } finally {
    await store.close();
  }
}
