// An in-memory OutboxStore for unit tests: same contract as the journal (snapshots copied, so callers
// cannot mutate what is "on disk"), plus a switch to make the next write fail like a full disk.
import { encodeJournalLine } from '../../../electron/main/core/outbox/journalLine';
import { noDamage, type DamageReport, type OutboxStore } from '../../../electron/main/core/outbox/store';
import { MAX_JOURNAL_LINE_BYTES, RecordTooLargeError } from '../../../electron/main/core/outbox/storeErrors';
import type { EntryMeta, StoredBody } from '../../../electron/main/core/outbox/types';

export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, { meta: EntryMeta; body: string }>();
  failNextWrites = 0;
  writes = 0;
  compactions = 0;

  async open(): Promise<void> {}

  metas(): IterableIterator<EntryMeta> {
    const values = this.entries.values();
    return (function* () {
      for (const value of values) yield value.meta;
    })();
  }

  getMeta(captureId: string): EntryMeta | undefined {
    return this.entries.get(captureId)?.meta;
  }

  async readBody(captureId: string): Promise<StoredBody | undefined> {
    return (await this.readEntry(captureId))?.body;
  }

  async readEntry(captureId: string): Promise<{ meta: EntryMeta; body: StoredBody } | undefined> {
    const entry = this.entries.get(captureId);
    return entry ? { meta: entry.meta, body: JSON.parse(entry.body) as StoredBody } : undefined;
  }

  async put(meta: EntryMeta, body: StoredBody): Promise<void> {
    // The journal refuses a line it could not hold; so does this fake, or tests would pass what the app refuses.
    const bytes = encodeJournalLine(meta, body).length;
    if (bytes > MAX_JOURNAL_LINE_BYTES) throw new RecordTooLargeError(bytes);
    this.failIfAsked();
    this.writes += 1;
    this.entries.set(meta.captureId, { meta: structuredClone(meta), body: JSON.stringify(body) });
  }

  async remove(captureId: string): Promise<void> {
    this.failIfAsked();
    this.entries.delete(captureId);
  }

  /** Memory keeps no earlier snapshots: nothing to rewrite. Counted, so tests see when the outbox asked. */
  async compact(): Promise<void> {
    this.compactions += 1;
  }

  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {}

  /** Memory is never damaged. */
  damage(): DamageReport {
    return noDamage();
  }

  async acknowledgeDamage(): Promise<number> {
    return 0;
  }

  private failIfAsked(): void {
    if (this.failNextWrites > 0) {
      this.failNextWrites -= 1;
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }
  }
}
