// Serialises tasks that share a key (one outbox entry); tasks on different keys run concurrently.
export class KeyedLock {
  /** The tail of each key's queue; dropped once the key is idle, so memory follows the work in flight. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it on `key` has settled (a failure does not block the next). */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const settled = result.catch(() => undefined);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}
