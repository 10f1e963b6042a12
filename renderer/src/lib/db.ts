// The renderer's IndexedDB: drafts being typed, and this laptop's settings. Every schema version stays declared
// so a laptop that skipped releases still upgrades step by step.
import Dexie, { type EntityTable } from 'dexie';
import type { FieldIssue as ContractFieldIssue } from '../../../shared/ipc';
import { searchTextOf, type DraftData } from './draftData';
import type { SealedBox } from './draftCrypto';

/** A field problem as the form keeps it: the contract's, plus who raised it. */
export interface FieldIssue extends ContractFieldIssue {
  /** 'booster' when Booster itself refused the value (shown with Booster's own words). */
  source?: 'booster';
}

/** A draft as the app uses it. Only ever in memory: on disk its personal content is sealed (StoredDraftRow). */
export interface DraftRow {
  captureId: string;
  createdAt: string;
  updatedAt: string;
  data: DraftData;
  /** Booster's errors for a reopened record, shown on their fields until edited. */
  fieldErrors: FieldIssue[];
}

/** What is sealed in a stored row: everything that may name or reach a client. */
export type DraftContent = Pick<DraftRow, 'data' | 'fieldErrors'>;

/**
 * A draft as IndexedDB holds it since version 3: index fields that name no one, and the content sealed with
 * the session's draft key (draftCrypto.ts). The search text is not stored: it is rebuilt from the content
 * when the drafts are opened.
 */
export interface StoredDraftRow {
  captureId: string;
  createdAt: string;
  updatedAt: string;
  sealed: SealedBox;
  /** Versions 1–2 only: a deletion that "Undo" could still revert. Such rows are purged at start. */
  deletedAt?: string;
}

/** A version 1–2 row, personal data in clear; sealed by sealPlainDrafts right after the database opens. */
export interface PlainDraftRow {
  captureId: string;
  createdAt: string;
  updatedAt: string;
  data: DraftData;
  fieldErrors?: FieldIssue[];
  searchText?: string;
  deletedAt?: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export class CaptureDb extends Dexie {
  drafts!: EntityTable<StoredDraftRow, 'captureId'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name = 'booster-capture', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Version 1: drafts only.
    this.version(1).stores({ drafts: 'captureId, updatedAt' });
    // Version 2: settings on this laptop; drafts gain searchText and fieldErrors, filled in for v1 rows.
    this.version(2)
      .stores({ drafts: 'captureId, updatedAt', settings: 'key' })
      .upgrade((tx) =>
        tx
          .table('drafts')
          .toCollection()
          .modify((row: Partial<PlainDraftRow>) => {
            if (row.data) row.searchText = searchTextOf(row.data);
            row.fieldErrors ??= [];
          }),
      );
    // Version 3: personal content sealed (StoredDraftRow). An upgrade transaction cannot await WebCrypto, so
    // the plain rows of versions 1–2 are sealed in a pass of their own right after opening (sealPlainDrafts).
    this.version(3).stores({ drafts: 'captureId, updatedAt', settings: 'key' });
  }

  /**
   * Write one draft row, resolved once its transaction has committed (so "saved" is true when shown). This is
   * the autosave's hot path, so once Dexie has opened the database the row goes straight through the native
   * connection Dexie holds (backendDB): one single-store readwrite transaction with the durability Dexie
   * itself asks for (the browser's default), awaiting `complete`. That skips Dexie's promise zones and
   * transaction bookkeeping, about 0.7 ms of a 1 ms put. It stays correct because nothing else depends on
   * Dexie seeing this write: no Dexie hook or middleware is installed and no liveQuery watches the drafts
   * (DraftStore keeps its own list in memory and updates it after the write). Opening, upgrades and a
   * versionchange stay Dexie's: while the database is not open, or if the native connection refuses a
   * transaction (closed by a versionchange), the row goes through Dexie, which opens or reports as usual.
   */
  async putDraft(row: StoredDraftRow): Promise<void> {
    let transaction: IDBTransaction;
    try {
      if (!this.isOpen()) throw new Error('not open');
      transaction = this.backendDB().transaction('drafts', 'readwrite', { durability: 'default' });
    } catch {
      await this.drafts.put(row);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const failed = () => reject(transaction.error ?? new Error('The draft could not be written.'));
      transaction.oncomplete = () => resolve();
      transaction.onabort = failed;
      const request = transaction.objectStore('drafts').put(row);
      // A failed put aborts the transaction (onabort above); its own error is the more precise one.
      request.onerror = () => reject(request.error ?? new Error('The draft could not be written.'));
    });
  }
}

/** Training drafts live in a database of their own, so no real draft is ever shown, finalized or lost in
 *  training, and no training draft in real work. The real database keeps its original name. */
export function captureDbName(mode: 'real' | 'training'): string {
  return mode === 'training' ? 'booster-capture-training' : 'booster-capture';
}

/** The page's small synchronous copies (open draft id, rescue copies) kept apart per mode the same way. */
export function storageForMode(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  mode: 'real' | 'training',
): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  if (mode === 'real') return storage;
  const key = (name: string) => `training:${name}`;
  return {
    getItem: (name) => storage.getItem(key(name)),
    setItem: (name, value) => storage.setItem(key(name), value),
    removeItem: (name) => storage.removeItem(key(name)),
  };
}
