// The client being captured: its data, which fields were left (blur), errors from the schema and from Booster,
// and the finalize flow. The draft is written on every change; it leaves IndexedDB only after main
// acknowledged the outbox entry.
import { afterPointerRelease } from './pointerRelease';
import type { BoosterBridge, IpcError, OutboxEntrySummary } from '../../../shared/ipc';
import {
  buildRecord,
  displayNameOf,
  draftFromRecord,
  emptyDraft,
  newItem,
  removeItem,
  setMain,
  type DraftData,
  type EventProfile,
  type ListKey,
} from './draftData';
import type { DraftRow, FieldIssue } from './db';
import type { DraftMatch, DraftStore } from './drafts.svelte';
import { validateBuilt } from './validation';
import { isUnreadableDate, withUnreadableDates, type DateBoxReading } from './formLayout';
import { isConsentPurpose } from '../../../shared/consent/catalogue';
import type { TickedBy } from '../../../shared/ipc';
import { ConsentState } from './consent.svelte';
import { currentUiLanguage, withCountryRules } from './consentRules';

export interface DuplicateMatch {
  captureId: string;
  displayName: string;
  matchedOn: 'email' | 'phone';
  /** 'draft' for a draft on this laptop, else the outbox state. */
  where: 'draft' | OutboxEntrySummary['state'];
}

export type FinalizeOutcome =
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'duplicates'; matches: DuplicateMatch[] }
  | { kind: 'failed'; error: IpcError }
  | { kind: 'queued'; entry: OutboxEntrySummary };

/** Remembers which draft is open in the form, so a reload or crash reopens it. */
export interface OpenDraftMemory {
  get(): string | undefined;
  set(captureId: string | undefined): void;
}

export const noOpenDraftMemory: OpenDraftMemory = { get: () => undefined, set: () => {} };

export interface CaptureFormDeps {
  drafts: DraftStore;
  openDraft?: OpenDraftMemory;
  bridge: () => BoosterBridge;
  profile: () => EventProfile;
  newId?: () => string;
}

export class CaptureForm {
  data = $state<DraftData>(emptyDraft());
  /** Assigned at the first change; stays with the client through the outbox and a reopen. */
  captureId = $state<string>();
  /** Paths of fields the person has left; their errors show from then on. */
  touched = $state<Record<string, true>>({});
  /** A finalize was attempted: every error shows. */
  submitted = $state(false);
  /** Errors from Booster (reopened record) or from main's enqueue, by form path, until the field is edited. */
  serverErrors = $state<Record<string, FieldIssue>>({});
  busy = $state(false);
  /** What the last failed finalize said, for a person. */
  failure = $state<IpcError>();

  /** Date boxes (by path) whose text is not a real date: the record would go without it, so they block finalize. */
  unreadableDates = $state<Record<string, true>>({});

  /** Consent texts, country rules and the evidence of each tick (consent.svelte.ts). */
  readonly consent: ConsentState = new ConsentState(() => this.#deps.bridge());
  /** Who ticks consents now: staff in the form, the client in self-entry; and in which language the client
   *  reads them (undefined: the UI's). */
  consentActor = $state<TickedBy>('staff');
  consentLanguage = $state<string>();

  readonly built = $derived(buildRecord(this.data));
  readonly issues = $derived(
    withCountryRules(
      withUnreadableDates(validateBuilt(this.built), this.unreadableDates),
      this.built.record,
      this.consent.rules,
    ),
  );
  readonly displayName = $derived(displayNameOf(this.data));

  readonly #deps: Required<CaptureFormDeps>;

  constructor(deps: CaptureFormDeps) {
    this.#deps = {
      newId: () => crypto.randomUUID(),
      openDraft: noOpenDraftMemory,
      ...deps,
    };
    this.data = emptyDraft(this.#deps.profile());
  }

  /** The message shown beside a field, if any: Booster's first, then the schema's once the field was left. */
  errorFor(path: string): FieldIssue | undefined {
    const server = this.serverErrors[path];
    if (server) return server;
    if (!this.submitted && !this.touched[path]) return undefined;
    return this.issues.get(path);
  }

  /** What the error summary lists: Booster's errors always, the schema's once a finalize was attempted. */
  visibleIssues(): FieldIssue[] {
    const shown: Record<string, FieldIssue> = { ...this.serverErrors };
    if (this.submitted) for (const [path, issue] of this.issues) shown[path] ??= issue;
    return Object.values(shown);
  }

  /** A date box at `path` was typed in or left: note whether its text is a real date. */
  dateBoxRead(path: string, box: DateBoxReading): void {
    const unreadable = isUnreadableDate(box);
    if (unreadable && !this.unreadableDates[path]) this.unreadableDates[path] = true;
    else if (!unreadable && this.unreadableDates[path]) delete this.unreadableDates[path];
  }

  blurred(path: string): void {
    if (this.touched[path]) return;
    afterPointerRelease(() => {
      this.touched[path] = true;
    });
  }

  /** A person changed `path` (or, without a path, the form as a whole). */
  edited(path?: string): void {
    if (path && this.serverErrors[path]) delete this.serverErrors[path];
    this.changed();
    if (isConsentPurpose(path) && this.captureId) {
      // Each tick and untick is evidence, recorded by main with its own time, device and text hash.
      const staffHint = this.#deps.profile().saleRepresentativeEmail.trim();
      void this.consent.record({
        captureId: this.captureId,
        purpose: path,
        given: this.data[path] === true,
        language: this.consentLanguage ?? currentUiLanguage(),
        tickedBy: this.consentActor,
        ...(staffHint ? { staffHint } : {}),
      });
    }
  }

  /** Something changed: give the client its capture id if new, and autosave. */
  changed(): void {
    if (this.captureId === undefined) {
      this.captureId = this.#deps.newId();
      this.#deps.openDraft.set(this.captureId);
    }
    this.#deps.drafts.scheduleSave(
      this.captureId,
      $state.snapshot(this.data) as DraftData,
      this.#serverErrorList(),
    );
  }

  #serverErrorList(): FieldIssue[] {
    return Object.values($state.snapshot(this.serverErrors) as Record<string, FieldIssue>);
  }

  addItem(list: ListKey): void {
    const rows = this.data[list] as unknown[];
    rows.push(newItem(list, rows.length === 0, this.data.countryId));
    this.changed();
  }

  removeItem(list: ListKey, index: number): void {
    removeItem(this.data, list, index);
    // Booster's errors for later rows no longer point at the same row: keep only those of other lists.
    for (const path of Object.keys(this.serverErrors))
      if (path.startsWith(`${list}.`)) delete this.serverErrors[path];
    // Rows after the removed one move up: their boxes are read again when next typed in or left.
    for (const path of Object.keys(this.unreadableDates))
      if (path.startsWith(`${list}.`)) delete this.unreadableDates[path];
    this.changed();
  }

  setMain(list: ListKey, index: number): void {
    setMain(this.data, list, index);
    this.changed();
  }

  /** Start a new client with the event profile. The previous one, if any, stays saved as a draft. */
  async startNew(): Promise<void> {
    await this.#deps.drafts.flush();
    this.#reset(emptyDraft(this.#deps.profile()), undefined, []);
  }

  /** A client nobody has typed into yet takes the current event profile (it may have loaded or changed). */
  applyProfileIfUntouched(): void {
    if (this.captureId === undefined) this.data = emptyDraft(this.#deps.profile());
  }

  /** Resume a saved draft. */
  async resume(row: DraftRow): Promise<void> {
    await this.#deps.drafts.flush();
    this.#deps.drafts.noteOpened(row);
    this.#reset(row.data, row.captureId, row.fieldErrors);
  }

  /** "Edit and resend": main hands the record back with Booster's errors; it is saved as a draft at once. */
  async reopen(captureId: string): Promise<IpcError | undefined> {
    const result = await this.#deps.bridge().outbox.reopen({ captureId });
    if (!result.ok) return result.error;
    await this.#deps.drafts.flush();
    const data = draftFromRecord(result.value.record);
    const fieldErrors = result.value.fieldErrors.map((issue): FieldIssue => ({
      ...issue,
      source: 'booster',
    }));
    await this.#deps.drafts.saveNow(captureId, data, fieldErrors);
    this.#reset(data, captureId, fieldErrors);
    return undefined;
  }

  /** After a reload or crash: reopen the draft that was in the form, if it still exists. */
  async restoreOpenDraft(): Promise<boolean> {
    const captureId = this.#deps.openDraft.get();
    if (!captureId || this.captureId) return false;
    const row = await this.#deps.drafts.get(captureId);
    if (!row) {
      this.#deps.openDraft.set(undefined);
      return false;
    }
    this.#deps.drafts.noteOpened(row);
    this.#reset(row.data, row.captureId, row.fieldErrors);
    return true;
  }

  #reset(data: DraftData, captureId: string | undefined, fieldErrors: FieldIssue[]): void {
    this.data = data;
    this.captureId = captureId;
    this.#deps.openDraft.set(captureId);
    this.touched = {};
    this.unreadableDates = {};
    this.submitted = false;
    this.failure = undefined;
    this.serverErrors = Object.fromEntries(fieldErrors.map((issue) => [issue.path, issue]));
  }

  /** Other clients on this laptop (drafts, outbox) with one of this client's emails or phones. */
  async findDuplicates(): Promise<DuplicateMatch[]> {
    const emails = this.data.emails.map((item) => item.email.trim()).filter(Boolean);
    const phones = this.data.phones
      .filter((item) => item.phone.trim() !== '')
      .map((item) => ({ countryPrefix: item.countryPrefix.trim().toLowerCase(), phone: item.phone.trim() }));
    if (emails.length === 0 && phones.length === 0) return [];
    const excludeCaptureId = this.captureId;
    const draftMatches: DraftMatch[] = await this.#deps.drafts.findMatches(emails, phones, excludeCaptureId);
    const matches: DuplicateMatch[] = draftMatches.map((match) => ({ ...match, where: 'draft' }));
    const outbox = await this.#deps.bridge().outbox.findMatches({
      emails: emails.slice(0, 20),
      phones: phones.slice(0, 20),
      ...(excludeCaptureId ? { excludeCaptureId } : {}),
    });
    // The outbox check only warns: if main cannot answer, finalizing still works.
    if (outbox.ok) for (const match of outbox.value.matches) matches.push({ ...match, where: match.state });
    return matches;
  }

  /**
   * Validate, warn about duplicates (unless confirmed), then hand the record to main's outbox. The draft is
   * removed only after main acknowledged; on any failure it stays and the reason is kept in `failure`.
   */
  async finalize(options: { duplicatesConfirmed?: boolean } = {}): Promise<FinalizeOutcome> {
    this.submitted = true;
    this.failure = undefined;
    // Main's country rules (a consent file may change them); the shipped ones if main cannot answer.
    await this.consent.load().catch(() => undefined);
    const issues = [...this.issues.values()];
    if (issues.length > 0) return { kind: 'invalid', issues };
    this.busy = true;
    try {
      this.captureId ??= this.#deps.newId();
      const captureId = this.captureId;
      if (!options.duplicatesConfirmed) {
        const matches = await this.findDuplicates();
        if (matches.length > 0) return { kind: 'duplicates', matches };
      }
      // Every tick has its evidence before the client leaves the laptop for Booster.
      if (!(await this.consent.flush(captureId))) {
        this.failure = this.consent.lastError ?? {
          code: 'consentNotRecorded',
          message: 'A consent could not be recorded.',
        };
        return { kind: 'failed', error: this.failure };
      }
      const built = this.built;
      // No registrationDate of our own: main stamps the capture time, so trusted time can correct it.
      const record = { ...built.record };
      await this.#deps.drafts.saveNow(
        captureId,
        $state.snapshot(this.data) as DraftData,
        this.#serverErrorList(),
      );

      const result = await this.#deps.bridge().outbox.enqueue({ captureId, record });
      if (!result.ok) {
        this.failure = result.error;
        for (const issue of result.error.fields ?? []) {
          const path = built.toFormPath(issue.path);
          this.serverErrors[path] = { ...issue, path };
        }
        await this.#deps.drafts.saveNow(
          captureId,
          $state.snapshot(this.data) as DraftData,
          this.#serverErrorList(),
        );
        return { kind: 'failed', error: result.error };
      }
      await this.#deps.drafts.removeFinalized(captureId);
      this.#reset(emptyDraft(this.#deps.profile()), undefined, []);
      return { kind: 'queued', entry: result.value };
    } finally {
      this.busy = false;
    }
  }
}
