// What a store manager and IT do when something goes wrong, over the durable outbox: the rescue export (the
// unsent clients as one encrypted file), its import on another laptop (through the normal durable enqueue,
// keyed by capture id, so nothing is ever queued twice), and the event receipt with each client's consents as
// evidenced. The formats and decisions are pure (rescueFile.ts, receipt.ts); this file only reads and writes
// through the Outbox, and reads the consent evidence through the summary it is given.
import type { OutboxState, RescueImportResult } from '../../../../shared/ipc';
import type { ConsentSummaryLine } from '../consent/summary';
import type { Outbox, RecordValidator } from '../outbox/outbox';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import {
  checkReceiptQuery,
  receiptConsents,
  receiptCsv,
  receiptRows,
  type ReceiptQuery,
  type ReceiptRow,
  type ReceiptSource,
} from './receipt';
import {
  decodeRescue,
  encodeRescue,
  normalizePassphrase,
  RescueFileError,
  type RescueRecord,
  type ScryptCost,
} from './rescueFile';

/** Booster does not have these yet: they are what a broken laptop must not lose. */
export const UNSENT_STATES: OutboxState[] = ['pending', 'sending', 'needsAttention'];

export interface OperationsDeps {
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** The outbox's own check of a record (contract and country rules, createCustomerValidator.ts): the import
   *  refuses before queuing anything what the enqueue would refuse one by one. */
  validate: RecordValidator;
  /** Each client's last consent answer per purpose (consent/summary.ts); absent: the receipt says 'none'. */
  consentSummary?: (
    captureIds: readonly string[],
  ) => Map<string, ConsentSummaryLine[]> | Promise<Map<string, ConsentSummaryLine[]>>;
  /** Records were queued: the engine, when there is one, looks at once. */
  onEnqueued?: () => void;
  /** scrypt cost of new rescue files (default rescueFile.defaultScryptCost). */
  rescueCost?: ScryptCost;
}

export interface RescueExport {
  fileName: string;
  bytes: Uint8Array;
  count: number;
  unreadable: number;
}

export interface Operations {
  exportRescue(passphrase: string): Promise<RescueExport>;
  importRescue(bytes: Uint8Array, passphrase: string): Promise<RescueImportResult>;
  receipt(query: ReceiptQuery): Promise<{ rows: ReceiptRow[]; csv: string }>;
}

/** How many enqueues share one flush (group commit) during an import. */
const IMPORT_BATCH = 32;

export function createOperations(deps: OperationsDeps): Operations {
  const { outbox, clock, logger } = deps;
  return {
    async exportRescue(passphrase) {
      // Checked before reading anything: a short passphrase costs nothing.
      normalizePassphrase(passphrase);
      const records: RescueRecord[] = [];
      let unreadable = 0;
      for await (const { meta, content } of outbox.entriesWithContent(UNSENT_STATES)) {
        if (!content?.personal.record) {
          unreadable += 1;
          continue;
        }
        records.push({
          captureId: meta.captureId,
          record: content.personal.record,
          capture: content.capture,
          state: meta.state as RescueRecord['state'],
          possibleDuplicate: meta.possibleDuplicate,
          attemptCount: meta.attemptCount,
          enqueuedAt: meta.enqueuedAt,
          ...(meta.attentionReason ? { attentionReason: meta.attentionReason } : {}),
          attempts: content.attempts.slice(-100),
        });
      }
      const now = new Date(clock.now());
      const bytes = await encodeRescue(records, passphrase, {
        now,
        ...(deps.rescueCost ? { cost: deps.rescueCost } : {}),
      });
      if (unreadable > 0)
        logger.warn('rescue export: unsent clients whose data cannot be read', { count: unreadable });
      logger.info('rescue export written', { count: records.length, bytes: bytes.length });
      return { fileName: rescueFileName(now), bytes, count: records.length, unreadable };
    },

    async importRescue(bytes, passphrase) {
      const records = await decodeRescue(bytes, passphrase);
      // Every record is checked before the first is queued: a file with one bad record changes nothing.
      const refused: RescueImportResult['refused'] = [];
      const toQueue: { record: Record<string, unknown>; entry: RescueRecord }[] = [];
      const seen = new Set<string>();
      let alreadyPresent = 0;
      for (const entry of records) {
        if (seen.has(entry.captureId) || outbox.stateOf(entry.captureId) !== undefined) {
          alreadyPresent += 1;
          continue;
        }
        seen.add(entry.captureId);
        const validated = deps.validate(entry.record);
        if (validated.ok) toQueue.push({ record: entry.record, entry });
        else
          refused.push({
            captureId: entry.captureId,
            reasons: validated.issues.slice(0, 50).map((issue) => `${issue.path}: ${issue.message}`),
          });
      }
      const answer = { inFile: records.length, alreadyPresent, refused: refused.slice(0, 1000) };
      if (refused.length > 0) {
        logger.warn('rescue import refused: records not valid', { count: refused.length });
        return { ...answer, imported: 0, possibleDuplicates: 0 };
      }
      let imported = 0;
      let possibleDuplicates = 0;
      for (let start = 0; start < toQueue.length; start += IMPORT_BATCH) {
        await Promise.all(
          toQueue.slice(start, start + IMPORT_BATCH).map(async ({ record, entry }) => {
            // The capture clock travels with the record: its registration date and capture moment stay theirs.
            await outbox.enqueue(entry.captureId, record, { capture: entry.capture });
            imported += 1;
            if (entry.possibleDuplicate || entry.state === 'sending') possibleDuplicates += 1;
          }),
        );
      }
      if (imported > 0) deps.onEnqueued?.();
      logger.info('rescue import done', { count: imported, entries: records.length });
      return { ...answer, imported, possibleDuplicates };
    },

    async receipt(query) {
      // The query is checked before the outbox is read.
      const checked = checkReceiptQuery(query);
      const sources: ReceiptSource[] = [];
      for await (const { meta, content } of outbox.entriesWithContent()) {
        if (!content) continue;
        const { record, posCode } = content.personal;
        sources.push({
          captureId: meta.captureId,
          capturedAtMs: content.capture.deviceTimeMs,
          timeZone: content.capture.timeZone,
          displayName: content.personal.displayName,
          state: meta.state,
          posCode: typeof record?.posCode === 'string' ? record.posCode : posCode,
          boosterCustomerId: meta.boosterCustomerId,
          possibleDuplicate: meta.possibleDuplicate,
          attempts: meta.attemptCount,
        });
      }
      const rows = receiptRows(checked, sources);
      // The evidence is read for the receipt's clients only, once for all of them.
      if (deps.consentSummary && rows.length > 0) {
        const summary = await deps.consentSummary(rows.map((row) => row.captureId));
        for (const row of rows) row.consents = receiptConsents(summary.get(row.captureId) ?? []);
      }
      return { rows, csv: receiptCsv(rows) };
    },
  };
}

/** booster-rescue-2026-11-30T08-05-31Z.boosterrescue: sortable, and valid on every OS. */
export function rescueFileName(at: Date): string {
  return `booster-rescue-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z.boosterrescue`;
}

export { RescueFileError };
