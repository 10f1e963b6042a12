// Entries and journal lines for the storage tests, and a way to write lines the current writer would refuse
// (as an older version of the app could have).
import { crc32 } from 'node:zlib';
import type { EntryMeta, StoredBody } from '../../../electron/main/core/outbox/types';

export function meta(captureId: string, version = 1, overrides: Partial<EntryMeta> = {}): EntryMeta {
  return {
    captureId,
    version,
    state: 'pending',
    enqueuedAt: 1,
    updatedAt: 1,
    nextAttemptAt: 1,
    possibleDuplicate: false,
    attemptCount: 0,
    contactHashes: [],
    ...overrides,
  };
}

export function body(note: string): StoredBody {
  return {
    personal: JSON.stringify({ displayName: note, record: { lastName: note } }),
    capture: {
      deviceTimeMs: 1,
      timeZone: 'UTC',
      monotonicMs: 1,
      monotonicEpoch: 'e',
      registrationDateFromDevice: true,
    },
    attempts: [],
  };
}

export function displayNameOf(stored: StoredBody | undefined): string | undefined {
  return stored ? (JSON.parse(stored.personal) as { displayName: string }).displayName : undefined;
}

/** A line with a valid checksum around any content: what a bug or a format change could leave behind. */
export function lineWithValidChecksum(metaJson: string, bodyJson: string): Buffer {
  const content = Buffer.from(`${metaJson}\t${bodyJson}`, 'utf8');
  return Buffer.concat([
    Buffer.from(`${crc32(content).toString(16).padStart(8, '0')}\t`, 'latin1'),
    content,
    Buffer.from('\n', 'latin1'),
  ]);
}
