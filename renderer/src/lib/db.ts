// The renderer's IndexedDB: drafts being typed, and this laptop's settings. Every schema version stays declared
// so a laptop that skipped releases still upgrades step by step.
import Dexie, { type EntityTable } from 'dexie';
import type { FieldIssue as ContractFieldIssue } from '../../../shared/ipc';
import { searchTextOf, type DraftData } from './draftData';

/** A field problem as the form keeps it: the contract's, plus who raised it. */
export interface FieldIssue extends ContractFieldIssue {
  /** 'booster' when Booster itself refused the value (shown with Booster's own words). */
  source?: 'booster';
}

export interface DraftRow {
  captureId: string;
  createdAt: string;
  updatedAt: string;
  data: DraftData;
  /** Booster's errors for a reopened record, shown on their fields until edited. */
  fieldErrors: FieldIssue[];
  /** Lowercased names, emails, phone digits (see searchTextOf). Added in version 2. */
  searchText: string;
  /** Set while a deletion can still be undone: the row stays on disk so a crash then loses nothing. */
  deletedAt?: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export class CaptureDb extends Dexie {
  drafts!: EntityTable<DraftRow, 'captureId'>;
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
          .modify((row: Partial<DraftRow>) => {
            if (row.data) row.searchText = searchTextOf(row.data);
            row.fieldErrors ??= [];
          }),
      );
  }
}
