// Everything the screens share, built once from its dependencies (the real bridge and IndexedDB in the app,
// fakes in tests) and handed down through Svelte context.
import { getContext, setContext } from 'svelte';
import type { AppModeName, BoosterBridge } from '../../../shared/ipc';
import { CaptureForm, type OpenDraftMemory } from './captureForm.svelte';
import { CaptureDb, captureDbName } from './db';
import { DraftStore, type RescueStorage } from './drafts.svelte';
import { importDraftKey } from './draftCrypto';
import { SettingsStore } from './settings.svelte';
import { SyncState } from './syncState.svelte';
import { systemClock, type Clock } from './clock';

export type Screen = 'capture' | 'drafts' | 'outbox' | 'settings' | 'tools';

export interface Notice {
  message: string;
  tone: 'info' | 'success' | 'error';
  /** An action offered with the notice, e.g. "Undo". */
  action?: { label: string; run: () => void | Promise<void> };
}

/** How long a confirmation stays; errors and offers (Undo) stay until dismissed or replaced. */
const NOTICE_MS = 8000;

export class UiState {
  screen = $state<Screen>('capture');
  notice = $state<Notice>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(screen: Screen): void {
    if (screen !== this.screen && !this.notice?.action) this.dismiss();
    this.screen = screen;
  }

  notify(notice: Notice): void {
    this.dismiss();
    this.notice = notice;
    if (notice.tone !== 'error' && !notice.action) this.#timer = setTimeout(() => this.dismiss(), NOTICE_MS);
  }

  dismiss(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.notice = undefined;
  }
}

export interface Services {
  db: CaptureDb;
  drafts: DraftStore;
  settings: SettingsStore;
  form: CaptureForm;
  sync: SyncState;
  ui: UiState;
  clock: Clock;
  /** The door to main, for screens that only ask and show (Event tools). */
  bridge: () => BoosterBridge;
  /** Real work or training, as main said when the page loaded (a switch reloads the page). */
  mode: AppModeName;
}

const OPEN_DRAFT_KEY = 'booster-capture.openDraft';

/** The open draft's id in localStorage: small, synchronous, and only an id (the data stays in IndexedDB). */
export function localOpenDraftMemory(
  storage: Storage | undefined = globalThis.localStorage,
): OpenDraftMemory {
  return {
    get: () => storage?.getItem(OPEN_DRAFT_KEY) ?? undefined,
    set: (captureId) => {
      if (captureId) storage?.setItem(OPEN_DRAFT_KEY, captureId);
      else storage?.removeItem(OPEN_DRAFT_KEY);
    },
  };
}

/**
 * The draft key for this session. Main hands it over and the page keeps it only as a non-extractable
 * CryptoKey in memory, rather than main sealing every autosave: typing and search stay local and fast, and
 * nothing the renderer writes (IndexedDB, localStorage) can be read without main's keychain.
 */
async function sessionDraftKey(bridge: BoosterBridge): Promise<CryptoKey> {
  const result = await bridge.drafts.key();
  if (!result.ok) throw new Error(result.error.message);
  return importDraftKey(result.value.key);
}

export function createServices(options: {
  bridge: () => BoosterBridge;
  openDraft?: OpenDraftMemory;
  /** Where drafts still queued when the page goes away are copied synchronously (localStorage in the app). */
  rescue?: RescueStorage;
  db?: CaptureDb;
  clock?: Clock;
  autosaveDelayMs?: number;
  /** Default real. Training drafts go to a database of their own (db.ts, captureDbName). */
  mode?: AppModeName;
}): Services {
  const clock = options.clock ?? systemClock;
  const mode = options.mode ?? 'real';
  const db = options.db ?? new CaptureDb(captureDbName(mode));
  const drafts = new DraftStore(db, {
    draftKey: () => sessionDraftKey(options.bridge()),
    clock,
    ...(options.autosaveDelayMs === undefined ? {} : { delayMs: options.autosaveDelayMs }),
    ...(options.rescue ? { rescue: options.rescue } : {}),
  });
  const settings = new SettingsStore(db, options.bridge, clock);
  const form = new CaptureForm({
    drafts,
    bridge: options.bridge,
    profile: () => settings.eventProfile,
    ...(options.openDraft ? { openDraft: options.openDraft } : {}),
  });
  const sync = new SyncState(options.bridge);
  return { db, drafts, settings, form, sync, ui: new UiState(), clock, bridge: options.bridge, mode };
}

/**
 * Start-up, as little as the capture form needs before it is shown, in parallel where independent: this
 * laptop's settings (the staff's event profile, no client data) while main answers the lock status; once
 * the app is open, the draft key (rescued copies written back) with the draft the form had open. Resolves
 * when the form can be shown. What only other screens need fills in afterwards, its failures going to
 * `onError`: the sync state, and the drafts list (its screen says so until it is loaded).
 */
export async function startServices(
  services: Pick<Services, 'drafts' | 'settings' | 'sync' | 'form'>,
  options: {
    /** Resolves once main says client data may be loaded (the app lock). */
    whenOpen: () => Promise<void>;
    onError: (error: unknown) => void;
  },
): Promise<void> {
  const { drafts, settings, sync, form } = services;
  const settingsLoaded = settings.load();
  try {
    await options.whenOpen();
    sync.start().catch(options.onError);
    const formDraft = drafts.unlock().then(() => form.restoreOpenDraft());
    // The list once the form has its draft, so the two never compete; whatever else failed.
    formDraft
      .catch(() => undefined)
      .then(() => drafts.start())
      .catch(options.onError);
    await Promise.all([formDraft, settingsLoaded]);
  } finally {
    // Never left unhandled, whichever step failed first (the caller is told of that one).
    settingsLoaded.catch(() => undefined);
  }
}

const KEY = Symbol('services');

export function provideServices(services: Services): void {
  setContext(KEY, services);
}

export function useServices(): Services {
  const services = getContext<Services | undefined>(KEY);
  if (!services) throw new Error('Services were not provided: mount components inside <App>.');
  return services;
}
