// Everything the outbox knows about its entries in memory, kept in step with the metadata in one place
// (`update(before, after)`), so that every operation costs O(1) or O(log n) in the backlog: counters per
// state, due entries in a min-heap by nextAttemptAt (stale items dropped lazily by version), sent entries
// in a min-heap by sent time, the enqueue order for paging per state (all entries: their merge),
// contact hash -> entries, Booster id -> entry.
import type { OutboxState } from '../../../../shared/ipc';
import { compareOrderKeys, EnqueueOrder, type OrderKey } from './enqueueOrder';
import { MinHeap } from './minHeap';
import type { ExpiryItem, ExpiryQueue } from './retentionSweep';
import { sentTimeOf } from './transitions';
import type { EntryMeta } from './types';

export interface StateCounts {
  pending: number;
  sending: number;
  sent: number;
  needsAttention: number;
  possibleDuplicate: number;
}

const ALL_STATES: readonly OutboxState[] = ['pending', 'sending', 'sent', 'needsAttention'];

interface DueItem {
  at: number;
  captureId: string;
  version: number;
}

export class OutboxIndex implements ExpiryQueue {
  private readonly due = new MinHeap<DueItem>((item) => item.at);
  private readonly sentByTime = new MinHeap<ExpiryItem>((item) => item.at);
  /** The enqueue order per state, so a page filtered by state never visits the entries of other states; the
   *  whole order is their merge (one order less to keep per entry: at 100,000 queued, megabytes). */
  private readonly orderByState: Record<OutboxState, EnqueueOrder> = {
    pending: new EnqueueOrder(),
    sending: new EnqueueOrder(),
    sent: new EnqueueOrder(),
    needsAttention: new EnqueueOrder(),
  };
  private readonly counts: StateCounts = {
    pending: 0,
    sending: 0,
    sent: 0,
    needsAttention: 0,
    possibleDuplicate: 0,
  };
  // One id per hash is the common case: kept as a bare string, a Set only when several entries share it.
  private readonly contacts = new Map<string, string | Set<string>>();
  /** Booster id -> the sent entry that got it first: an id answered for a second client is suspicious. */
  /** Who holds each Booster id, per environment (boosterIdKey). */
  private readonly boosterIds = new Map<string, string>();

  /** `currentMeta` tells which heap items are stale (the store's metadata is the truth). */
  constructor(private readonly currentMeta: (captureId: string) => EntryMeta | undefined) {}

  /** Records one entry's change: `before` undefined for a new entry, `after` undefined for a removal. */
  update(before: EntryMeta | undefined, after: EntryMeta | undefined): void {
    if (before) this.forget(before, after);
    if (after) this.remember(after, before);
  }

  stateCounts(): StateCounts {
    return { ...this.counts };
  }

  nextDueAt(): number | undefined {
    this.dropStaleDue();
    return this.due.peek()?.at;
  }

  /** Takes up to `limit` entries due at `now` off the heap; each comes back only through `makeDue` or a write. */
  takeDue(now: number, limit: number): string[] {
    const ids: string[] = [];
    while (ids.length < limit) {
      this.dropStaleDue();
      const top = this.due.peek();
      if (!top || top.at > now) break;
      this.due.pop();
      ids.push(top.captureId);
    }
    return ids;
  }

  /** Puts a pending entry back on the heap, due at its own time or at `notBefore` if that is later. */
  makeDue(meta: EntryMeta, notBefore: number): void {
    this.due.push({
      at: Math.max(meta.nextAttemptAt ?? 0, notBefore),
      captureId: meta.captureId,
      version: meta.version,
    });
  }

  /** Entries in enqueue order strictly after `after` (from the start when undefined). */
  idsAfter(after: OrderKey | undefined): Iterable<string> {
    return this.idsInStates(ALL_STATES, after, false);
  }

  /** Entries in reverse enqueue order (newest first) strictly before `before` (from the end when undefined). */
  idsBefore(before: OrderKey | undefined): Iterable<string> {
    return this.idsInStates(ALL_STATES, before, true);
  }

  /** Entries in one of `states`, in enqueue order (or newest first) strictly beyond `from`: a merge of the
   *  per-state orders, O(log n) to start and O(states) per entry, whatever the backlog of other states. */
  *idsInStates(
    states: Iterable<OutboxState>,
    from: OrderKey | undefined,
    newestFirst: boolean,
  ): Generator<string> {
    const direction = newestFirst ? -1 : 1;
    const heads = [...new Set(states)].map((state) => {
      const order = this.orderByState[state];
      const ids = newestFirst ? order.before(from) : order.after(from);
      return { order, ids, next: ids.next() };
    });
    for (;;) {
      let best: (typeof heads)[number] | undefined;
      let bestKey: OrderKey | undefined;
      for (const head of heads) {
        if (head.next.done) continue;
        const key = head.order.keyOf(head.next.value)!;
        if (!bestKey || direction * compareOrderKeys(key, bestKey) < 0) {
          best = head;
          bestKey = key;
        }
      }
      if (!best || best.next.done) return;
      yield best.next.value;
      best.next = best.ids.next();
    }
  }

  /** Entries holding a contact hash. */
  holdersOf(hash: string): readonly string[] | ReadonlySet<string> {
    const holders = this.contacts.get(hash);
    return typeof holders === 'string' ? [holders] : (holders ?? []);
  }

  /** Claims a Booster id for an entry before its `sent` is written, so that two answers in flight cannot
   *  both take it. 'taken': another entry holds it; 'claimed': newly ours (undo with `dropClaim` if the
   *  write fails); 'ours': held already. */
  claimBoosterId(
    boosterId: number,
    captureId: string,
    environmentId: string | undefined,
  ): 'claimed' | 'ours' | 'taken' {
    const key = boosterIdKey(environmentId, boosterId);
    const holder = this.boosterIds.get(key);
    if (holder === undefined) {
      this.boosterIds.set(key, captureId);
      return 'claimed';
    }
    return holder === captureId ? 'ours' : 'taken';
  }

  dropClaim(boosterId: number, captureId: string, environmentId: string | undefined): void {
    const key = boosterIdKey(environmentId, boosterId);
    if (this.boosterIds.get(key) === captureId) this.boosterIds.delete(key);
  }

  takeExpired(before: number): ExpiryItem | undefined {
    const top = this.sentByTime.peek();
    return top && top.at < before ? this.sentByTime.pop() : undefined;
  }

  putBackExpired(item: ExpiryItem): void {
    this.sentByTime.push(item);
  }

  private forget(before: EntryMeta, after: EntryMeta | undefined): void {
    if (after?.state !== before.state) this.orderByState[before.state].remove(before.captureId);
    this.counts[before.state] -= 1;
    if (before.possibleDuplicate) this.counts.possibleDuplicate -= 1;
    for (const hash of before.contactHashes) this.unindexContact(hash, before.captureId);
    if (before.boosterCustomerId !== undefined)
      this.dropClaim(before.boosterCustomerId, before.captureId, before.environmentId);
  }

  private remember(after: EntryMeta, before: EntryMeta | undefined): void {
    this.orderByState[after.state].add(after.captureId, after.enqueuedAt);
    this.counts[after.state] += 1;
    if (after.possibleDuplicate) this.counts.possibleDuplicate += 1;
    for (const hash of after.contactHashes) this.indexContact(hash, after.captureId);
    if (after.state === 'sent') {
      if (before?.state !== 'sent')
        this.sentByTime.push({ at: sentTimeOf(after), captureId: after.captureId });
      // Only a confirmed send owns its id; the first entry to get one keeps it.
      if (after.boosterCustomerId !== undefined) {
        const key = boosterIdKey(after.environmentId, after.boosterCustomerId);
        if (!this.boosterIds.has(key)) this.boosterIds.set(key, after.captureId);
      }
    }
    if (after.state === 'pending') this.makeDue(after, 0);
  }

  private indexContact(hash: string, captureId: string): void {
    const holders = this.contacts.get(hash);
    if (holders === undefined) this.contacts.set(hash, captureId);
    else if (typeof holders === 'string') {
      if (holders !== captureId) this.contacts.set(hash, new Set([holders, captureId]));
    } else holders.add(captureId);
  }

  private unindexContact(hash: string, captureId: string): void {
    const holders = this.contacts.get(hash);
    if (holders === captureId) this.contacts.delete(hash);
    else if (typeof holders === 'object') {
      holders.delete(captureId);
      if (holders.size === 1) this.contacts.set(hash, [...holders][0]!);
    }
  }

  private dropStaleDue(): void {
    for (let top = this.due.peek(); top; top = this.due.peek()) {
      const meta = this.currentMeta(top.captureId);
      if (meta?.state === 'pending' && meta.version === top.version) return;
      this.due.pop();
    }
  }
}

/** Booster ids are unique within one Booster, not across them (a test and a live Booster may both give id 1):
 *  an id is held per environment. Clients queued before environments were recorded share one. */
function boosterIdKey(environmentId: string | undefined, boosterId: number): string {
  return `${environmentId ?? ''}\u0000${boosterId}`;
}
