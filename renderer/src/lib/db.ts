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
}
