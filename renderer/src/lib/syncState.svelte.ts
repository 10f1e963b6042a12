// Main's view of the outbox and the sync engine, kept current from `onSyncChanged` pushes. Main pages and
// filters the list (newest first, by state); every count comes from the engine's status, never from the
// entries loaded so far.
import type {
  BoosterBridge,
  IpcError,
  OutboxEntrySummary,
  OutboxState,
  SyncStatus,
} from '../../../shared/ipc';
import { mergeEntries } from './outboxEntries';

/** Entries fetched per page of `outbox.list`; "Show more" fetches the next page. */
export const OUTBOX_PAGE_SIZE = 200;

export type OutboxFilter = 'all' | 'needsAttention' | 'pending' | 'sent';

/** The states main is asked for under each filter ("pending" includes the one being sent). */
export const filterStates: Record<OutboxFilter, OutboxState[] | undefined> = {
  all: undefined,
  needsAttention: ['needsAttention'],
  pending: ['pending', 'sending'],
  sent: ['sent'],
};

/** How many entries a filter holds, from the engine's counts (all of them, loaded or not). */
export function filterCount(status: SyncStatus | undefined, filter: OutboxFilter): number {
  if (!status) return 0;
  const states = filterStates[filter] ?? (['pending', 'sending', 'sent', 'needsAttention'] as const);
  return states.reduce((sum, state) => sum + status.counts[state], 0);
}

export class SyncState {
  status = $state<SyncStatus>();
  /** The entries of `filter` loaded so far, newest first. */
  entries = $state<OutboxEntrySummary[]>([]);
  filter = $state<OutboxFilter>('all');
  error = $state<IpcError>();
  syncing = $state(false);
  /** Where the next page of `outbox.list` starts; undefined once every entry is loaded. */
  nextCursor = $state<string>();
  loadingMore = $state(false);

  /** Entries needing a person, counted by main (the navigation badge). */
  readonly needsAttentionCount = $derived(this.status?.counts.needsAttention ?? 0);

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

  /** Shows another filter: its first page, asked of main. */
  async showFilter(filter: OutboxFilter): Promise<void> {
    this.filter = filter;
    await this.refreshList();
  }

  /** Reload the list from its first page (pages loaded with "Show more" are fetched again when asked). */
  async refreshList(): Promise<void> {
    const filter = this.filter;
    const result = await this.#bridge().outbox.list(this.#listRequest(undefined));
    // A page for a filter no longer shown is dropped (the person switched while it was coming).
    if (filter !== this.filter) return;
    if (result.ok) {
      this.entries = result.value.items;
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
    const filter = this.filter;
    this.loadingMore = true;
    try {
      const result = await this.#bridge().outbox.list(this.#listRequest(cursor));
      if (filter !== this.filter) return;
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

  #listRequest(cursor: string | undefined): Parameters<BoosterBridge['outbox']['list']>[0] {
    const states = filterStates[this.filter];
    return {
      order: 'newestFirst',
      limit: OUTBOX_PAGE_SIZE,
      ...(states ? { states } : {}),
      ...(cursor === undefined ? {} : { cursor }),
    };
  }

  /** Pushed news: an entry that left the filter's states leaves the list, one that entered it joins. */
  #merge(changed: OutboxEntrySummary[]): void {
    if (changed.length === 0) return;
    const states = filterStates[this.filter];
    const merged = mergeEntries(this.entries, changed);
    this.entries = states ? merged.filter((entry) => states.includes(entry.state)) : merged;
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

  /** A person checked Booster and wants a client held as "Booster may already have it" sent again. */
  async sendAgain(captureId: string): Promise<IpcError | undefined> {
    const result = await this.#bridge().outbox.sendAgain({ captureId });
    if (!result.ok) return result.error;
    this.#merge([result.value]);
    await this.refreshStatus();
    return undefined;
  }

  /** A person found the client in Booster: marked sent with the id they typed. */
  async recordBoosterId(captureId: string, boosterCustomerId: number): Promise<IpcError | undefined> {
    const result = await this.#bridge().outbox.recordBoosterId({ captureId, boosterCustomerId });
    if (!result.ok) return result.error;
    this.#merge([result.value]);
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
