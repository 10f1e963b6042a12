import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { CaptureDb } from '../../../renderer/src/lib/db';
import {
  AUTOSAVE_DELAY_MS,
  DRAFTS_LOCKED_MESSAGE,
  DraftList,
  DraftStore,
  buildSearchIndex,
  filterDrafts,
  searchDrafts,
  RESCUE_KEY,
  type DraftStoreOptions,
} from '../../../renderer/src/lib/drafts.svelte';
import { importDraftKey } from '../../../renderer/src/lib/draftCrypto';
import { sealRow } from '../../../renderer/src/lib/sealedDrafts';
import { emptyDraft, searchTextOf, type DraftData } from '../../../renderer/src/lib/draftData';
import { TEST_DRAFT_KEY } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';
import { uniqueDb } from '../../support/renderer/setup';

function draft(changes: Partial<DraftData> = {}): DraftData {
  return { ...emptyDraft(), ...changes };
}

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ID_C = '33333333-3333-4333-8333-333333333333';

const testKey = () => importDraftKey(TEST_DRAFT_KEY);

function newStore(db: CaptureDb, options: Partial<DraftStoreOptions> = {}): DraftStore {
  return new DraftStore(db, { draftKey: testKey, clock: new ManualClock(), ...options });
}

/** Everything IndexedDB holds for the drafts, bytes included, as one searchable string. */
async function rawDrafts(db: CaptureDb): Promise<string> {
  const rows = await db.drafts.toArray();
  return JSON.stringify(rows, (_key, value: unknown) =>
    ArrayBuffer.isView(value) ? String.fromCharCode(...new Uint8Array(value.buffer)) : value,
  );
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('DraftStore autosave', () => {
  it('writes the latest change once, within the allowed 300 ms, sealed', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = newStore(db, { clock });

    store.scheduleSave(ID_A, draft({ lastName: 'R' }));
    store.scheduleSave(ID_A, draft({ lastName: 'Ro' }));
    store.scheduleSave(
      ID_A,
      draft({ lastName: 'Rossi', emails: [{ email: 'r@x.example', isMainEmail: true }] }),
    );

    expect(clock.timers.size).toBe(1);
    expect([...clock.timers.values()][0]?.ms).toBeLessThanOrEqual(300);
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(300);
    expect(await db.drafts.get(ID_A)).toBeUndefined();

    clock.runTimers();
    await vi.waitFor(async () => expect(await db.drafts.get(ID_A)).toBeDefined());
    expect((await store.get(ID_A))?.data.lastName).toBe('Rossi');
    expect(store.lastSaved).toEqual({ captureId: ID_A, at: clock.now().toISOString() });
    // On disk: index fields and ciphertext, nothing that names or reaches the client.
    const stored = await db.drafts.get(ID_A);
    expect(Object.keys(stored ?? {}).sort()).toEqual(['captureId', 'createdAt', 'sealed', 'updatedAt']);
    expect(await rawDrafts(db)).not.toMatch(/Rossi|r@x\.example/i);
  });

  it('flush writes at once (visibilitychange / pagehide) and cancels the timer', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = newStore(db, { clock });
    store.scheduleSave(ID_A, draft({ firstName: 'Giulia' }));
    await store.flush();
    expect(clock.timers.size).toBe(0);
    expect((await store.get(ID_A))?.data.firstName).toBe('Giulia');
  });

  it('keeps createdAt across saves and moves updatedAt', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = newStore(db, { clock });
    await store.saveNow(ID_A, draft({ lastName: 'A' }));
    const created = (await db.drafts.get(ID_A))?.createdAt;
    clock.advance(60_000);
    await store.saveNow(ID_A, draft({ lastName: 'AB' }));
    const row = await db.drafts.get(ID_A);
    expect(row?.createdAt).toBe(created);
    expect(row?.updatedAt).not.toBe(created);
  });
});

describe('DraftStore when the page goes away', () => {
  it('a change still queued when the page dies is recovered at the next start, from a sealed copy', async () => {
    const name = `rescue-${crypto.randomUUID()}`;
    const storage = new MemoryStorage();
    const clock = new ManualClock();
    const before = newStore(new CaptureDb(name), { clock, rescue: storage });
    await before.saveNow(ID_A, draft({ lastName: 'Dub' }));
    clock.advance(1000);
    before.scheduleSave(ID_A, draft({ lastName: 'Dubois' }));
    // pagehide: the synchronous copy is made before the IndexedDB write starts; it was sealed ahead of time.
    let copyAtHide: string | null = null;
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      copyAtHide = value;
      setItem(key, value);
    };
    await vi.waitFor(() => expect(before.rescueReady).toBe(true));
    await before.flushOnHide();
    const rescued = copyAtHide as string | null;
    expect(rescued).toContain(ID_A);
    expect(rescued).not.toMatch(/Dub/);

    // Simulate the page dying before that write committed: IndexedDB holds the older value, the copy remains.
    const db = new CaptureDb(name);
    const older = await db.drafts.get(ID_A);
    const key = await testKey();
    await db.drafts.put(
      await sealRow(key, {
        captureId: ID_A,
        createdAt: older!.createdAt,
        updatedAt: '2026-11-28T09:00:00.000Z',
        data: draft({ lastName: 'Dub' }),
        fieldErrors: [],
      }),
    );
    storage.setItem(RESCUE_KEY, rescued!);
    clock.advance(1000);
    const after = newStore(db, { clock, rescue: storage });
    await after.start();
    expect((await after.get(ID_A))?.data.lastName).toBe('Dubois');
    expect(storage.getItem(RESCUE_KEY)).toBeNull();
  });

  it('drops the copy once IndexedDB has the write, so a later finalize is not undone', async () => {
    const storage = new MemoryStorage();
    const db = uniqueDb();
    const store = newStore(db, { rescue: storage });
    await store.start();
    store.scheduleSave(ID_A, draft({ lastName: 'Kept' }));
    await store.flushOnHide();
    expect(storage.getItem(RESCUE_KEY)).toBeNull();
    await store.removeFinalized(ID_A);
    const next = newStore(db, { rescue: storage });
    await next.start();
    expect(await db.drafts.get(ID_A)).toBeUndefined();
  });
});

describe('DraftStore list, resume, delete', () => {
  it('survives a restart: a new store on the same database resumes the draft', async () => {
    const name = `restart-${crypto.randomUUID()}`;
    const first = newStore(new CaptureDb(name));
    await first.saveNow(
      ID_A,
      draft({ lastName: 'Bianchi', emails: [{ email: 'b@example.com', isMainEmail: true }] }),
    );

    const second = newStore(new CaptureDb(name));
    const row = await second.get(ID_A);
    expect(row?.data.lastName).toBe('Bianchi');
    expect(row?.data.emails[0]?.email).toBe('b@example.com');
  });

  it('lists newest first and searches by name, email and phone digits', async () => {
    const clock = new ManualClock();
    const store = newStore(uniqueDb(), { clock });
    await store.start();
    await store.saveNow(
      ID_A,
      draft({ lastName: 'Rossi', emails: [{ email: 'mario@example.com', isMainEmail: true }] }),
    );
    clock.advance(1000);
    await store.saveNow(
      ID_B,
      draft({
        lastName: 'Dubois',
        phones: [{ phone: '06 12 34 56 78', countryPrefix: 'fr', phoneType: 'Mobile', isMainPhone: true }],
      }),
    );
    clock.advance(1000);
    await store.saveNow(ID_C, draft({ clientType: 'COMPANY', companyName: 'Acme SA' }));

    expect(store.all.map((row) => row.captureId)).toEqual([ID_C, ID_B, ID_A]);

    store.search = 'rossi';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_A]);
    store.search = 'MARIO@example';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_A]);
    store.search = '12 34 56';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_B]);
    store.search = '+33 6 12';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_B]);
    store.search = 'acme';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_C]);
    store.search = 'nobody';
    expect(store.visible).toEqual([]);
  });

  it('deletes at once, with undo from memory; a deleted draft stays deleted after a restart', async () => {
    const db = uniqueDb();
    const store = newStore(db);
    await store.start();
    await store.saveNow(
      ID_A,
      draft({ lastName: 'Verdi', emails: [{ email: 'verdi@example.com', isMainEmail: true }] }),
    );
    expect(store.count).toBe(1);

    await store.remove(ID_A);
    expect(store.count).toBe(0);
    expect(await store.get(ID_A)).toBeUndefined();
    expect(await store.findMatches(['verdi@example.com'], [])).toEqual([]);
    expect(await db.drafts.get(ID_A)).toBeUndefined();
    expect(store.lastDeleted?.data.lastName).toBe('Verdi');

    await store.undoRemove();
    expect((await store.get(ID_A))?.data.lastName).toBe('Verdi');
    expect(await db.drafts.get(ID_A)).toBeDefined();
    expect(store.lastDeleted).toBeUndefined();
    expect(store.count).toBe(1);

    // Deleted again, then the app closes (normally or not) while "Undo" is still offered.
    await store.remove(ID_A);
    const after = newStore(db);
    await after.start();
    expect(after.count).toBe(0);
    expect(await after.get(ID_A)).toBeUndefined();
  });

  it('drops at start the drafts an older version left marked deleted', async () => {
    const name = `marked-${crypto.randomUUID()}`;
    const v2 = new Dexie(name);
    v2.version(2).stores({ drafts: 'captureId, updatedAt', settings: 'key' });
    const at = '2026-11-01T10:00:00.000Z';
    await v2.table('drafts').bulkPut([
      {
        captureId: ID_A,
        createdAt: at,
        updatedAt: at,
        data: draft({ lastName: 'Kept' }),
        fieldErrors: [],
        searchText: 'kept',
      },
      {
        captureId: ID_B,
        createdAt: at,
        updatedAt: at,
        deletedAt: at,
        data: draft({ lastName: 'Gone' }),
        fieldErrors: [],
        searchText: 'gone',
      },
    ]);
    v2.close();

    const db = new CaptureDb(name);
    const store = newStore(db);
    await store.start();
    expect(store.all.map((row) => row.data.lastName)).toEqual(['Kept']);
    expect(await db.drafts.get(ID_B)).toBeUndefined();
  });

  it('a pending autosave does not bring back a finalized draft', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = newStore(db, { clock });
    await store.saveNow(ID_A, draft({ lastName: 'Neri' }));
    store.scheduleSave(ID_A, draft({ lastName: 'Neri2' }));
    await store.removeFinalized(ID_A);
    clock.runTimers();
    await store.flush();
    expect(await db.drafts.get(ID_A)).toBeUndefined();
    expect(store.count).toBe(0);
  });

  it('a write that fails while its draft is being deleted is not retried: the draft stays deleted', async () => {
    const db = uniqueDb();
    const store = newStore(db);
    await store.saveNow(ID_A, draft({ lastName: 'Neri' }));
    // The next write fails (a full disk), and the person deletes the draft while it is in flight.
    const put = vi.spyOn(db, 'putDraft').mockRejectedValueOnce(new Error('QuotaExceededError'));
    store.scheduleSave(ID_A, draft({ lastName: 'Neri2' }));
    const writing = store.flush();
    const removing = store.remove(ID_A);
    await writing;
    await removing;
    put.mockRestore();
    // Any later flush (the next autosave of another draft, the window hiding) must not write it back.
    store.scheduleSave(ID_B, draft({ lastName: 'Bianchi' }));
    await store.flush();
    await store.flushOnHide();
    expect(await db.drafts.get(ID_A)).toBeUndefined();
    expect(store.all.map((row) => row.captureId)).toEqual([ID_B]);
  });

  it('finds other drafts with the same email or phone, normalized as the outbox does', async () => {
    const store = newStore(uniqueDb());
    await store.saveNow(
      ID_A,
      draft({ lastName: 'Rossi', emails: [{ email: 'Mario@Example.com', isMainEmail: true }] }),
    );
    await store.saveNow(
      ID_B,
      draft({
        lastName: 'Dubois',
        phones: [{ phone: '0612345678', countryPrefix: 'fr', phoneType: '', isMainPhone: true }],
      }),
    );
    await store.saveNow(
      ID_C,
      draft({
        lastName: 'Bruno',
        phones: [{ phone: '+39 347 123 4567', countryPrefix: 'it', phoneType: '', isMainPhone: true }],
      }),
    );

    const byEmail = await store.findMatches([' mario@example.com '], [], ID_C);
    expect(byEmail).toEqual([{ captureId: ID_A, displayName: 'Rossi', matchedOn: 'email' }]);
    const byPhone = await store.findMatches([], [{ countryPrefix: 'FR', phone: '06 12 34 56 78' }], ID_C);
    expect(byPhone.map((match) => match.captureId)).toEqual([ID_B]);
    const italian = await store.findMatches([], [{ countryPrefix: 'it', phone: '347 123 4567' }]);
    expect(italian).toEqual([{ captureId: ID_C, displayName: 'Bruno', matchedOn: 'phone' }]);
    expect(await store.findMatches(['mario@example.com'], [], ID_A)).toEqual([]);
  });
});

describe('DraftStore without a key', () => {
  it('never loses typing: keeps the draft queued, says why, and saves it once the key comes back', async () => {
    const db = uniqueDb();
    let available = false;
    const store = newStore(db, {
      draftKey: () => (available ? testKey() : Promise.reject(new Error('main unreachable'))),
    });
    expect(await store.start()).toBe(false);
    expect(store.locked).toBe(true);
    expect(store.saveError).toBe(DRAFTS_LOCKED_MESSAGE);

    store.scheduleSave(ID_A, draft({ lastName: 'Typed' }));
    await store.flush();
    expect(await db.drafts.count()).toBe(0);
    expect(store.saveError).toBe(DRAFTS_LOCKED_MESSAGE);

    available = true;
    await store.flush();
    expect(store.locked).toBe(false);
    expect(store.saveError).toBeUndefined();
    expect((await store.get(ID_A))?.data.lastName).toBe('Typed');
  });

  it('leaves drafts sealed with another key on disk, unshown', async () => {
    const db = uniqueDb();
    const other = newStore(db, {
      draftKey: () => importDraftKey(btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))),
    });
    await other.saveNow(ID_A, draft({ lastName: 'Other' }));
    const store = newStore(db);
    await store.start();
    expect(store.count).toBe(0);
    expect(await db.drafts.count()).toBe(1);
  });
});

describe('CaptureDb migrations', () => {
  it('seals the plain drafts of a version 2 database: every draft kept, no plain field left', async () => {
    const name = `migration-v2-${crypto.randomUUID()}`;
    const v2 = new Dexie(name);
    v2.version(2).stores({ drafts: 'captureId, updatedAt', settings: 'key' });
    const drafts = [ID_A, ID_B, ID_C].map((captureId, i) => ({
      captureId,
      createdAt: `2026-11-0${i + 1}T10:00:00.000Z`,
      updatedAt: `2026-11-0${i + 1}T10:00:00.000Z`,
      data: draft({
        lastName: `Legacy${i}`,
        emails: [{ email: `legacy${i}@example.com`, isMainEmail: true }],
      }),
      fieldErrors: i === 0 ? [{ path: 'lastName', code: 'x', message: 'Booster said no' }] : [],
      searchText: `legacy${i} legacy${i}@example.com`,
    }));
    await v2.table('drafts').bulkPut(drafts);
    await v2.table('settings').put({ key: 'language', value: 'it' });
    v2.close();

    const db = new CaptureDb(name);
    const store = newStore(db);
    await store.start();
    expect(db.verno).toBe(3);
    expect(store.all.map((row) => row.data.lastName)).toEqual(['Legacy2', 'Legacy1', 'Legacy0']);
    expect((await store.get(ID_A))?.fieldErrors[0]?.message).toBe('Booster said no');
    expect((await store.get(ID_A))?.updatedAt).toBe(drafts[0]?.updatedAt);
    for (const row of await db.drafts.toArray())
      expect(Object.keys(row).sort()).toEqual(['captureId', 'createdAt', 'sealed', 'updatedAt']);
    expect(await rawDrafts(db)).not.toMatch(/legacy|Booster said no/i);
    expect((await db.settings.get('language'))?.value).toBe('it');
  });

  it('upgrades version 1 drafts through version 2 to sealed rows', async () => {
    const name = `migration-v1-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ drafts: 'captureId, updatedAt' });
    await v1.table('drafts').put({
      captureId: ID_A,
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      data: draft({ lastName: 'Legacy', emails: [{ email: 'old@example.com', isMainEmail: true }] }),
    });
    v1.close();

    const db = new CaptureDb(name);
    const store = newStore(db);
    store.search = 'old@example';
    await store.start();
    expect(store.visible.map((row) => row.data.lastName)).toEqual(['Legacy']);
    expect((await store.get(ID_A))?.fieldErrors).toEqual([]);
    expect(await rawDrafts(db)).not.toMatch(/legacy|old@example/i);
    await db.settings.put({ key: 'probe', value: 1 });
    expect((await db.settings.get('probe'))?.value).toBe(1);
  });
});

describe('DraftStore in memory (no read per save, list kept in order)', () => {
  it('keeps createdAt across saves from memory: no read of the row before a write', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = newStore(db, { clock });
    await store.start();
    const get = vi.spyOn(db.drafts, 'get');
    await store.saveNow(ID_A, draft({ lastName: 'A' }));
    const created = clock.now().toISOString();
    clock.advance(60_000);
    await store.saveNow(ID_A, draft({ lastName: 'AB' }));
    expect(get).not.toHaveBeenCalled();
    const row = await db.drafts.get(ID_A);
    expect(row?.createdAt).toBe(created);
    expect(row?.updatedAt).toBe(clock.now().toISOString());
    expect((await store.get(ID_A))?.createdAt).toBe(created);
  });

  it('keeps createdAt of a draft saved before this start, once the list is open', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    await newStore(db, { clock }).saveNow(ID_A, draft({ lastName: 'Before' }));
    const created = (await db.drafts.get(ID_A))?.createdAt;
    clock.advance(60_000);
    const store = newStore(db, { clock });
    await store.start();
    const get = vi.spyOn(db.drafts, 'get');
    await store.saveNow(ID_A, draft({ lastName: 'After' }));
    expect(get).not.toHaveBeenCalled();
    expect((await db.drafts.get(ID_A))?.createdAt).toBe(created);
  });

  it('updates the list in order after each save, newest first, without duplicates', async () => {
    const clock = new ManualClock();
    const store = newStore(uniqueDb(), { clock });
    await store.start();
    const ids = () => store.all.map((row) => row.captureId);
    await store.saveNow(ID_A, draft({ lastName: 'A' }));
    clock.advance(1000);
    await store.saveNow(ID_B, draft({ lastName: 'B' }));
    clock.advance(1000);
    await store.saveNow(ID_C, draft({ lastName: 'C' }));
    expect(ids()).toEqual([ID_C, ID_B, ID_A]);
    // The draft already first, saved again: replaced in place, its new content shown and searched.
    clock.advance(1000);
    await store.saveNow(ID_C, draft({ lastName: 'Cnew' }));
    expect(ids()).toEqual([ID_C, ID_B, ID_A]);
    expect(store.all[0]?.data.lastName).toBe('Cnew');
    store.search = 'cnew';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_C]);
    store.search = '';
    // An older draft saved: it moves to the front, once.
    clock.advance(1000);
    await store.saveNow(ID_A, draft({ lastName: 'Anew' }));
    expect(ids()).toEqual([ID_A, ID_C, ID_B]);
    expect(store.count).toBe(3);
    await store.remove(ID_C);
    expect(ids()).toEqual([ID_A, ID_B]);
    await store.undoRemove();
    expect(ids()).toEqual([ID_A, ID_C, ID_B]);
  });

  it('DraftList places a row by its time whatever the order of saves', () => {
    const list = new DraftList();
    const row = (captureId: string, minute: number) => ({
      captureId,
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: `2026-11-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
      data: draft(),
      fieldErrors: [],
    });
    for (const r of [row('a', 1), row('c', 3), row('b', 2)]) list.put(r);
    expect(list.entries.map((item) => item.row.captureId)).toEqual(['c', 'b', 'a']);
    list.put(row('b', 4));
    list.put(row('d', 0));
    list.put(row('b', 5));
    expect(list.entries.map((item) => item.row.captureId)).toEqual(['b', 'c', 'a', 'd']);
    list.delete('c');
    expect(list.entries.map((item) => item.row.captureId)).toEqual(['b', 'a', 'd']);
    expect(list.size).toBe(3);
    expect(list.get('c')).toBeUndefined();
  });

  it('gives the form its draft before the list is open, and keeps writes made while it opens', async () => {
    const name = `opening-${crypto.randomUUID()}`;
    const clock = new ManualClock();
    const before = newStore(new CaptureDb(name), { clock });
    await before.saveNow(ID_A, draft({ lastName: 'Open' }));
    await before.saveNow(ID_B, draft({ lastName: 'Other' }));
    await before.saveNow(ID_C, draft({ lastName: 'Finalized' }));
    const created = (await new CaptureDb(name).drafts.get(ID_A))?.createdAt;

    // A slow disk: the read of every draft waits until released.
    const db = new CaptureDb(name);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reading = false;
    const toArray = db.drafts.toArray.bind(db.drafts);
    db.drafts.toArray = (async () => {
      reading = true;
      await released;
      return toArray();
    }) as typeof db.drafts.toArray;

    clock.advance(60_000);
    const store = newStore(db, { clock });
    const opening = store.start();
    await vi.waitFor(() => expect(reading).toBe(true));
    expect(store.loaded).toBe(false);
    expect((await store.get(ID_A))?.data.lastName).toBe('Open');
    await store.saveNow(ID_A, draft({ lastName: 'Typed' }));
    await store.removeFinalized(ID_C);
    expect((await db.drafts.get(ID_A))?.createdAt).toBe(created);

    release();
    expect(await opening).toBe(true);
    expect(store.loaded).toBe(true);
    expect(store.all.map((row) => [row.captureId, row.data.lastName])).toEqual([
      [ID_A, 'Typed'],
      [ID_B, 'Other'],
    ]);
  });

  it('writes a rescued copy back at unlock, before anything else, without opening the list', async () => {
    const name = `rescue-unlock-${crypto.randomUUID()}`;
    const storage = new MemoryStorage();
    const clock = new ManualClock();
    await newStore(new CaptureDb(name), { clock }).saveNow(ID_A, draft({ lastName: 'Old' }));
    clock.advance(1000);
    // What flushOnHide left when the page died before its IndexedDB write committed.
    const box = await sealedCopy(ID_A, 'Rescued');
    storage.setItem(RESCUE_KEY, JSON.stringify([{ captureId: ID_A, at: clock.now().toISOString(), box }]));

    clock.advance(1000);
    const db = new CaptureDb(name);
    const after = newStore(db, { clock, rescue: storage });
    expect(await after.unlock()).toBe(true);
    expect(after.loaded).toBe(false);
    expect(storage.getItem(RESCUE_KEY)).toBeNull();
    expect((await after.get(ID_A))?.data.lastName).toBe('Rescued');
    expect((await db.drafts.get(ID_A))?.updatedAt).toBe(clock.now().toISOString());
  });
});

async function sealedCopy(captureId: string, lastName: string): Promise<string> {
  const { boxToText, seal } = await import('../../../renderer/src/lib/draftCrypto');
  return boxToText(await seal(await testKey(), captureId, { data: draft({ lastName }), fieldErrors: [] }));
}

describe('draft search through the joined index', () => {
  it('finds exactly what the scan of each draft finds, in the same order', () => {
    const names = ['Rossi', 'Dubois', 'Müller', 'Kim', 'Rossini', 'Lee', 'Tanaka', '田中'];
    const list = Array.from({ length: 400 }, (_, i) => {
      const data = draft({
        lastName: names[i % names.length]!,
        firstName: i % 3 === 0 ? 'Anna' : 'Luca',
        companyName: i % 11 === 0 ? 'Acme 347' : '',
        emails: [{ email: `c${i}@maison.example`, isMainEmail: true }],
        phones: [
          {
            phone:
              i % 4 === 0 ? '' : `${['347', '06', '+33 6'][i % 3]} ${String(1000 + ((i * 37) % 9000))} 12`,
            countryPrefix: ['it', 'fr', 'FR'][i % 3]!,
            phoneType: 'Mobile',
            isMainPhone: true,
          },
        ],
      });
      const row = { captureId: `id-${i}`, createdAt: '', updatedAt: '', data, fieldErrors: [] };
      return { row, searchText: searchTextOf(data) };
    });
    const index = buildSearchIndex(list);
    const queries = [
      'rossi', 'ROSSI anna', 'ross', 'anna rossi luca', 'c12@', 'c1', '347', '347 10', '+33 6 10', '06 1',
      '33', '3361', 'acme 347', 'acme', '田中', '田中 anna', 'nobody', '  ', '', 'anna anna', 'müller',
      '(347) 1', 'a', 'maison.example', '+39 347',
    ]; // prettier-ignore
    for (const query of queries)
      expect(
        searchDrafts(list, () => index, query),
        query,
      ).toEqual(filterDrafts(list, query));
    // Not a comparison of empty answers.
    for (const query of ['rossi anna', '347 10', '+33 6 10', '田中', 'c12@'])
      expect(searchDrafts(list, () => index, query).length, query).toBeGreaterThan(0);
  });
});
