// Self-entry: staff hand the laptop to the client, who fills in their own part of the open draft in their
// language and ticks each consent themselves. The client sees only that (App.svelte hides the shell) and
// leaves only with the staff PIN, checked by main with the lock's throttle. The same draft, the same autosave;
// the mode is remembered (by capture id) so a reload comes back to it, never to the staff's screens.
import { getContext, setContext } from 'svelte';
import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';
import type { BoosterBridge, IpcError, LockStatus } from '../../../shared/ipc';
import { changeLocale, isUiLocale, type UiLocale } from '../i18n';
import type { CaptureForm } from './captureForm.svelte';

const STORAGE_KEY = 'booster-capture.selfEntry';

/** The client's language choice changes the UI for the session only; the staff's saved choice stays. */
const notSaved = { setItem: () => undefined };

export type SelfEntryPhase = 'filling' | 'handBack';

export type LeaveOutcome = { ok: true } | { ok: false; error: IpcError };

interface Remembered {
  captureId: string;
  staffLanguage: UiLocale;
  clientLanguage: UiLocale;
}

export class SelfEntryMode {
  active = $state(false);
  phase = $state<SelfEntryPhase>('filling');
  clientLanguage = $state<UiLocale>('en');
  #staffLanguage: UiLocale = 'en';

  readonly #form: CaptureForm;
  readonly #bridge: () => BoosterBridge;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;

  constructor(
    form: CaptureForm,
    bridge: () => BoosterBridge,
    storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = globalThis.localStorage,
  ) {
    this.#form = form;
    this.#bridge = bridge;
    this.#storage = storage;
  }

  /** Starts on the open draft (made one if new). Refused without a staff PIN: nobody could leave it. */
  async start(): Promise<IpcError | undefined> {
    const status = await this.#bridge().lock.status();
    if (!status.ok) return status.error;
    if (status.value.state !== 'unlocked')
      return {
        code: 'selfEntryNeedsPin',
        message: 'Set a staff PIN first: the client leaves self-entry only with it.',
      };
    if (!this.#form.captureId) this.#form.changed();
    const staff = get(locale);
    this.#staffLanguage = isUiLocale(staff) ? staff : 'en';
    await this.#form.consent.load();
    this.#enter(this.#staffLanguage);
    return undefined;
  }

  /** After a reload: back in self-entry if it was on for the draft that is open again. */
  async resume(): Promise<void> {
    const remembered = this.#remembered();
    if (!remembered) return;
    if (remembered.captureId !== this.#form.captureId) {
      this.#storage?.removeItem(STORAGE_KEY);
      return;
    }
    this.#staffLanguage = remembered.staffLanguage;
    await this.#form.consent.load().catch(() => undefined);
    this.#enter(remembered.clientLanguage);
    await changeLocale(remembered.clientLanguage, notSaved);
  }

  async chooseLanguage(code: UiLocale): Promise<void> {
    this.clientLanguage = code;
    this.#form.consentLanguage = code;
    this.#remember();
    await changeLocale(code, notSaved);
  }

  /** What main says of the lock now (attempts left, the wait after too many wrong PINs). */
  async lockStatus(): Promise<LockStatus | undefined> {
    const result = await this.#bridge().lock.status();
    return result.ok ? result.value : undefined;
  }

  done(): void {
    this.phase = 'handBack';
  }

  keepFilling(): void {
    this.phase = 'filling';
  }

  /** Leaves with the staff PIN (main counts a wrong one like a wrong unlock); the staff's language comes back. */
  async leave(pin: string): Promise<LeaveOutcome> {
    const result = await this.#bridge().lock.verifyPin({ pin });
    if (!result.ok) return result;
    this.active = false;
    this.phase = 'filling';
    this.#form.consentActor = 'staff';
    this.#form.consentLanguage = undefined;
    this.#storage?.removeItem(STORAGE_KEY);
    await changeLocale(this.#staffLanguage, notSaved);
    return { ok: true };
  }

  #enter(clientLanguage: UiLocale): void {
    this.clientLanguage = clientLanguage;
    this.#form.consentActor = 'client';
    this.#form.consentLanguage = clientLanguage;
    this.phase = 'filling';
    this.active = true;
    this.#remember();
  }

  #remember(): void {
    const captureId = this.#form.captureId;
    if (!captureId) return;
    const value: Remembered = {
      captureId,
      staffLanguage: this.#staffLanguage,
      clientLanguage: this.clientLanguage,
    };
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify(value));
  }

  #remembered(): Remembered | undefined {
    try {
      const value = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<Remembered> | null;
      if (
        typeof value?.captureId === 'string' &&
        isUiLocale(value.staffLanguage) &&
        isUiLocale(value.clientLanguage)
      )
        return {
          captureId: value.captureId,
          staffLanguage: value.staffLanguage,
          clientLanguage: value.clientLanguage,
        };
    } catch {
      // Not ours or damaged: as if self-entry was off.
    }
    return undefined;
  }
}

const KEY = Symbol('selfEntry');

export function provideSelfEntry(mode: SelfEntryMode): void {
  setContext(KEY, mode);
}

/** Undefined outside the app (a screen mounted alone in a test): no self-entry to start. */
export function useSelfEntry(): SelfEntryMode | undefined {
  return getContext<SelfEntryMode | undefined>(KEY);
}
