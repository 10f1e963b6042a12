// Main's view of the outbox and the sync engine, kept current from `onSyncChanged` pushes.
import type { BoosterBridge, IpcError, OutboxEntrySummary, SyncStatus } from '../../../shared/ipc';
import { mergeEntries, sortNewestFirst } from './outboxEntries';

/** Entries fetched per page of `outbox.list`; "Show more" fetches the next page. */
export const OUTBOX_PAGE_SIZE = 200;

export class SyncState {
  status = $state<SyncStatus>();
  /** Newest first. */
  entries = $state<OutboxEntrySummary[]>([]);
  error = $state<IpcError>();
  syncing = $state(false);
  /** Where the next page of `outbox.list` starts; undefined once every entry is loaded. */
  nextCursor = $state<string>();
  loadingMore = $state(false);

  readonly needsAttention = $derived(this.entries.filter((entry) => entry.state === 'needsAttention'));

  readonly #bridge: () => BoosterBridge;
  #unsubscribe: (() => void) | undefined;

  constructor(bridge: () => BoosterBridge) {
    this.#bridge = bridge;
  }

  async start(): Promise<void> {
    this.#unsubscribe ??= this.#bridge().onSyncChanged((event) => {
      this.status = event.status;
      this.#merge(event.changed);
    });
    await Promise.all([this.refreshStatus(), this.refreshList()]);
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  async refreshStatus(): Promise<void> {
    const result = await this.#bridge().sync.status();
    if (result.ok) this.status = result.value;
    else this.error = result.error;
  }

  /** Reload the list from its first page (pages loaded with "Show more" are fetched again when asked). */
  async refreshList(): Promise<void> {
    const result = await this.#bridge().outbox.list({ limit: OUTBOX_PAGE_SIZE });
    if (result.ok) {
      this.entries = sortNewestFirst(result.value.items);
      this.nextCursor = result.value.nextCursor;
      this.error = undefined;
    } else {
      this.error = result.error;
    }
  }

  /** The next page after the last one loaded, merged in (an entry already pushed by main is not doubled). */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (cursor === undefined || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const result = await this.#bridge().outbox.list({ limit: OUTBOX_PAGE_SIZE, cursor });
      if (result.ok) {
        this.entries = mergeEntries(this.entries, result.value.items);
        this.nextCursor = result.value.nextCursor;
        this.error = undefined;
      } else {
        this.error = result.error;
      }
    } finally {
      this.loadingMore = false;
    }
  }

  /** An entry main just acknowledged (enqueue) or changed (push). */
  upsert(entry: OutboxEntrySummary): void {
    this.#merge([entry]);
  }

  #merge(changed: OutboxEntrySummary[]): void {
    if (changed.length === 0) return;
    this.entries = mergeEntries(this.entries, changed);
  }

  async syncNow(): Promise<IpcError | undefined> {
    this.syncing = true;
    try {
      const result = await this.#bridge().sync.now();
      if (!result.ok) return result.error;
      this.status = result.value;
      await this.refreshList();
      return undefined;
    } finally {
      this.syncing = false;
    }
  }

  /** A person erased a client's local data (a data-subject request); `confirmUnsent` says they were told a
   *  client not yet in Booster will never reach it. */
  async erase(captureId: string, confirmUnsent: boolean): Promise<IpcError | undefined> {
    const result = await this.#bridge().outbox.erase({ captureId, confirmUnsent });
    if (!result.ok) return result.error;
    this.entries = this.entries.filter((entry) => entry.captureId !== captureId);
    await this.refreshStatus();
    return undefined;
  }

  /** A person decided a needsAttention entry will not be sent (e.g. a confirmed duplicate). */
  async discard(captureId: string): Promise<IpcError | undefined> {
    const result = await this.#bridge().outbox.discard({ captureId });
    if (!result.ok) return result.error;
    this.entries = this.entries.filter((entry) => entry.captureId !== captureId);
    await this.refreshStatus();
    return undefined;
  }
}
