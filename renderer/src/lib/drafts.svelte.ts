// Drafts live in IndexedDB from the first keystroke: autosaved within 250 ms of a change, flushed when the
// window hides, so a reload, crash or restart loses nothing. Deleting only marks the row until "Undo" is no
// longer offered (the next deletion, or the page going away), so a crash in between loses nothing either.
import { searchTextOf, type DraftData } from './draftData';
import { matchDrafts, type DraftMatch } from './draftMatching';
import { systemClock, type Clock } from './clock';
import type { CaptureDb, DraftRow, FieldIssue } from './db';
import { LiveQueryState } from './liveQuery.svelte';

/** Longest a change waits before it is written (the brief allows 300 ms). */
export const AUTOSAVE_DELAY_MS = 250;

interface PendingSave {
  data: DraftData;
  fieldErrors: FieldIssue[];
}

export type { DraftMatch };

/** Synchronous storage (localStorage) for the moment a page goes away: IndexedDB may not finish then. */
export type RescueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const RESCUE_KEY = 'booster-capture.draftRescue';

interface RescuedDraft extends PendingSave {
  captureId: string;
  at: string;
}

function parseRescued(text: string): RescuedDraft[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry): entry is RescuedDraft =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.captureId === 'string' &&
        typeof entry.at === 'string' &&
        typeof entry.data === 'object' &&
        entry.data !== null &&
        Array.isArray(entry.fieldErrors),
    );
  } catch {
    return [];
  }
}

function withoutDeletedMark(row: DraftRow): DraftRow {
  const { deletedAt: _deletedAt, ...rest } = row;
  return rest;
}

export class DraftStore {
  readonly #db: CaptureDb;
  readonly #clock: Clock;
  readonly #delayMs: number;
  // Plain Map on purpose: queued writes are bookkeeping, nothing on screen depends on them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pending = new Map<string, PendingSave>();
  #timer: unknown;
  #writing: Promise<void> = Promise.resolve();

  // The query runs only once started, after the constructor has set #db.
  readonly #all = new LiveQueryState<DraftRow[]>(
    () =>
      this.#db.drafts
        .orderBy('updatedAt')
        .reverse()
        .filter((row) => row.deletedAt === undefined)
        .toArray(),
    [],
  );
  search = $state('');
  /** Newest first, filtered by the search box (names, emails, phone digits). */
  readonly visible = $derived.by(() => this.#filter(this.#all.current, this.search));
  readonly count = $derived(this.#all.current.length);
  /** The last deleted draft, until "Undo" or the next deletion. */
  lastDeleted = $state.raw<DraftRow>();
  /** The last draft written and when: the form shows "saved" only for its own draft. */
  lastSaved = $state.raw<{ captureId: string; at: string }>();
  saveError = $state<string>();

  readonly #rescue: RescueStorage | undefined;

  constructor(
    db: CaptureDb,
    clock: Clock = systemClock,
    delayMs = AUTOSAVE_DELAY_MS,
    rescue?: RescueStorage,
  ) {
    this.#db = db;
    this.#clock = clock;
    this.#delayMs = delayMs;
    this.#rescue = rescue;
  }

  get all(): DraftRow[] {
    return this.#all.current;
  }

  start(): void {
    this.#all.start();
  }

  stop(): void {
    this.#all.stop();
  }

  #filter(rows: DraftRow[], search: string): DraftRow[] {
    const terms = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return rows;
    return rows.filter((row) =>
      terms.every((term) => {
        const digits = term.replace(/\D/g, '');
        return row.searchText.includes(term) || (digits.length >= 3 && row.searchText.includes(digits));
      }),
    );
  }

  /** Queue a write of this draft; the timer starts at the first change, so no change waits longer than the delay. */
  scheduleSave(captureId: string, data: DraftData, fieldErrors: FieldIssue[] = []): void {
    this.#pending.set(captureId, { data, fieldErrors });
    this.#timer ??= this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#delayMs);
  }

  /** Write every queued draft now (also used on visibilitychange/pagehide and before finalizing). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = [...this.#pending.entries()];
    this.#pending.clear();
    // Writes are chained so an older snapshot never lands after a newer one.
    this.#writing = this.#writing.then(async () => {
      for (const [captureId, pending] of batch) await this.#write(captureId, pending);
    });
    return this.#writing;
  }

  /**
   * The window is hiding or going away (visibilitychange, pagehide): start the IndexedDB write, and keep a
   * synchronous copy of what is still queued in case the page dies before that write commits. The copy is
   * dropped as soon as the write succeeds.
   */
  async flushOnHide(): Promise<void> {
    if (this.#pending.size > 0 && this.#rescue) {
      const at = this.#clock.now().toISOString();
      const rescued: RescuedDraft[] = [...this.#pending].map(([captureId, pending]) => ({
        captureId,
        at,
        ...pending,
      }));
      try {
        this.#rescue.setItem(RESCUE_KEY, JSON.stringify(rescued));
      } catch {
        // Storage full or unavailable: the IndexedDB write below is still attempted.
      }
    }
    await this.flush();
    if (this.saveError === undefined) this.#rescue?.removeItem(RESCUE_KEY);
  }

  /** At start: write back copies kept by flushOnHide that IndexedDB did not get, then forget them. */
  async recoverRescued(): Promise<number> {
    const text = this.#rescue?.getItem(RESCUE_KEY);
    if (!text) return 0;
    let recovered = 0;
    for (const entry of parseRescued(text)) {
      const existing = await this.#db.drafts.get(entry.captureId);
      if (existing && existing.updatedAt >= entry.at) continue;
      await this.#write(entry.captureId, { data: entry.data, fieldErrors: entry.fieldErrors });
      recovered += 1;
    }
    if (this.saveError === undefined) this.#rescue?.removeItem(RESCUE_KEY);
    return recovered;
  }

  async #write(captureId: string, { data, fieldErrors }: PendingSave): Promise<void> {
    const now = this.#clock.now().toISOString();
    try {
      await this.#db.transaction('rw', this.#db.drafts, async () => {
        const existing = await this.#db.drafts.get(captureId);
        await this.#db.drafts.put({
          captureId,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
          data,
          fieldErrors,
          searchText: searchTextOf(data),
        });
      });
      this.lastSaved = { captureId, at: now };
      this.saveError = undefined;
    } catch (error) {
      this.saveError = error instanceof Error ? error.message : String(error);
      // Keep it queued unless a newer change replaced it: the next change or flush retries.
      if (!this.#pending.has(captureId)) this.#pending.set(captureId, { data, fieldErrors });
    }
  }

  /** A draft was opened from disk: it is saved as of its last change. */
  noteOpened(row: DraftRow): void {
    this.lastSaved = { captureId: row.captureId, at: row.updatedAt };
  }

  /** Drop queued writes for a draft (it was finalized or deleted). */
  cancel(captureId: string): void {
    this.#pending.delete(captureId);
  }

  async get(captureId: string): Promise<DraftRow | undefined> {
    await this.#writing;
    const row = await this.#db.drafts.get(captureId);
    return row?.deletedAt === undefined ? row : undefined;
  }

  /** Save immediately (e.g. a reopened record that must survive a crash before anyone types). */
  async saveNow(captureId: string, data: DraftData, fieldErrors: FieldIssue[] = []): Promise<void> {
    this.scheduleSave(captureId, data, fieldErrors);
    await this.flush();
  }

  /** Delete on a person's request: marked deleted on disk, so "Undo" (or a crash) can bring it back. */
  async remove(captureId: string): Promise<void> {
    this.cancel(captureId);
    await this.#writing;
    await this.purgeDeleted();
    const deletedAt = this.#clock.now().toISOString();
    const row = await this.#db.transaction('rw', this.#db.drafts, async () => {
      const existing = await this.#db.drafts.get(captureId);
      if (!existing) return undefined;
      const marked: DraftRow = { ...existing, deletedAt };
      await this.#db.drafts.put(marked);
      return marked;
    });
    if (row) this.lastDeleted = row;
  }

  async undoRemove(): Promise<DraftRow | undefined> {
    const deleted = this.lastDeleted;
    if (!deleted) return undefined;
    const row = withoutDeletedMark(deleted);
    await this.#db.drafts.put(row);
    this.lastDeleted = undefined;
    return row;
  }

  /** "Undo" is no longer offered: drop the marked rows for good. */
  async purgeDeleted(): Promise<void> {
    await this.#db.drafts.filter((row) => row.deletedAt !== undefined).delete();
    this.lastDeleted = undefined;
  }

  dismissUndo(): void {
    void this.purgeDeleted();
  }

  /**
   * At start: a row still marked deleted means the app died while "Undo" was on offer (leaving normally
   * purges them). Put those drafts back rather than lose them; deleting again takes one click.
   */
  async restoreDeleted(): Promise<number> {
    return this.#db.transaction('rw', this.#db.drafts, async () => {
      const marked = await this.#db.drafts.filter((row) => row.deletedAt !== undefined).toArray();
      await this.#db.drafts.bulkPut(marked.map(withoutDeletedMark));
      return marked.length;
    });
  }

  /** Remove a draft that main has durably accepted into the outbox. */
  async removeFinalized(captureId: string): Promise<void> {
    this.cancel(captureId);
    await this.#writing;
    await this.#db.drafts.delete(captureId);
  }

  /** Other drafts on this laptop with one of these emails or phones. */
  async findMatches(
    emails: string[],
    phones: { countryPrefix: string; phone: string }[],
    excludeCaptureId?: string,
  ): Promise<DraftMatch[]> {
    await this.#writing;
    const rows = await this.#db.drafts.filter((row) => row.deletedAt === undefined).toArray();
    return matchDrafts(rows, emails, phones, excludeCaptureId);
  }
}
