// What `enqueue` does with each record of a file, decided before anything is written (pure): which
// captureId it gets, whether it repeats an earlier record of the file, and which fields would be lost.
//
// Records without a captureId get a stable one derived from their content, so running the same file again
// (after a crash, a full disk, a retry) finds them already queued instead of queuing them twice.
import { createHash } from 'node:crypto';
import { captureIdSchema } from '../../shared/ipc';
import {
  unknownFieldMessage,
  unknownFieldPaths,
  type UnknownField,
} from '../../shared/booster/unknown-fields';

export interface RecordIssue {
  path: string;
  code: string;
  message: string;
}

export interface RecordError {
  code: string;
  message: string;
  fields?: RecordIssue[];
}

export interface RecordWarning {
  path: string;
  message: string;
}

interface PlannedBase {
  index: number;
  warnings: RecordWarning[];
}

export type PlannedRecord =
  | (PlannedBase & { kind: 'enqueue'; captureId: string; record: Record<string, unknown> })
  /** The same captureId and the same content as an earlier record of the file: it shares that outcome. */
  | (PlannedBase & { kind: 'duplicate'; captureId: string; of: number })
  | (PlannedBase & { kind: 'refuse'; captureId?: string; error: RecordError });

const DERIVED_ID_NAMESPACE = 'booster-capture/cli-enqueue/v1';

/** Stable JSON: object keys sorted at every level, so the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A UUID (version 8, RFC 9562 custom: SHA-256 name-based) of the record's canonical JSON: the same record
 *  always gets the same id, whatever the order of its keys or its place in the file. */
export function derivedCaptureId(record: Record<string, unknown>): string {
  const bytes = createHash('sha256')
    .update(`${DERIVED_ID_NAMESPACE}\n${canonicalJson(record)}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function planEnqueue(records: readonly unknown[]): PlannedRecord[] {
  const firstById = new Map<string, { index: number; content: string }>();
  return records.map((item, index): PlannedRecord => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      const message = 'Each record must be a JSON object.';
      return {
        index,
        kind: 'refuse',
        warnings: [],
        error: { code: 'invalidRecord', message, fields: [{ path: '', code: 'invalidType', message }] },
      };
    }
    const { captureId: rawId, ...record } = item as Record<string, unknown>;
    const warnings = unknownFieldPaths(record).map((field: UnknownField) => ({
      path: field.path,
      message: unknownFieldMessage(field),
    }));
    let captureId: string;
    if (rawId === undefined) captureId = derivedCaptureId(record);
    else {
      const parsed = captureIdSchema.safeParse(rawId);
      if (!parsed.success) {
        const message =
          'captureId must be a UUID, or be left out (the CLI then derives one from the record).';
        return {
          index,
          kind: 'refuse',
          warnings,
          error: {
            code: 'invalidRecord',
            message,
            fields: [{ path: 'captureId', code: 'invalidValue', message }],
          },
        };
      }
      captureId = parsed.data;
    }
    const content = canonicalJson(record);
    const first = firstById.get(captureId);
    if (!first) {
      firstById.set(captureId, { index, content });
      return { index, kind: 'enqueue', captureId, record, warnings };
    }
    if (first.content === content) return { index, kind: 'duplicate', captureId, of: first.index, warnings };
    const message = `Records ${first.index} and ${index} have the same captureId ${captureId} but different content: record ${index} was not queued. Give each client its own captureId.`;
    return {
      index,
      kind: 'refuse',
      captureId,
      warnings,
      error: {
        code: 'duplicateCaptureId',
        message,
        fields: [{ path: 'captureId', code: 'duplicateCaptureId', message }],
      },
    };
  });
}
