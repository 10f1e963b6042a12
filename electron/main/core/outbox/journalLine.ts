// One journal line: `<crc32 hex>\t<meta JSON>\t<body JSON>\n`. JSON never contains a raw tab or newline,
// so the separators are unambiguous; the checksum covers meta and body and exposes torn or garbled lines.
import { crc32 } from 'node:zlib';
import type { EntryMeta, StoredBody } from './types';
import { outboxStateSchema } from '../../../../shared/ipc';

const TAB = 0x09;
const CRC_LENGTH = 8;

export function encodeJournalLine(meta: EntryMeta, body: StoredBody | undefined): Buffer {
  const content = Buffer.from(`${JSON.stringify(meta)}\t${body ? JSON.stringify(body) : '{}'}`, 'utf8');
  const crc = crc32(content).toString(16).padStart(CRC_LENGTH, '0');
  return Buffer.concat([Buffer.from(`${crc}\t`, 'latin1'), content, Buffer.from('\n', 'latin1')]);
}

export interface DecodedLine {
  meta: EntryMeta;
  /** Byte range of the body JSON within the line. */
  bodyStart: number;
  bodyLength: number;
}

/** Whether a line (without its newline) is what the writer wrote, whatever its shape. */
export function hasValidChecksum(line: Buffer): boolean {
  if (line.length < CRC_LENGTH + 4 || line[CRC_LENGTH] !== TAB) return false;
  const crcText = line.toString('latin1', 0, CRC_LENGTH);
  if (!/^[0-9a-f]{8}$/.test(crcText)) return false;
  return crc32(line.subarray(CRC_LENGTH + 1)) === Number.parseInt(crcText, 16);
}

/** Decodes a line without its trailing newline; undefined when torn, garbled or of an unknown shape. */
export function decodeJournalLine(line: Buffer): DecodedLine | undefined {
  if (!hasValidChecksum(line)) return undefined;
  const separator = line.indexOf(TAB, CRC_LENGTH + 1);
  if (separator < 0) return undefined;
  try {
    const meta: unknown = JSON.parse(line.toString('utf8', CRC_LENGTH + 1, separator));
    if (!isEntryMeta(meta)) return undefined;
    return { meta, bodyStart: separator + 1, bodyLength: line.length - separator - 1 };
  } catch {
    return undefined;
  }
}

const states = new Set<string>(outboxStateSchema.options);

/** A hand-written check rather than zod: it runs for every line at start-up (100k lines must open fast);
 *  the checksum already proves the line is what we wrote, so this only guards against a format change. */
function isEntryMeta(value: unknown): value is EntryMeta {
  if (!value || typeof value !== 'object') return false;
  const meta = value as Record<string, unknown>;
  return (
    typeof meta.captureId === 'string' &&
    typeof meta.version === 'number' &&
    typeof meta.state === 'string' &&
    states.has(meta.state) &&
    typeof meta.enqueuedAt === 'number' &&
    typeof meta.updatedAt === 'number' &&
    typeof meta.possibleDuplicate === 'boolean' &&
    typeof meta.attemptCount === 'number' &&
    Array.isArray(meta.contactHashes) &&
    meta.contactHashes.every((hash) => typeof hash === 'string') &&
    optional(meta.nextAttemptAt, 'number') &&
    optional(meta.boosterCustomerId, 'number') &&
    optional(meta.sentAt, 'number') &&
    optional(meta.attentionReason, 'string') &&
    (meta.lastError === undefined || isError(meta.lastError)) &&
    (meta.removed === undefined || meta.removed === true)
  );
}

function optional(value: unknown, type: 'number' | 'string'): boolean {
  return value === undefined || typeof value === type;
}

function isError(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const error = value as Record<string, unknown>;
  return typeof error.code === 'string' && typeof error.message === 'string';
}
