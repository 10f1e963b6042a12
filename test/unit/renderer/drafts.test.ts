import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { CaptureDb } from '../../../renderer/src/lib/db';
import { AUTOSAVE_DELAY_MS, DraftStore } from '../../../renderer/src/lib/drafts.svelte';
import { emptyDraft, type DraftData } from '../../../renderer/src/lib/draftData';
import { ManualClock } from '../../support/renderer/manualClock';
import { uniqueDb } from '../../support/renderer/setup';

function draft(changes: Partial<DraftData> = {}): DraftData {
  return { ...emptyDraft(), ...changes };
}

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ID_C = '33333333-3333-4333-8333-333333333333';

describe('DraftStore autosave', () => {
  it('writes the latest change once, within the allowed 300 ms', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = new DraftStore(db, clock);

    store.scheduleSave(ID_A, draft({ lastName: 'R' }));
    store.scheduleSave(ID_A, draft({ lastName: 'Ro' }));
    store.scheduleSave(ID_A, draft({ lastName: 'Rossi' }));

    expect(clock.timers.size).toBe(1);
    expect([...clock.timers.values()][0]?.ms).toBeLessThanOrEqual(300);
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(300);
    expect(await db.drafts.get(ID_A)).toBeUndefined();

    clock.runTimers();
    await vi.waitFor(async () => expect((await db.drafts.get(ID_A))?.data.lastName).toBe('Rossi'));
    expect(store.lastSaved).toEqual({ captureId: ID_A, at: clock.now().toISOString() });
  });

  it('flush writes at once (visibilitychange / pagehide) and cancels the timer', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = new DraftStore(db, clock);
    store.scheduleSave(ID_A, draft({ firstName: 'Giulia' }));
    await store.flush();
    expect(clock.timers.size).toBe(0);
    expect((await db.drafts.get(ID_A))?.data.firstName).toBe('Giulia');
  });

  it('keeps createdAt across saves and moves updatedAt', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = new DraftStore(db, clock);
    await store.saveNow(ID_A, draft({ lastName: 'A' }));
    const created = (await db.drafts.get(ID_A))?.createdAt;
    clock.advance(60_000);
    await store.saveNow(ID_A, draft({ lastName: 'AB' }));
    const row = await db.drafts.get(ID_A);
    expect(row?.createdAt).toBe(created);
    expect(row?.updatedAt).not.toBe(created);
  });
});

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

describe('DraftStore when the page goes away', () => {
  it('a change still queued when the page dies is recovered at the next start', async () => {
    const name = `rescue-${crypto.randomUUID()}`;
    const storage = new MemoryStorage();
    const clock = new ManualClock();
    const before = new DraftStore(new CaptureDb(name), clock, AUTOSAVE_DELAY_MS, storage);
    await before.saveNow(ID_A, draft({ lastName: 'Dub' }));
    clock.advance(1000);
    before.scheduleSave(ID_A, draft({ lastName: 'Dubois' }));
    // pagehide: the synchronous copy is made before the IndexedDB write starts.
    let copyAtHide: string | null = null;
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      copyAtHide = value;
      setItem(key, value);
    };
    await before.flushOnHide();
    const rescued = copyAtHide as string | null;
    expect(rescued).toContain('Dubois');

    // Simulate the page dying before that write committed: IndexedDB holds the older value, the copy remains.
    const db = new CaptureDb(name);
    await db.drafts.update(ID_A, { data: draft({ lastName: 'Dub' }), updatedAt: '2026-11-28T09:00:00.000Z' });
    storage.setItem('booster-capture.draftRescue', rescued!);
    clock.advance(1000);
    const after = new DraftStore(db, clock, AUTOSAVE_DELAY_MS, storage);
    expect(await after.recoverRescued()).toBe(1);
    expect((await db.drafts.get(ID_A))?.data.lastName).toBe('Dubois');
    expect(storage.getItem('booster-capture.draftRescue')).toBeNull();
  });

  it('drops the copy once IndexedDB has the write, so a later finalize is not undone', async () => {
    const storage = new MemoryStorage();
    const db = uniqueDb();
    const store = new DraftStore(db, new ManualClock(), AUTOSAVE_DELAY_MS, storage);
    store.scheduleSave(ID_A, draft({ lastName: 'Kept' }));
    await store.flushOnHide();
    expect(storage.getItem('booster-capture.draftRescue')).toBeNull();
    await store.removeFinalized(ID_A);
    expect(await store.recoverRescued()).toBe(0);
    expect(await db.drafts.get(ID_A)).toBeUndefined();
  });
});

describe('DraftStore list, resume, delete', () => {
  it('survives a restart: a new store on the same database resumes the draft', async () => {
    const name = `restart-${crypto.randomUUID()}`;
    const first = new DraftStore(new CaptureDb(name), new ManualClock());
    await first.saveNow(
      ID_A,
      draft({ lastName: 'Bianchi', emails: [{ email: 'b@example.com', isMainEmail: true }] }),
    );

    const second = new DraftStore(new CaptureDb(name), new ManualClock());
    const row = await second.get(ID_A);
    expect(row?.data.lastName).toBe('Bianchi');
    expect(row?.data.emails[0]?.email).toBe('b@example.com');
  });

  it('lists newest first and searches by name, email and phone digits', async () => {
    const clock = new ManualClock();
    const store = new DraftStore(uniqueDb(), clock);
    store.start();
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

    await vi.waitFor(() => expect(store.all.map((row) => row.captureId)).toEqual([ID_C, ID_B, ID_A]));

    store.search = 'rossi';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_A]);
    store.search = 'MARIO@example';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_A]);
    store.search = '12 34 56';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_B]);
    store.search = 'acme';
    expect(store.visible.map((row) => row.captureId)).toEqual([ID_C]);
    store.search = 'nobody';
    expect(store.visible).toEqual([]);
    store.stop();
  });

  it('deletes with undo: hidden from the list and matches, kept on disk until undo is no longer offered', async () => {
    const db = uniqueDb();
    const store = new DraftStore(db, new ManualClock());
    store.start();
    await store.saveNow(
      ID_A,
      draft({ lastName: 'Verdi', emails: [{ email: 'verdi@example.com', isMainEmail: true }] }),
    );
    await vi.waitFor(() => expect(store.count).toBe(1));

    await store.remove(ID_A);
    await vi.waitFor(() => expect(store.count).toBe(0));
    expect(await store.get(ID_A)).toBeUndefined();
    expect(await store.findMatches(['verdi@example.com'], [])).toEqual([]);
    expect((await db.drafts.get(ID_A))?.deletedAt).toBeDefined();
    expect(store.lastDeleted?.data.lastName).toBe('Verdi');

    await store.undoRemove();
    const restored = await db.drafts.get(ID_A);
    expect(restored?.data.lastName).toBe('Verdi');
    expect(restored && 'deletedAt' in restored).toBe(false);
    expect(store.lastDeleted).toBeUndefined();
    await vi.waitFor(() => expect(store.count).toBe(1));
    store.stop();
  });

  it('a deletion becomes final when undo is no longer offered (next deletion, leaving the page)', async () => {
    const db = uniqueDb();
    const store = new DraftStore(db, new ManualClock());
    await store.saveNow(ID_A, draft({ lastName: 'Verdi' }));
    await store.saveNow(ID_B, draft({ lastName: 'Bianchi' }));

    await store.remove(ID_A);
    await store.remove(ID_B);
    expect(await db.drafts.get(ID_A)).toBeUndefined();
    expect((await db.drafts.get(ID_B))?.deletedAt).toBeDefined();

    await store.purgeDeleted();
    expect(await db.drafts.count()).toBe(0);
    expect(store.lastDeleted).toBeUndefined();
  });

  it('a crash while undo is offered loses nothing: the draft is back at the next start', async () => {
    const db = uniqueDb();
    const before = new DraftStore(db, new ManualClock());
    await before.saveNow(ID_A, draft({ lastName: 'Verdi' }));
    await before.remove(ID_A);

    // The app dies here; a new store on the same database starts.
    const after = new DraftStore(db, new ManualClock());
    expect(await after.restoreDeleted()).toBe(1);
    expect((await after.get(ID_A))?.data.lastName).toBe('Verdi');
    expect(await after.restoreDeleted()).toBe(0);
  });

  it('a pending autosave does not bring back a deleted draft', async () => {
    const db = uniqueDb();
    const clock = new ManualClock();
    const store = new DraftStore(db, clock);
    await store.saveNow(ID_A, draft({ lastName: 'Neri' }));
    store.scheduleSave(ID_A, draft({ lastName: 'Neri2' }));
    await store.removeFinalized(ID_A);
    clock.runTimers();
    await store.flush();
    expect(await db.drafts.get(ID_A)).toBeUndefined();
  });

  it('finds other drafts with the same email or phone', async () => {
    const store = new DraftStore(uniqueDb(), new ManualClock());
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

    const byEmail = await store.findMatches(['mario@example.com'], [], ID_C);
    expect(byEmail).toEqual([{ captureId: ID_A, displayName: 'Rossi', matchedOn: 'email' }]);
    const byPhone = await store.findMatches([], [{ countryPrefix: 'FR', phone: '06 12 34 56 78' }], ID_C);
    expect(byPhone.map((match) => match.captureId)).toEqual([ID_B]);
    expect(await store.findMatches(['mario@example.com'], [], ID_A)).toEqual([]);
  });
});

describe('CaptureDb migrations', () => {
  it('upgrades version 1 drafts: fills searchText and fieldErrors, adds settings', async () => {
    const name = `migration-${crypto.randomUUID()}`;
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
    const row = await db.drafts.get(ID_A);
    expect(db.verno).toBe(2);
    expect(row?.searchText).toContain('legacy');
    expect(row?.searchText).toContain('old@example.com');
    expect(row?.fieldErrors).toEqual([]);
    await db.settings.put({ key: 'probe', value: 1 });
    expect((await db.settings.get('probe'))?.value).toBe(1);
  });
});
