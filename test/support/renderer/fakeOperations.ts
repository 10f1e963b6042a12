// The `operations` domain of the renderer's fake bridge, built on the core's own pure modules (receipt rows
// and CSV with the consent summary, the rescue file format, the diagnostics text) over the fake's entries,
// enqueued records and consent evidence.
import type { BoosterBridge, IpcError, IpcResult, OutboxEntrySummary, SyncStatus } from '../../../shared/ipc';
import type { ConsentEvidence } from '../../../shared/ipc/consent';
import { consentSummaryFor } from '../../../electron/main/core/consent/summary';
import { buildDiagnostics } from '../../../electron/main/core/operations/diagnostics';
import { checkReceiptQuery, receiptCsv, receiptRows } from '../../../electron/main/core/operations/receipt';
import {
  decodeRescue,
  encodeRescue,
  type RescueRecord,
} from '../../../electron/main/core/operations/rescueFile';

export interface FakeOperationsSource {
  entries: OutboxEntrySummary[];
  readonly enqueued: { captureId: string; record: Record<string, unknown> }[];
  status: SyncStatus;
  /** What consent.record kept, summed up per client on the receipt as main does. */
  readonly consentEvidence: readonly ConsentEvidence[];
  readonly calls: { method: string; request: unknown }[];
}

/** The lowest cost the format accepts: the same file, made quickly in tests. */
const testCost = { N: 2 ** 14, r: 8, p: 1 };
const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

/** A thrown core error as main's dispatcher would answer it. */
function failure(error: unknown): { ok: false; error: IpcError } {
  const { code, message, fields } = error as { code?: string; message?: string; fields?: IpcError['fields'] };
  return {
    ok: false,
    error: { code: code ?? 'internal', message: message ?? String(error), ...(fields ? { fields } : {}) },
  };
}

const recordOf = (source: FakeOperationsSource, captureId: string) =>
  source.enqueued.findLast((item) => item.captureId === captureId)?.record;

export function createFakeOperations(source: () => FakeOperationsSource): BoosterBridge['operations'] {
  return {
    async receipt(request) {
      const fake = source();
      fake.calls.push({ method: 'operations.receipt', request });
      try {
        const query = checkReceiptQuery(request);
        const consents = consentSummaryFor(
          fake.consentEvidence,
          fake.entries.map((entry) => entry.captureId),
        );
        const rows = receiptRows(
          query,
          fake.entries.map((entry) => ({
            captureId: entry.captureId,
            capturedAtMs: Date.parse(entry.enqueuedAt),
            timeZone: 'UTC',
            displayName: entry.displayName,
            state: entry.state,
            posCode: recordOf(fake, entry.captureId)?.posCode as string | undefined,
            boosterCustomerId: entry.boosterCustomerId,
            possibleDuplicate: entry.possibleDuplicate,
            attempts: entry.attempts,
            consents: consents.get(entry.captureId),
          })),
        );
        return ok({ rows, csv: receiptCsv(rows) });
      } catch (error) {
        return failure(error);
      }
    },
    async exportRescue(request) {
      const fake = source();
      fake.calls.push({ method: 'operations.exportRescue', request: { passphrase: '[given]' } });
      const records: RescueRecord[] = fake.entries.flatMap((entry) => {
        const record = recordOf(fake, entry.captureId);
        if (entry.state === 'sent' || !record) return [];
        const at = Date.parse(entry.enqueuedAt);
        return [
          {
            captureId: entry.captureId,
            record,
            capture: {
              deviceTimeMs: at,
              timeZone: 'UTC',
              monotonicMs: 0,
              monotonicEpoch: 'fake',
              registrationDateFromDevice: true,
            },
            state: entry.state,
            possibleDuplicate: entry.possibleDuplicate,
            attemptCount: entry.attempts,
            enqueuedAt: at,
          },
        ];
      });
      try {
        const bytes = await encodeRescue(records, request.passphrase, { cost: testCost });
        return ok({
          fileName: 'booster-rescue-test.boosterrescue',
          contentBase64: Buffer.from(bytes).toString('base64'),
          count: records.length,
          unreadable: 0,
        });
      } catch (error) {
        return failure(error);
      }
    },
    async importRescue(request) {
      const fake = source();
      fake.calls.push({ method: 'operations.importRescue', request: { passphrase: '[given]' } });
      try {
        const records = await decodeRescue(Buffer.from(request.contentBase64, 'base64'), request.passphrase);
        let imported = 0;
        let alreadyPresent = 0;
        for (const rescued of records) {
          if (fake.entries.some((entry) => entry.captureId === rescued.captureId)) {
            alreadyPresent += 1;
            continue;
          }
          const at = new Date().toISOString();
          fake.enqueued.push({ captureId: rescued.captureId, record: rescued.record });
          fake.entries = [
            ...fake.entries,
            {
              captureId: rescued.captureId,
              state: 'pending',
              displayName: String(rescued.record.lastName ?? ''),
              enqueuedAt: at,
              updatedAt: at,
              attempts: 0,
              possibleDuplicate: false,
            },
          ];
          imported += 1;
        }
        const possibleDuplicates = records.filter((record) => record.possibleDuplicate).length;
        return ok({ inFile: records.length, imported, alreadyPresent, possibleDuplicates, refused: [] });
      } catch (error) {
        return failure(error);
      }
    },
    async diagnostics() {
      const fake = source();
      fake.calls.push({ method: 'operations.diagnostics', request: undefined });
      const text = buildDiagnostics({
        generatedAt: new Date(),
        app: { version: 'test', platform: 'test', arch: 'test', node: 'test' },
        settings: {},
        status: fake.status,
        lastErrors: fake.entries.flatMap((entry) =>
          entry.lastError
            ? [{ captureId: entry.captureId, state: entry.state, at: entry.updatedAt, ...entry.lastError }]
            : [],
        ),
        logLines: [],
        secrets: [],
      });
      return ok({ text });
    },
  };
}
