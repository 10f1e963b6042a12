// consent.* behind the IPC contract: serves the texts, and records each tick as evidence with what main knows
// itself (trusted time, device, staff member, text hash). Side effects sit behind the store; decisions are the
// pure functions beside it (catalogue lookup, trusted time, summary).
import type { BoosterHandlers } from '../../../../shared/ipc';
import type { ConsentEvidence, ServedConsentText } from '../../../../shared/ipc/consent';
import {
  findConsentText,
  type ConsentCatalogue,
  type ConsentText,
} from '../../../../shared/consent/catalogue';
import type { Clock } from '../platform/clock';
import { correctTick, stampTick, type ClockNow } from './evidenceTime';
import type { ConsentEvidenceStore, StoredEvidence } from './evidenceStore';
import { consentSummaryFor, type ConsentSummaryLine } from './summary';
import { consentTextHash } from './textHash';

export class ConsentError extends Error {
  override readonly name = 'ConsentError';
  constructor(
    readonly code: 'unknownConsentText',
    message: string,
    readonly fields?: { path: string; code: string; message: string }[],
  ) {
    super(message);
  }
}

export type StaffMember = ConsentEvidence['staff'];

export interface ConsentServiceDeps {
  store: ConsentEvidenceStore;
  catalogue: ConsentCatalogue;
  deviceId: string;
  clock: Pick<Clock, 'now' | 'monotonic' | 'timeZone'>;
  monotonicEpoch: string;
  /** server − device from Booster's latest answer (the sync engine's), undefined until one is seen. */
  skewMs: () => number | undefined;
  /** The signed-in Booster user (credentials mode), if any. */
  boosterUser: () => Promise<string | undefined>;
}

export interface ConsentService {
  handlers: BoosterHandlers['consent'];
  /** For the per-event receipt: each client's last answer per purpose. */
  summaryFor(captureIds: readonly string[]): Map<string, ConsentSummaryLine[]>;
  /** A client erased on request: its evidence goes too (README, "Consent evidence"). */
  erase(captureId: string): Promise<number>;
}

/** Who staff are: Booster's signed-in user, else the event profile's sales representative, else unknown. */
export function staffMemberOf(boosterUser: string | undefined, staffHint: string | undefined): StaffMember {
  if (boosterUser?.trim()) return { name: boosterUser.trim(), source: 'boosterUser' };
  if (staffHint?.trim()) return { name: staffHint.trim(), source: 'eventProfile' };
  return { name: 'unknown', source: 'unknown' };
}

export function createConsentService(deps: ConsentServiceDeps): ConsentService {
  const hashes = new Map<ConsentText, string>();
  const served = (text: ConsentText): ServedConsentText => {
    let hash = hashes.get(text);
    if (hash === undefined) hashes.set(text, (hash = consentTextHash(text.text)));
    return { ...text, hash };
  };
  const clockNow = (): ClockNow => ({
    deviceNowMs: deps.clock.now(),
    monotonicNowMs: deps.clock.monotonic(),
    monotonicEpoch: deps.monotonicEpoch,
    skewMs: deps.skewMs(),
  });
  /** A row as shown: its time placed again if Booster's clock became known since the tick. */
  const shown = (row: StoredEvidence, now: ClockNow): ConsentEvidence => {
    const stamped = { atMs: Date.parse(row.evidence.at), source: row.evidence.timeSource };
    const trusted = correctTick(stamped, row.reading, now);
    return { ...row.evidence, at: new Date(trusted.atMs).toISOString(), timeSource: trusted.source };
  };
  const evidenceOf = (captureId: string): ConsentEvidence[] => {
    const now = clockNow();
    return deps.store.forCapture(captureId).map((row) => shown(row, now));
  };

  return {
    handlers: {
      catalogue: async () => ({
        // Only the newest version of each text per language is offered for new ticks.
        texts: deps.catalogue.texts
          .filter(
            (text) =>
              !deps.catalogue.texts.some(
                (other) =>
                  other.id === text.id && other.language === text.language && other.version > text.version,
              ),
          )
          .map(served),
        countryRules: deps.catalogue.countryRules,
      }),
      record: async (request) => {
        const text = findConsentText(deps.catalogue, request);
        if (!text || text.purpose !== request.purpose) {
          const message = `No consent text '${request.textId}' version ${request.version} in '${request.language}' for ${request.purpose}: reload the consent texts and tick again.`;
          throw new ConsentError('unknownConsentText', message, [
            { path: 'textId', code: 'unknownConsentText', message },
          ]);
        }
        const now = clockNow();
        const tick = stampTick(now);
        const row = await deps.store.append({
          evidence: {
            captureId: request.captureId,
            purpose: request.purpose,
            given: request.given,
            textId: text.id,
            version: text.version,
            language: text.language,
            textHash: served(text).hash,
            tickedBy: request.tickedBy,
            staff: staffMemberOf(await deps.boosterUser(), request.staffHint),
            deviceId: deps.deviceId,
            at: new Date(tick.atMs).toISOString(),
            timeSource: tick.source,
            deviceAt: new Date(now.deviceNowMs).toISOString(),
            timeZone: deps.clock.timeZone(),
          },
          reading: {
            deviceTimeMs: now.deviceNowMs,
            monotonicMs: now.monotonicNowMs,
            monotonicEpoch: now.monotonicEpoch,
          },
        });
        return row.evidence;
      },
      listForCapture: async ({ captureId }) => ({ evidence: evidenceOf(captureId) }),
      export: async ({ captureId }) => {
        const evidence = evidenceOf(captureId);
        const texts = new Map<string, ServedConsentText>();
        for (const row of evidence) {
          const text = findConsentText(deps.catalogue, row);
          const key = `${row.textId}\u0000${row.version}\u0000${row.language}`;
          if (text && !texts.has(key)) texts.set(key, served(text));
        }
        return {
          fileName: `consent-evidence-${captureId}.json`,
          document: {
            kind: 'booster-capture/consent-evidence' as const,
            version: 1 as const,
            captureId,
            exportedAt: new Date(deps.clock.now()).toISOString(),
            evidence,
            texts: [...texts.values()],
          },
        };
      },
    },
    summaryFor: (captureIds) =>
      consentSummaryFor(
        captureIds.flatMap((id) => evidenceOf(id)),
        captureIds,
      ),
    erase: (captureId) => deps.store.erase(captureId),
  };
}
