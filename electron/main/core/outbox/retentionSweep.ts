// Retention: sent entries are deleted once older than the retention period, oldest first, reading only the
// expired ones (the index keeps them in a heap by sent time). Nothing unsent is ever deleted here.
export interface ExpiryItem {
  at: number;
  captureId: string;
}

export interface ExpiryQueue {
  /** Takes the oldest item sent before `before`, if any. Items may be stale (the entry changed since). */
  takeExpired(before: number): ExpiryItem | undefined;
  /** Puts back an item whose deletion failed, for the next sweep. */
  putBackExpired(item: ExpiryItem): void;
}

/** Deletes every expired entry through `removeIfCurrent` (false: a stale item); answers how many went. */
export async function sweepExpired(
  queue: ExpiryQueue,
  before: number,
  removeIfCurrent: (item: ExpiryItem) => Promise<boolean>,
): Promise<number> {
  let removed = 0;
  for (let item = queue.takeExpired(before); item; item = queue.takeExpired(before)) {
    try {
      if (await removeIfCurrent(item)) removed += 1;
    } catch (error) {
      queue.putBackExpired(item);
      throw error;
    }
  }
  return removed;
}
