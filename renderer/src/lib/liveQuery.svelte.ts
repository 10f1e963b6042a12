// Dexie's liveQuery as rune state: `current` changes only after the query's transaction has resolved.
import { liveQuery, type Subscription } from 'dexie';

export class LiveQueryState<T> {
  current = $state.raw<T>() as T;
  error = $state<unknown>();
  #subscription: Subscription | undefined;
  readonly #query: () => Promise<T>;

  constructor(query: () => Promise<T>, initial: T) {
    this.#query = query;
    this.current = initial;
  }

  start(): void {
    if (this.#subscription) return;
    this.#subscription = liveQuery(this.#query).subscribe({
      next: (value) => {
        this.current = value;
        this.error = undefined;
      },
      error: (error: unknown) => {
        this.error = error;
      },
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }
}
