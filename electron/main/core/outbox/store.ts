// The storage behind the outbox. Implementations: FileOutboxStore (journal on disk) and, for unit tests,
// an in-memory store in test/support. Every write is durable when its promise resolves, and the index
// changes only after that.
import type { EntryMeta, StoredBody } from './types';

/** Damage found in the journal and not yet acknowledged by a person. */
export interface DamageReport {
  /** Journal lines that could not be used (garbled, of an unexpected shape, or with an unreadable body). */
  lines: number;
  bytes: number;
  /** The capture ids that could still be read from those lines. */
  captureIds: string[];
  /** Copies of the damaged bytes kept for a person (absolute paths); none for damage not yet saved. */
  files: string[];
}

export function noDamage(): DamageReport {
  return { lines: 0, bytes: 0, captureIds: [], files: [] };
}

export interface OutboxStore {
  /** Loads the metadata index (never the bodies). Called once before anything else. */
  open(): Promise<void>;
  /** Entries' metadata in enqueue order. */
  metas(): IterableIterator<EntryMeta>;
  getMeta(captureId: string): EntryMeta | undefined;
  /** undefined when the entry is unknown or its body is damaged (then it appears in `damage()`). */
  readBody(captureId: string): Promise<StoredBody | undefined>;
  /** The body with the metadata of the same snapshot (the body is bound to its version), even when a write
   *  of a newer snapshot lands during the read; undefined as for readBody. */
  readEntry(captureId: string): Promise<{ meta: EntryMeta; body: StoredBody } | undefined>;
  /** Durably writes a snapshot of the entry, then makes it visible. */
  put(meta: EntryMeta, body: StoredBody): Promise<void>;
  /** Durably removes the entry. */
  remove(captureId: string): Promise<void>;
  /** Rewrites the storage with the live entries only, so that no earlier snapshot of any entry (a removed
   *  client, the full record of one since sent) can be read back from it; durable when it resolves. */
  compact(): Promise<void>;
  readonly size: number;
  /** Damage not yet acknowledged: saved reports in the data folder plus what this store saw but could not save. */
  damage(): DamageReport;
  /** Marks the saved damage reports as seen by a person (the damaged bytes stay); returns how many. */
  acknowledgeDamage(): Promise<number>;
  close(): Promise<void>;
}
