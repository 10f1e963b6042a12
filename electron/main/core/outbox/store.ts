// The storage behind the outbox. Implementations: FileOutboxStore (journal on disk) and, for unit tests,
// an in-memory store in test/support. Every write is durable when its promise resolves, and the index
// changes only after that.
import type { EntryMeta, StoredBody } from './types';

export interface OutboxStore {
  /** Loads the metadata index (never the bodies). Called once before anything else. */
  open(): Promise<void>;
  /** Entries' metadata in enqueue order. */
  metas(): IterableIterator<EntryMeta>;
  getMeta(captureId: string): EntryMeta | undefined;
  readBody(captureId: string): Promise<StoredBody | undefined>;
  /** Durably writes a snapshot of the entry, then makes it visible. */
  put(meta: EntryMeta, body: StoredBody): Promise<void>;
  /** Durably removes the entry. */
  remove(captureId: string): Promise<void>;
  readonly size: number;
  close(): Promise<void>;
}
