// Drafts live in IndexedDB from the first keystroke: autosaved within 250 ms of a change, flushed when the
// window hides, so a reload, crash or restart loses nothing. What is stored names no one: each draft's content
// is sealed with the session's draft key (main hands it over once; see shared/ipc/drafts.ts), and the
// drafts are opened once into memory, where the list and the search (by name, email, phone) run. The form
// needs only the key and its own draft (unlock + get); the list fills in the background (start), so a laptop
// with thousands of drafts shows a usable form at once.
// Deleting removes the row at once; "Undo" writes it back from memory while its notice is shown, so a
// deleted draft never returns after a close, a restart or a crash.
import { searchTextOf, type DraftData } from './draftData';
import { matchDrafts, type DraftMatch } from './draftMatching';
import { boxFromText, boxToText, seal, unseal, type SealedBox } from './draftCrypto';
import { isPlain, openRow, sealPlainDrafts, sealRow } from './sealedDrafts';
import { systemClock, type Clock } from './clock';
import type { CaptureDb, DraftContent, DraftRow, FieldIssue, PlainDraftRow, StoredDraftRow } from './db';

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

/** A draft in memory, with the text the search runs over (a plain object: the search loop sees one shape). */
interface IndexedDraft {
  readonly row: DraftRow;
  searchText: string;
}

const indexed = (row: DraftRow): IndexedDraft => ({ row, searchText: searchTextOf(row.data) });

const newestFirst = (a: IndexedDraft, b: IndexedDraft): number =>
  a.row.updatedAt < b.row.updatedAt ? 1 : a.row.updatedAt > b.row.updatedAt ? -1 : 0;

/**
 * Every draft in memory, newest first, and by id. A save of the draft already first (someone typing) replaces
 * it in place, O(1); another draft moves one element (a binary search for its place, one splice), never a
 * copy of the whole list. Not reactive itself: DraftStore says when it changed.
 */
export class DraftList {
  #order: IndexedDraft[] = [];
  // Bookkeeping behind DraftStore's own signal: not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #byId = new Map<string, IndexedDraft>();
  /** Saved since the last search: their search text is built then, not at every autosave (phone numbers are
   *  parsed with libphonenumber, too slow to redo on each keystroke's save). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #unindexed = new Set<IndexedDraft>();

  get entries(): readonly IndexedDraft[] {
    return this.#order;
  }

  /** The entries, each with its search text. */
  searchable(): readonly IndexedDraft[] {
    for (const entry of this.#unindexed) entry.searchText = searchTextOf(entry.row.data);
    this.#unindexed.clear();
    return this.#order;
  }

  get size(): number {
    return this.#order.length;
  }

  get(captureId: string): IndexedDraft | undefined {
    return this.#byId.get(captureId);
  }

  /** Replace everything (drafts just opened), in any order. */
  reset(entries: IndexedDraft[]): void {
    this.#byId.clear();
    this.#unindexed.clear();
    for (const entry of entries) this.#byId.set(entry.row.captureId, entry);
    this.#order = [...this.#byId.values()].sort(newestFirst);
  }

  /** `row` in its place, newest first (on a tie it goes first, as the newest write). */
  put(row: DraftRow): void {
    const entry: IndexedDraft = { row, searchText: '' };
    this.#unindexed.add(entry);
    const previous = this.#byId.get(row.captureId);
    this.#byId.set(row.captureId, entry);
    if (previous) this.#unindexed.delete(previous);
    const second = this.#order[1];
    if (previous && this.#order[0] === previous && (!second || second.row.updatedAt <= row.updatedAt)) {
      this.#order[0] = entry;
      return;
    }
    if (previous) this.#order.splice(this.#order.indexOf(previous), 1);
    let low = 0;
    let high = this.#order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#order[middle]!.row.updatedAt > row.updatedAt) low = middle + 1;
      else high = middle;
    }
    this.#order.splice(low, 0, entry);
  }

  delete(captureId: string): void {
    const previous = this.#byId.get(captureId);
    if (!previous) return;
    this.#byId.delete(captureId);
    this.#unindexed.delete(previous);
    this.#order.splice(this.#order.indexOf(previous), 1);
  }
}

interface ParsedSearch {
  /** Distinct terms, longest first: the rarest needle, so a miss is found with the fewest scans. */
  terms: string[];
  /** Each term's digits, when a different needle of at least 3 digits ('+39' -> '39'). */
  alternatives: (string | undefined)[];
  /** A phone typed with spaces or '+': all its digits together ('' when not a phone, or when it is the one term). */
  phoneDigits: string;
}

function parseSearch(search: string): ParsedSearch | undefined {
  const terms = search
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((term, i, all) => term !== '' && all.indexOf(term) === i);
  if (terms.length === 0) return undefined;
  terms.sort((a, b) => b.length - a.length);
  const alternatives = terms.map((term) => {
    const digits = term.replace(/\D/g, '');
    return digits.length >= 3 && digits !== term ? digits : undefined;
  });
  let phoneDigits = /^[\d\s+().-]+$/.test(search) ? search.replace(/\D/g, '') : '';
  // One term that is already those digits: the terms' check finds it.
  if (phoneDigits.length < 3 || (terms.length === 1 && terms[0] === phoneDigits)) phoneDigits = '';
  return { terms, alternatives, phoneDigits };
}

/** Whether `text` holds every term from `from` on (each itself or its digits). */
function holdsTerms(text: string, { terms, alternatives }: ParsedSearch, from = 0): boolean {
  for (let i = from; i < terms.length; i += 1) {
    if (text.includes(terms[i]!)) continue;
    const digits = alternatives[i];
    if (digits === undefined || !text.includes(digits)) return false;
  }
  return true;
}

/** Drafts whose search text holds every term (or its digits), or, for a phone typed with spaces or '+', all
 *  its digits together. Each text is scanned once per distinct needle: a term made only of digits is not
 *  looked for a second time as its own digits. */
export function filterDrafts(
  list: readonly { readonly row: DraftRow; readonly searchText: string }[],
  search: string,
): DraftRow[] {
  const parsed = parseSearch(search);
  if (!parsed) return list.map((item) => item.row);
  const shown: DraftRow[] = [];
  for (const item of list) {
    const text = item.searchText;
    if ((parsed.phoneDigits && text.includes(parsed.phoneDigits)) || holdsTerms(text, parsed))
      shown.push(item.row);
  }
  return shown;
}

/**
 * Every search text of the list joined into one string, and where each starts: a search scans one string with
 * indexOf (contiguous, one call per hit) rather than calling includes on 50,000 strings spread over the heap.
 * Built once the list is open and again at the first search after it changed.
 */
export interface SearchIndex {
  text: string;
  starts: number[];
}

export function buildSearchIndex(list: readonly { readonly searchText: string }[]): SearchIndex {
  const starts = new Array<number>(list.length);
  const parts = new Array<string>(list.length);
  let at = 0;
  for (let i = 0; i < list.length; i += 1) {
    const text = list[i]!.searchText;
    starts[i] = at;
    parts[i] = text;
    // '\n' between texts: terms hold no whitespace, so no match spans two drafts.
    at += text.length + 1;
  }
  return { text: parts.join('\n'), starts };
}

/** Marks every draft whose text holds `needle`; after a hit the scan goes on from the next draft's text. */
function markHits({ text, starts }: SearchIndex, needle: string, marks: Uint8Array): void {
  let at = text.indexOf(needle);
  while (at !== -1) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    marks[low] = 1;
    at = low + 1 < starts.length ? text.indexOf(needle, starts[low + 1]) : -1;
  }
}

/** filterDrafts over the same list, through its SearchIndex (`index` is asked for only when a term is typed). */
export function searchDrafts(
  list: readonly { readonly row: DraftRow; readonly searchText: string }[],
  index: () => SearchIndex,
  search: string,
): DraftRow[] {
  const parsed = parseSearch(search);
  if (!parsed) return list.map((item) => item.row);
  const joined = index();
  const phoneHits = new Uint8Array(list.length);
  if (parsed.phoneDigits) markHits(joined, parsed.phoneDigits, phoneHits);
  // Candidates hold the first (longest) term; the other terms are checked on those drafts alone.
  const candidates = new Uint8Array(list.length);
  markHits(joined, parsed.terms[0]!, candidates);
  if (parsed.alternatives[0] !== undefined) markHits(joined, parsed.alternatives[0], candidates);
  const shown: DraftRow[] = [];
  for (let i = 0; i < list.length; i += 1) {
    if (phoneHits[i] === 1 || (candidates[i] === 1 && holdsTerms(list[i]!.searchText, parsed, 1)))
      shown.push(list[i]!.row);
  }
  return shown;
}

/** How many drafts are unsealed at once while opening: WebCrypto works on the next batch while this one's
 *  search texts are built, and the page stays responsive between batches. */
const OPEN_BATCH = 500;

/** A row written in clear by versions 1–2, as the form uses it (sealed by the list's opening pass). */
function plainDraft(row: PlainDraftRow): DraftRow {
  return {
    captureId: row.captureId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    data: row.data,
    fieldErrors: row.fieldErrors ?? [],
  };
}

export class DraftStore {
  readonly #db: CaptureDb;
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #rescue: RescueStorage | undefined;
  readonly #draftKey: () => Promise<CryptoKey>;
  #key: CryptoKey | undefined;
  /** The key had and rescue copies written back: drafts may be read and written. */
  #unlocking: Promise<boolean> | undefined;
  /** The same, then every draft opened into the list. */
  #opening: Promise<boolean> | undefined;
  /** start() was asked for: a key that comes back later (at a save) opens the list too. */
  #listWanted = false;
  // Plain Maps on purpose: queued writes and rescue copies are bookkeeping, nothing on screen depends on them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pending = new Map<string, DraftContent>();
  /** The latest queued content of each draft, sealed ahead of time so pagehide can write it synchronously
   *  (and the autosave writes the same box rather than sealing it again). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rescueCopies = new Map<string, { content: DraftContent; box: SealedBox; entry: RescueEntry }>();
  /** While the list is being read: drafts written (row) or removed (null) meanwhile, applied over what was read. */
  #changedWhileOpening: Map<string, DraftRow | null> | undefined;
  /** Drafts finalized or deleted: a write of theirs still queued or failing is dropped, not retried. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cancelled = new Set<string>();
  #timer: unknown;
  #writing: Promise<void> = Promise.resolve();

  /** Every draft, opened, newest first: the list and the search run here, never on disk. */
  readonly #list = new DraftList();
  /** Bumped whenever #list changes: the one signal behind all, visible and count. */
  #version = $state(0);
  search = $state('');
  readonly all = $derived.by(() => this.#track().entries.map((item) => item.row));
  /** Newest first, filtered by the search box (names, emails, phone digits). */
  readonly visible = $derived.by(() =>
    searchDrafts(this.#track().searchable(), () => this.#searchIndex(), this.search),
  );
  readonly count = $derived.by(() => this.#track().size);
  /** Every draft on disk is in the list (start() finished); until then the list shows only this session's. */
  loaded = $state(false);
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

  #joined: { version: number; index: SearchIndex } | undefined;

  /** The joined search texts as of the list's current version. */
  #searchIndex(): SearchIndex {
    const version = this.#version;
    if (this.#joined?.version !== version)
      this.#joined = { version, index: buildSearchIndex(this.#list.searchable()) };
    return this.#joined.index;
  }

  #track(): DraftList {
    void this.#version;
    return this.#list;
  }

  #changed(): void {
    this.#version += 1;
  }

  /** A draft was written: in the list now, and over what the list's opening pass may have read before. */
  #remember(row: DraftRow): void {
    this.#list.put(row);
    this.#changedWhileOpening?.set(row.captureId, row);
    this.#changed();
  }

  #forget(captureId: string): void {
    this.#list.delete(captureId);
    this.#changedWhileOpening?.set(captureId, null);
    this.#changed();
  }

  /**
   * What the form needs before it shows a draft or saves one: the key, and the sealed copies a page that died
   * mid-save left in the rescue storage written back (before anything else is written, so they never
   * overwrite a newer save). Answers whether drafts are usable; without a key it answers false (and is tried
   * again by the next save) rather than throwing, so the rest of the app starts.
   */
  unlock(): Promise<boolean> {
    this.#unlocking ??= this.#unlock().then(
      (unlocked) => {
        if (!unlocked) this.#unlocking = undefined;
        return unlocked;
      },
      (error: unknown) => {
        this.#unlocking = undefined;
        throw error;
      },
    );
    return this.#unlocking;
  }

  async #unlock(): Promise<boolean> {
    let key: CryptoKey;
    try {
      key = await this.#draftKey();
    } catch {
      this.locked = true;
      this.saveError = DRAFTS_LOCKED_MESSAGE;
      return false;
    }
    this.#key = key;
    await this.#recoverRescued(key);
    if (this.locked) {
      this.locked = false;
      this.saveError = undefined;
    }
    return true;
  }

  /**
   * Open every draft into the list (after unlock): one read of the table, rows older versions left in clear
   * sealed, rows they left marked deleted dropped, the rest unsealed in batches. The app does not wait for
   * this to show the form.
   */
  start(): Promise<boolean> {
    this.#listWanted = true;
    this.#opening ??= this.unlock()
      .then(async (unlocked) => {
        if (unlocked && this.#key) await this.#openList(this.#key);
        return unlocked;
      })
      .then(
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

  async #openList(key: CryptoKey): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
    const changed = new Map<string, DraftRow | null>();
    this.#changedWhileOpening = changed;
    try {
      const stored = (await this.#db.drafts.toArray()) as (StoredDraftRow | PlainDraftRow)[];
      const plain: PlainDraftRow[] = [];
      const sealed: StoredDraftRow[] = [];
      let marked = false;
      for (const row of stored) {
        if (isPlain(row)) plain.push(row);
        else if (row.deletedAt !== undefined) marked = true;
        else sealed.push(row);
      }
      if (plain.length > 0) await sealPlainDrafts(this.#db, key, plain);
      if (marked) await this.#db.drafts.filter((row) => row.deletedAt !== undefined).delete();

      const entries = plain
        .filter((row) => row.deletedAt === undefined)
        .map((row) => indexed(plainDraft(row)));
      const unsealBatch = (from: number) =>
        Promise.all(sealed.slice(from, from + OPEN_BATCH).map((row) => openRow(key, row)));
      let next = sealed.length > 0 ? unsealBatch(0) : undefined;
      for (let from = 0; next; from += OPEN_BATCH) {
        const rows = await next;
        next = from + OPEN_BATCH < sealed.length ? unsealBatch(from + OPEN_BATCH) : undefined;
        // Search texts built now, while WebCrypto unseals the next batch: the first search has nothing to do.
        for (const row of rows) if (row) entries.push(indexed(row));
      }
      this.#list.reset(entries);
      for (const [captureId, row] of changed) {
        if (row) this.#list.put(row);
        else this.#list.delete(captureId);
      }
      this.loaded = true;
      this.#changed();
      // Ready for the first search (rebuilt at the next search after a change).
      this.#searchIndex();
    } finally {
      if (this.#changedWhileOpening === changed) this.#changedWhileOpening = undefined;
    }
  }

  /** Nothing runs in the background; whatever is still queued is written now. */
  stop(): void {
    if (this.#pending.size > 0) void this.flush();
  }

  /** Queue a write of this draft; the timer starts at the first change, so no change waits longer than the delay. */
  scheduleSave(captureId: string, data: DraftData, fieldErrors: FieldIssue[] = []): void {
    const content = { data, fieldErrors };
    this.#cancelled.delete(captureId);
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
    const box = await seal(this.#key, captureId, content);
    // A newer change may have been sealed first, or the draft written meanwhile.
    if (this.#pending.get(captureId) === content)
      this.#rescueCopies.set(captureId, { content, box, entry: { captureId, at, box: boxToText(box) } });
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
    // Kept while any of them is still unsaved (a failed write is queued again), whatever other writes did.
    if (copies.every((copy) => !this.#pending.has(copy.captureId))) this.#rescue?.removeItem(RESCUE_KEY);
  }

  /** At unlock: write back sealed copies kept by flushOnHide that IndexedDB did not get, then forget them. */
  async #recoverRescued(key: CryptoKey): Promise<void> {
    const text = this.#rescue?.getItem(RESCUE_KEY);
    if (!text) return;
    for (const entry of parseRescued(text)) {
      const box = boxFromText(entry.box);
      const content = box ? await unseal(key, entry.captureId, box).catch(() => undefined) : undefined;
      if (!content || !box) continue;
      const existing = await this.#db.drafts.get(entry.captureId);
      if (existing && existing.updatedAt >= entry.at) continue;
      const now = this.#clock.now().toISOString();
      const row: DraftRow = {
        captureId: entry.captureId,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        ...(content as DraftContent),
      };
      // The rescued box holds this very content under this capture id: it is written as it is.
      await this.#db.drafts.put({ ...this.#stored(row), sealed: box });
      this.#remember(row);
    }
    this.#rescue?.removeItem(RESCUE_KEY);
  }

  #stored(row: DraftRow): Omit<StoredDraftRow, 'sealed'> {
    return { captureId: row.captureId, createdAt: row.createdAt, updatedAt: row.updatedAt };
  }

  async #write(captureId: string, content: DraftContent): Promise<void> {
    // Finalized or deleted since it was queued: never written again, never queued again.
    const requeue = () => {
      if (!this.#cancelled.has(captureId) && !this.#pending.has(captureId))
        this.#pending.set(captureId, content);
    };
    if (this.#cancelled.has(captureId)) return;
    try {
      if (!(await this.unlock()) || !this.#key) {
        // Keep it queued unless a newer change replaced it: the next change or flush tries again.
        requeue();
        return;
      }
      // The key came back after start() had failed for want of it: open the list now.
      if (this.#listWanted && !this.#opening) void this.start().catch(() => undefined);
      const row = await this.#put(this.#key, captureId, content);
      // Cancelled while it was being written: whoever cancelled removes the row; it is not listed again.
      if (this.#cancelled.has(captureId)) return;
      this.#remember(row);
      if (!this.#pending.has(captureId)) this.#rescueCopies.delete(captureId);
      this.lastSaved = { captureId, at: row.updatedAt };
      this.saveError = undefined;
    } catch (error) {
      this.saveError = error instanceof Error ? error.message : String(error);
      requeue();
    }
  }

  /**
   * Seal and store a draft's content as of now, keeping its creation time. The creation time comes from
   * memory (no read before each autosave); only while the list is still being opened may a draft be on disk
   * and not yet in memory, and then it is read. The box sealed ahead for the rescue copy is reused when it
   * holds this very content.
   */
  async #put(key: CryptoKey, captureId: string, content: DraftContent): Promise<DraftRow> {
    const now = this.#clock.now().toISOString();
    const createdAt =
      this.#list.get(captureId)?.row.createdAt ??
      (this.loaded ? undefined : (await this.#db.drafts.get(captureId))?.createdAt);
    const row: DraftRow = { captureId, createdAt: createdAt ?? now, updatedAt: now, ...content };
    const copy = this.#rescueCopies.get(captureId);
    const sealed = copy?.content === content ? copy.box : await seal(key, captureId, content);
    await this.#db.putDraft({ ...this.#stored(row), sealed });
    return row;
  }

  /** A draft was opened from disk: it is saved as of its last change. */
  noteOpened(row: DraftRow): void {
    this.lastSaved = { captureId: row.captureId, at: row.updatedAt };
  }

  /** Drop queued writes for a draft (it was finalized or deleted). */
  cancel(captureId: string): void {
    this.#cancelled.add(captureId);
    this.#pending.delete(captureId);
    this.#rescueCopies.delete(captureId);
  }

  /** One draft, without waiting for the list: what the form needs to reopen the draft it had open. */
  async get(captureId: string): Promise<DraftRow | undefined> {
    await this.#writing;
    if (!(await this.unlock()) || !this.#key) return undefined;
    const known = this.#list.get(captureId)?.row;
    if (known || this.loaded || this.#changedWhileOpening?.get(captureId) === null) return known;
    const stored = (await this.#db.drafts.get(captureId)) as StoredDraftRow | PlainDraftRow | undefined;
    if (!stored || stored.deletedAt !== undefined) return undefined;
    return isPlain(stored) ? plainDraft(stored) : openRow(this.#key, stored);
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
    const row = this.#list.get(captureId)?.row;
    if (!row) return;
    await this.#db.drafts.delete(captureId);
    this.#forget(captureId);
    this.lastDeleted = row;
  }

  /** Write the last deleted draft back as it was. */
  async undoRemove(): Promise<DraftRow | undefined> {
    const row = this.lastDeleted;
    if (!row || !this.#key) return undefined;
    await this.#db.drafts.put(await sealRow(this.#key, row));
    this.#remember(row);
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
    this.#forget(captureId);
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
