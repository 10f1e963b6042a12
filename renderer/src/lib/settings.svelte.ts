// This laptop's settings: the event profile every new client inherits, the reference data for the pickers,
// and the Booster connection (kept by main: secrets never stay here).
import { CatalogueError, defaultCatalogue, mergeCatalogue, type Catalogue } from '../../../shared/booster';
import type {
  BoosterBridge,
  ConfigureRequest,
  EnvironmentView,
  IpcError,
  SyncStatus,
} from '../../../shared/ipc';
import type { CaptureDb } from './db';
import { emptyEventProfile, type EventProfile } from './draftData';
import { systemClock, type Clock } from './clock';

const EVENT_PROFILE = 'eventProfile';
const CATALOGUE_FILE = 'catalogueFile';

interface CatalogueFile {
  fileName: string;
  loadedAt: string;
  content: unknown;
}

export type CatalogueLoadResult = { ok: true } | { ok: false; kind: 'notJson' | 'invalid'; message: string };

function isEventProfile(value: unknown): value is EventProfile {
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(emptyEventProfile).every(
    (key) => typeof (value as Record<string, unknown>)[key] === 'string',
  );
}

function isCatalogueFile(value: unknown): value is CatalogueFile {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.fileName === 'string' && typeof row.loadedAt === 'string' && 'content' in row;
}

/** Where the Booster connection stands, as Settings says it. `signedIn` in main's view only means a secret is
 *  stored and not refused since: until Booster has answered (a probe or a send), it is `notChecked`. */
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
  eventProfile = $state<EventProfile>({ ...emptyEventProfile });
  catalogue = $state<Catalogue>(defaultCatalogue);
  catalogueFile = $state<{ fileName: string; loadedAt: string }>();
  /** null: no Booster connection configured yet; undefined: not asked yet. */
  environment = $state<EnvironmentView | null>();
  /** Booster itself accepted a sign-in made here (user name and password are checked at once; an API key is
   *  only stored until Booster is next asked). */
  signInAnswered = $state(false);

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
    if (isEventProfile(profileRow?.value)) this.eventProfile = { ...emptyEventProfile, ...profileRow.value };
    if (isCatalogueFile(catalogueRow?.value)) {
      try {
        this.catalogue = mergeCatalogue(defaultCatalogue, catalogueRow.value.content);
        this.catalogueFile = { fileName: catalogueRow.value.fileName, loadedAt: catalogueRow.value.loadedAt };
      } catch {
        // A stored file that no longer parses (older contract): fall back to the defaults.
        this.catalogue = defaultCatalogue;
      }
    }
    await this.refreshEnvironment();
  }

  async refreshEnvironment(): Promise<IpcError | undefined> {
    const result = await this.#bridge().auth.environment();
    if (!result.ok) return result.error;
    this.environment = result.value;
    return undefined;
  }

  async saveEventProfile(profile: EventProfile): Promise<void> {
    const value = { ...profile };
    await this.#db.settings.put({ key: EVENT_PROFILE, value });
    this.eventProfile = value;
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

  /** The secret goes straight to main; the caller clears its inputs whatever the outcome. */
  async configureBooster(request: ConfigureRequest): Promise<IpcError | undefined> {
    const result = await this.#bridge().auth.configure(request);
    if (!result.ok) {
      this.signInAnswered = false;
      // 'boosterUnreachable' still saved the settings: show what main now holds.
      await this.refreshEnvironment();
      return result.error;
    }
    this.environment = result.value;
    this.signInAnswered = request.mode === 'credentials' && result.value.signedIn;
    return undefined;
  }

  async signOut(): Promise<IpcError | undefined> {
    const result = await this.#bridge().auth.signOut();
    if (!result.ok) return result.error;
    this.environment = result.value;
    this.signInAnswered = false;
    return undefined;
  }
}
