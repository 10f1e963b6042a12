// Waiting clients per Booster environment, kept in step from each (before, after) metadata pair like the
// index's counters, so the status and an environment switch read them in O(environments), never by walking
// the queue. Only `pending` counts: a client being sent is already on its way to its environment.
import type { EntryMeta } from './types';

/** The key of a client queued before environments were tracked (it belongs to whichever is configured). */
export const UNASSIGNED_ENVIRONMENT = '';

export class EnvironmentCounts {
  readonly #pending = new Map<string, number>();

  update(before: EntryMeta | undefined, after: EntryMeta | undefined): void {
    if (before?.state === 'pending') this.#add(before.environmentId, -1);
    if (after?.state === 'pending') this.#add(after.environmentId, 1);
  }

  /** Waiting clients per environment id ('' for those without one). */
  pending(): Map<string, number> {
    return new Map(this.#pending);
  }

  #add(environmentId: string | undefined, delta: number): void {
    const key = environmentId ?? UNASSIGNED_ENVIRONMENT;
    const count = (this.#pending.get(key) ?? 0) + delta;
    if (count > 0) this.#pending.set(key, count);
    else this.#pending.delete(key);
  }
}
