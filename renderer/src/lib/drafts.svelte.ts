// Drafts live in IndexedDB from the first keystroke: autosaved within 250 ms of a change, flushed when the
// window hides, so a reload, crash or restart loses nothing. What is stored names no one: each draft's content
// is sealed with the session's draft key (main hands it over once; see shared/ipc/drafts.ts), and the
// drafts are opened once into memory, where the list and the search (by name, email, phone) run.
// Deleting removes the row at once; "Undo" writes it back from memory while its notice is shown, so a
// deleted draft never returns after a close, a restart or a crash.
import { searchTextOf, type DraftData } from './draftData';
import { matchDrafts, type DraftMatch } from './draftMatching';
import { boxFromText, boxToText, seal, unseal } from './draftCrypto';
import { openRow, sealPlainDrafts, sealRow } from './sealedDrafts';
import { systemClock, type Clock } from './clock';
import type { CaptureDb, DraftContent, DraftRow, FieldIssue } from './db';

/** Longest a change waits before it is written (the brief allows 300 ms). */
export const AUTOSAVE_DELAY_MS = 250;

export type { DraftMatch };

/** Synchronous storage (localStorage) for the moment a page goes away: IndexedDB may not finish then. */
export type RescueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const RESCUE_KEY = 'booster-capture.draftRescue';

/** Shown while no draft key could be had: typing is kept in the form, nothing reaches the disk. */
export const DRAFTS_LOCKED_MESSAGE =
  'Booster Capture could not unlock its drafts, so nothing is saved on this laptop until it restarts. ' +
  'What you type stays in the form while this window is open.';

export interface DraftStoreOptions {
  /** The session's draft key (from main, non-extractable). Asked again after a failure. */
  draftKey: () => Promise<CryptoKey>;
  clock?: Clock;
  delayMs?: number;
  rescue?: RescueStorage;
}

/** A copy sealed for the rescue storage: its capture id and time in clear, the content sealed. */
interface RescueEntry {
  captureId: string;
  at: string;
  box: string;
}

function parseRescued(text: string): RescueEntry[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry): entry is RescueEntry =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.captureId === 'string' &&
        typeof entry.at === 'string' &&
        typeof entry.box === 'string',
    );
  } catch {
    return [];
  }
}

interface IndexedDraft {
  row: DraftRow;
  searchText: string;
}

/** The list with `row` in its place, newest first (ids are unique). */
function withRow(list: IndexedDraft[], row: DraftRow): IndexedDraft[] {
  const entry = { row, searchText: searchTextOf(row.data) };
  const rest = list.filter((item) => item.row.captureId !== row.captureId);
  const at = rest.findIndex((item) => item.row.updatedAt <= row.updatedAt);
  return at === -1 ? [...rest, entry] : [...rest.slice(0, at), entry, ...rest.slice(at)];
}

/** Drafts whose search text holds every term (or its digits), or, for a phone typed with spaces or '+', all
 *  its digits together. */
export function filterDrafts(list: IndexedDraft[], search: string): DraftRow[] {
  const terms = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return list.map((item) => item.row);
  const digitsOf = terms.map((term) => term.replace(/\D/g, ''));
  const phoneDigits = /^[\d\s+().-]+$/.test(search) ? search.replace(/\D/g, '') : '';
  const matches = (searchText: string) =>
    (phoneDigits.length >= 3 && searchText.includes(phoneDigits)) ||
    terms.every((term, i) => {
      const digits = digitsOf[i] ?? '';
      return searchText.includes(term) || (digits.length >= 3 && searchText.includes(digits));
    });
  return list.filter((item) => matches(item.searchText)).map((item) => item.row);
}

export class DraftStore {
  readonly #db: CaptureDb;
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #rescue: RescueStorage | undefined;
  readonly #draftKey: () => Promise<CryptoKey>;
  #key: CryptoKey | undefined;
  #opening: Promise<boolean> | undefined;
  // Plain Maps on purpose: queued writes and rescue copies are bookkeeping, nothing on screen depends on them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pending = new Map<string, DraftContent>();
  /** The latest queued content of each draft, sealed ahead of time so pagehide can write it synchronously. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rescueCopies = new Map<string, { content: DraftContent; entry: RescueEntry }>();
  #timer: unknown;
  #writing: Promise<void> = Promise.resolve();

  /** Every draft, opened, newest first: the list and the search run here, never on disk. */
  #index = $state.raw<IndexedDraft[]>([]);
  search = $state('');
  readonly all = $derived(this.#index.map((item) => item.row));
  /** Newest first, filtered by the search box (names, emails, phone digits). */
  readonly visible = $derived.by(() => filterDrafts(this.#index, this.search));
  readonly count = $derived(this.#index.length);
  /** The last deleted draft, held in memory only while "Undo" is offered. */
  lastDeleted = $state.raw<DraftRow>();
  /** The last draft written and when: the form shows "saved" only for its own draft. */
  lastSaved = $state.raw<{ captureId: string; at: string }>();
  saveError = $state<string>();
  /** No draft key could be had: drafts are neither read nor written until one is. */
  locked = $state(false);

  constructor(db: CaptureDb, options: DraftStoreOptions) {
    this.#db = db;
    this.#draftKey = options.draftKey;
    this.#clock = options.clock ?? systemClock;
    this.#delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.#rescue = options.rescue;
  }

  /**
   * Open the drafts: get the key, seal rows older versions left in clear, drop rows older versions left
   * marked deleted, write back a rescue copy, and load every draft into memory. Answers whether drafts are
   * usable; without a key it answers false (and is tried again by the next save) rather than throwing, so
   * the rest of the app starts.
   */
  start(): Promise<boolean> {
    this.#opening ??= this.#open().then(
      (opened) => {
        if (!opened) this.#opening = undefined;
        return opened;
      },
      (error: unknown) => {
        this.#opening = undefined;
        throw error;
      },
    );
    return this.#opening;
  }

  async #open(): Promise<boolean> {
    try {
      this.#key = await this.#draftKey();
    } catch {
      this.locked = true;
      this.saveError = DRAFTS_LOCKED_MESSAGE;
      return false;
    }
    const key = this.#key;
    await sealPlainDrafts(this.#db, key);
    await this.#db.drafts.filter((row) => row.deletedAt !== undefined).delete();
    await this.#recoverRescued(key);
    const opened = await Promise.all((await this.#db.drafts.toArray()).map((row) => openRow(key, row)));
    this.#index = opened
      .filter((row): row is DraftRow => row !== undefined)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .map((row) => ({ row, searchText: searchTextOf(row.data) }));
    if (this.locked) {
      this.locked = false;
      this.saveError = undefined;
    }
    return true;
  }

  /** Nothing runs in the background; whatever is still queued is written now. */
  stop(): void {
    if (this.#pending.size > 0) void this.flush();
  }

  /** Queue a write of this draft; the timer starts at the first change, so no change waits longer than the delay. */
  scheduleSave(captureId: string, data: DraftData, fieldErrors: FieldIssue[] = []): void {
    const content = { data, fieldErrors };
    this.#pending.set(captureId, content);
    void this.#prepareRescueCopy(captureId, content);
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
      for (const [captureId, content] of batch) await this.#write(captureId, content);
    });
    return this.#writing;
  }

  /** Seal the content in the background, so the copy is ready when the page goes away. */
  async #prepareRescueCopy(captureId: string, content: DraftContent): Promise<void> {
    if (!this.#rescue || !this.#key) return;
    const at = this.#clock.now().toISOString();
    const box = boxToText(await seal(this.#key, captureId, content));
    // A newer change may have been sealed first, or the draft written meanwhile.
    if (this.#pending.get(captureId) === content)
      this.#rescueCopies.set(captureId, { content, entry: { captureId, at, box } });
  }

  /** Every queued change has its sealed copy ready for the moment the page goes away. */
  get rescueReady(): boolean {
    return [...this.#pending].every(
      ([captureId, content]) => this.#rescueCopies.get(captureId)?.content === content,
    );
  }

  /**
   * The window is hiding or going away (visibilitychange, pagehide): start the IndexedDB write, and keep a
   * synchronous, sealed copy of what is still queued in case the page dies before that write commits. The
   * copy is dropped as soon as the write succeeds.
   */
  async flushOnHide(): Promise<void> {
    const copies = [...this.#pending.keys()].flatMap(
      (captureId) => this.#rescueCopies.get(captureId)?.entry ?? [],
    );
    if (copies.length > 0 && this.#rescue) {
      try {
        this.#rescue.setItem(RESCUE_KEY, JSON.stringify(copies));
      } catch {
        // Storage full or unavailable: the IndexedDB write below is still attempted.
      }
    }
    await this.flush();
    if (this.saveError === undefined) this.#rescue?.removeItem(RESCUE_KEY);
  }

  /** At start: write back sealed copies kept by flushOnHide that IndexedDB did not get, then forget them. */
  async #recoverRescued(key: CryptoKey): Promise<void> {
    const text = this.#rescue?.getItem(RESCUE_KEY);
    if (!text) return;
    for (const entry of parseRescued(text)) {
      const box = boxFromText(entry.box);
      const content = box ? await unseal(key, entry.captureId, box).catch(() => undefined) : undefined;
      if (!content) continue;
      const existing = await this.#db.drafts.get(entry.captureId);
      if (existing && existing.updatedAt >= entry.at) continue;
      await this.#put(key, entry.captureId, content as DraftContent);
    }
    this.#rescue?.removeItem(RESCUE_KEY);
  }

  async #write(captureId: string, content: DraftContent): Promise<void> {
    try {
      if (!(await this.start()) || !this.#key) {
        // Keep it queued unless a newer change replaced it: the next change or flush tries again.
        if (!this.#pending.has(captureId)) this.#pending.set(captureId, content);
        return;
      }
      const row = await this.#put(this.#key, captureId, content);
      this.#index = withRow(this.#index, row);
      if (!this.#pending.has(captureId)) this.#rescueCopies.delete(captureId);
      this.lastSaved = { captureId, at: row.updatedAt };
      this.saveError = undefined;
    } catch (error) {
      this.saveError = error instanceof Error ? error.message : String(error);
      if (!this.#pending.has(captureId)) this.#pending.set(captureId, content);
    }
  }

  /** Seal and store a draft's content as of now, keeping its creation time. */
  async #put(key: CryptoKey, captureId: string, content: DraftContent): Promise<DraftRow> {
    const now = this.#clock.now().toISOString();
    const existing = await this.#db.drafts.get(captureId);
    const row: DraftRow = { captureId, createdAt: existing?.createdAt ?? now, updatedAt: now, ...content };
    await this.#db.drafts.put(await sealRow(key, row));
    return row;
  }

  /** A draft was opened from disk: it is saved as of its last change. */
  noteOpened(row: DraftRow): void {
    this.lastSaved = { captureId: row.captureId, at: row.updatedAt };
  }

  /** Drop queued writes for a draft (it was finalized or deleted). */
  cancel(captureId: string): void {
    this.#pending.delete(captureId);
    this.#rescueCopies.delete(captureId);
  }

  async get(captureId: string): Promise<DraftRow | undefined> {
    await this.#writing;
    await this.start();
    return this.#index.find((item) => item.row.captureId === captureId)?.row;
  }

  /** Save immediately (e.g. a reopened record that must survive a crash before anyone types). */
  async saveNow(captureId: string, data: DraftData, fieldErrors: FieldIssue[] = []): Promise<void> {
    this.scheduleSave(captureId, data, fieldErrors);
    await this.flush();
  }

  /** Delete on a person's request: gone from disk at once, kept in memory so "Undo" can write it back. */
  async remove(captureId: string): Promise<void> {
    this.cancel(captureId);
    await this.#writing;
    await this.start();
    const row = this.#index.find((item) => item.row.captureId === captureId)?.row;
    if (!row) return;
    await this.#db.drafts.delete(captureId);
    this.#index = this.#index.filter((item) => item.row.captureId !== captureId);
    this.lastDeleted = row;
  }

  /** Write the last deleted draft back as it was. */
  async undoRemove(): Promise<DraftRow | undefined> {
    const row = this.lastDeleted;
    if (!row || !this.#key) return undefined;
    await this.#db.drafts.put(await sealRow(this.#key, row));
    this.#index = withRow(this.#index, row);
    this.lastDeleted = undefined;
    return row;
  }

  /** "Undo" is no longer offered: forget the deleted draft (it is already off the disk). */
  dismissUndo(): void {
    this.lastDeleted = undefined;
  }

  /** Remove a draft that main has durably accepted into the outbox. */
  async removeFinalized(captureId: string): Promise<void> {
    this.cancel(captureId);
    await this.#writing;
    await this.#db.drafts.delete(captureId);
    this.#index = this.#index.filter((item) => item.row.captureId !== captureId);
  }

  /** Other drafts on this laptop with one of these emails or phones. */
  async findMatches(
    emails: string[],
    phones: { countryPrefix: string; phone: string }[],
    excludeCaptureId?: string,
  ): Promise<DraftMatch[]> {
    await this.#writing;
    await this.start();
    return matchDrafts(this.all, emails, phones, excludeCaptureId);
  }
}
