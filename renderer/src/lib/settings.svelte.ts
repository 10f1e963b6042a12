// This laptop's settings: the event profile every new client inherits, the reference data for the pickers,
// and the Booster connection (kept by main: secrets never stay here).
import { CatalogueError, defaultCatalogue, mergeCatalogue, type Catalogue } from '../../../shared/booster';
import type {
  BoosterBridge,
  ConfigureRequest,
  CredentialCheck,
  EnvironmentView,
  IpcError,
  IpcResult,
  LockStatus,
  PolicyView,
  SwitchCheck,
  SyncStatus,
} from '../../../shared/ipc';
import { uiLanguageCodes } from '../../../shared/policy/itPolicy';
import { eventProfileFileText, parseEventProfileFile, policyFileText } from './itExport';
import type { CaptureDb, FieldIssue } from './db';
import { emptyEventProfile, type EventProfile } from './draftData';
import {
  eventProfileIssues,
  inheritableEventProfile,
  readStoredEventProfile,
  trimmedEventProfile,
} from './eventProfile';
import { systemClock, type Clock } from './clock';

const EVENT_PROFILE = 'eventProfile';
const CATALOGUE_FILE = 'catalogueFile';

interface CatalogueFile {
  fileName: string;
  loadedAt: string;
  content: unknown;
}

export type CatalogueLoadResult = { ok: true } | { ok: false; kind: 'notJson' | 'invalid'; message: string };

/** Saving the event profile: nothing is written unless every filled-in field passes the form's rules. */
export type EventProfileSaveResult = { ok: true } | { ok: false; issues: FieldIssue[] };

/** Saving the Booster connection: main's error, or what Booster said of the key or sign-in just saved. */
export type BoosterSaveResult =
  { ok: false; error: IpcError } | { ok: true; check: CredentialCheck; detail?: string };

function isCatalogueFile(value: unknown): value is CatalogueFile {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.fileName === 'string' && typeof row.loadedAt === 'string' && 'content' in row;
}

/** Where the Booster connection stands, as Settings says it. `signedIn` in main's view only means a secret is
 *  stored and not refused since: until Booster has answered (the check on saving, a probe or a send), it is
 *  `notChecked`. */
export type BoosterStanding = 'loading' | 'notConfigured' | 'notSignedIn' | 'notChecked' | 'signedIn';

export function boosterStanding(
  environment: EnvironmentView | null | undefined,
  status: SyncStatus | undefined,
  signInAnswered = false,
): BoosterStanding {
  if (environment === undefined) return 'loading';
  if (environment === null) return 'notConfigured';
  if (!environment.signedIn) return 'notSignedIn';
  const answered =
    signInAnswered || status?.connectivity === 'online' || status?.lastSuccessfulSyncAt !== undefined;
  return answered ? 'signedIn' : 'notChecked';
}

export class SettingsStore {
  /** What every new client inherits: only values that pass the form's rules. */
  eventProfile = $state<EventProfile>({ ...emptyEventProfile });
  /** The profile as stored, wrong values included (an older version saved them unchecked), for Settings. */
  storedEventProfile = $state<EventProfile>({ ...emptyEventProfile });
  /** What is wrong with the stored profile: those values are not inherited until corrected. */
  storedEventProfileIssues = $state<FieldIssue[]>([]);
  catalogue = $state<Catalogue>(defaultCatalogue);
  catalogueFile = $state<{ fileName: string; loadedAt: string }>();
  /** null: no Booster connection configured yet; undefined: not asked yet. */
  environment = $state<EnvironmentView | null>();
  /** Booster itself accepted the key or sign-in saved here (both are checked with Booster when saved). */
  signInAnswered = $state(false);
  /** The IT policy as main loaded it (undefined: not asked yet). */
  policy = $state<PolicyView>();
  /** The app lock as main last said (for Settings' PIN actions). */
  lockStatus = $state<LockStatus>();

  readonly #db: CaptureDb;
  readonly #bridge: () => BoosterBridge;
  readonly #clock: Clock;

  constructor(db: CaptureDb, bridge: () => BoosterBridge, clock: Clock = systemClock) {
    this.#db = db;
    this.#bridge = bridge;
    this.#clock = clock;
  }

  async load(): Promise<void> {
    const [profileRow, catalogueRow] = await Promise.all([
      this.#db.settings.get(EVENT_PROFILE),
      this.#db.settings.get(CATALOGUE_FILE),
    ]);
    const stored = readStoredEventProfile(profileRow?.value);
    if (stored) this.#useEventProfile(stored, eventProfileIssues(stored));
    if (isCatalogueFile(catalogueRow?.value)) {
      try {
        this.catalogue = mergeCatalogue(defaultCatalogue, catalogueRow.value.content);
        this.catalogueFile = { fileName: catalogueRow.value.fileName, loadedAt: catalogueRow.value.loadedAt };
      } catch {
        // A stored file that no longer parses (older contract): fall back to the defaults.
        this.catalogue = defaultCatalogue;
      }
    }
    await Promise.all([this.refreshEnvironment(), this.refreshPolicy()]);
  }

  async refreshPolicy(): Promise<void> {
    const [policy, lock] = await Promise.all([this.#bridge().policy.get(), this.#bridge().lock.status()]);
    if (policy.ok) this.policy = policy.value;
    if (lock.ok) this.lockStatus = lock.value;
  }

  /** The environments IT allows (empty without a loaded policy: any https address may be typed). */
  get policyEnvironments() {
    return this.policy?.state === 'loaded' ? this.policy.policy.environments : [];
  }

  /** UI languages IT allows (every one without a policy). */
  get allowedUiLanguages(): readonly string[] {
    return this.policy?.state === 'loaded' ? this.policy.policy.allowedUiLanguages : uiLanguageCodes;
  }

  /** Guarded actions (switching environments, signing out, turning the lock off) need the staff PIN: an IT
   *  policy is present and a PIN is set. */
  get pinGuarded(): boolean {
    const state = this.lockStatus?.state;
    return (
      this.policy !== undefined &&
      this.policy.state !== 'none' &&
      (state === 'locked' || state === 'unlocked')
    );
  }

  /** What switching to this environment asks first; changes nothing. */
  switchCheck(baseUrl: string, mode: ConfigureRequest['mode']): Promise<IpcResult<SwitchCheck>> {
    return this.#bridge().auth.switchCheck({ baseUrl, mode });
  }

  /** The event profile as a file for other laptops. */
  eventProfileFile(): string {
    return eventProfileFileText(this.storedEventProfile);
  }

  /** An exported profile: checked whole, saved only without a single problem. */
  async importEventProfile(text: string): Promise<EventProfileSaveResult> {
    const parsed = parseEventProfileFile(text);
    if (!parsed.ok) return parsed;
    return this.saveEventProfile(parsed.profile);
  }

  /** The policy in force, for IT to copy to other laptops; undefined without a loaded one. */
  policyFile(): string | undefined {
    return this.policy?.state === 'loaded' ? policyFileText(this.policy.policy) : undefined;
  }

  async changePin(currentPin: string, pin: string): Promise<IpcError | undefined> {
    const result = await this.#bridge().lock.changePin({ currentPin, pin });
    if (!result.ok) return result.error;
    this.lockStatus = result.value;
    return undefined;
  }

  async disableLock(pin: string | undefined): Promise<IpcError | undefined> {
    const result = await this.#bridge().lock.disable(pin === undefined ? {} : { pin });
    if (!result.ok) return result.error;
    this.lockStatus = result.value;
    return undefined;
  }

  async refreshEnvironment(): Promise<IpcError | undefined> {
    const result = await this.#bridge().auth.environment();
    if (!result.ok) return result.error;
    this.environment = result.value;
    return undefined;
  }

  /** Refused, with every wrong field, unless each filled-in value passes the capture form's rules. */
  async saveEventProfile(profile: EventProfile): Promise<EventProfileSaveResult> {
    const value = trimmedEventProfile(profile);
    const issues = eventProfileIssues(value);
    if (issues.length > 0) return { ok: false, issues };
    await this.#db.settings.put({ key: EVENT_PROFILE, value });
    this.#useEventProfile(value, []);
    return { ok: true };
  }

  #useEventProfile(stored: EventProfile, issues: FieldIssue[]): void {
    this.storedEventProfile = stored;
    this.storedEventProfileIssues = issues;
    this.eventProfile = inheritableEventProfile(stored, issues);
  }

  /** Lay a reference-data file over the defaults; nothing changes unless the whole file is valid. */
  async loadCatalogueFile(fileName: string, text: string): Promise<CatalogueLoadResult> {
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch (error) {
      return { ok: false, kind: 'notJson', message: error instanceof Error ? error.message : String(error) };
    }
    let catalogue: Catalogue;
    try {
      catalogue = mergeCatalogue(defaultCatalogue, content);
    } catch (error) {
      if (error instanceof CatalogueError) return { ok: false, kind: 'invalid', message: error.message };
      throw error;
    }
    const loadedAt = this.#clock.now().toISOString();
    await this.#db.settings.put({
      key: CATALOGUE_FILE,
      value: { fileName, loadedAt, content } satisfies CatalogueFile,
    });
    this.catalogue = catalogue;
    this.catalogueFile = { fileName, loadedAt };
    return { ok: true };
  }

  async resetCatalogue(): Promise<void> {
    await this.#db.settings.delete(CATALOGUE_FILE);
    this.catalogue = defaultCatalogue;
    this.catalogueFile = undefined;
  }

  /** The secret goes straight to main, which saves it and asks Booster at once; the caller clears its inputs
   *  whatever the outcome. Only Booster's "accepted" counts as signed in. */
  async configureBooster(request: ConfigureRequest): Promise<BoosterSaveResult> {
    const result = await this.#bridge().auth.configure(request);
    if (!result.ok) {
      this.signInAnswered = false;
      // A failure after the save (the secret store, say) may have changed what main holds: show that.
      await this.refreshEnvironment();
      return result;
    }
    const { environment, check, detail } = result.value;
    this.environment = environment;
    this.signInAnswered = check === 'accepted' && environment.signedIn;
    return { ok: true, check, ...(detail ? { detail } : {}) };
  }

  async signOut(pin?: string): Promise<IpcError | undefined> {
    const result = await this.#bridge().auth.signOut(pin === undefined ? undefined : { pin });
    if (!result.ok) return result.error;
    this.environment = result.value;
    this.signInAnswered = false;
    return undefined;
  }
}
