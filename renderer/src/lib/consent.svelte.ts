// The consent side of the form: the texts main serves (so what the client reads is what main hashes), the
// country rules for finalize, and the record of each tick. A tick that could not be recorded is kept and sent
// again before finalize: no consent reaches Booster without its evidence.
import type {
  BoosterBridge,
  ConsentCatalogueView,
  IpcError,
  ServedConsentText,
  TickedBy,
} from '../../../shared/ipc';
import {
  consentTextFor,
  defaultConsentCatalogue,
  type ConsentPurpose,
  type CountryRule,
} from '../../../shared/consent/catalogue';

export interface ConsentTick {
  captureId: string;
  purpose: ConsentPurpose;
  given: boolean;
  /** The language the text was shown in (the client's in self-entry, the UI's otherwise). */
  language: string;
  tickedBy: TickedBy;
  staffHint?: string;
}

export class ConsentState {
  catalogue = $state<ConsentCatalogueView>();
  /** Ticks main has not acknowledged yet, oldest first. */
  unrecorded = $state<ConsentTick[]>([]);
  lastError = $state<IpcError>();
  readonly rules: CountryRule[] = $derived(
    this.catalogue?.countryRules ?? defaultConsentCatalogue.countryRules,
  );

  readonly #bridge: () => BoosterBridge;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(bridge: () => BoosterBridge) {
    this.#bridge = bridge;
  }

  /** Asks main for the texts once (again after a failure); until then the shipped rules apply. */
  async load(): Promise<void> {
    if (this.catalogue) return;
    const result = await this.#bridge().consent.catalogue();
    if (result.ok) this.catalogue = result.value;
  }

  /** The text a purpose shows in a language (English when that language has none), as main holds it. */
  textFor(purpose: ConsentPurpose, language: string): ServedConsentText | undefined {
    const catalogue = this.catalogue;
    if (!catalogue) return undefined;
    const text = consentTextFor({ texts: catalogue.texts, countryRules: [] }, purpose, language);
    return text && catalogue.texts.find((served) => served === text);
  }

  /** Records a tick (in order with the others); on failure it waits in `unrecorded` for `flush`. */
  record(tick: ConsentTick): Promise<void> {
    return this.#serially(async () => {
      this.unrecorded = [...this.unrecorded, tick];
      await this.#send();
    });
  }

  /** Sends again what failed; true when every tick of this capture is recorded. */
  flush(captureId: string): Promise<boolean> {
    return this.#serially(async () => {
      await this.#send();
      return !this.unrecorded.some((tick) => tick.captureId === captureId);
    });
  }

  async #send(): Promise<void> {
    await this.load();
    while (this.unrecorded.length > 0) {
      const tick = this.unrecorded[0]!;
      const text = this.textFor(tick.purpose, tick.language);
      if (!text) {
        this.lastError = { code: 'mainUnreachable', message: 'The consent texts could not be loaded.' };
        return;
      }
      const result = await this.#bridge().consent.record({
        captureId: tick.captureId,
        purpose: tick.purpose,
        given: tick.given,
        textId: text.id,
        version: text.version,
        language: text.language,
        tickedBy: tick.tickedBy,
        ...(tick.staffHint ? { staffHint: tick.staffHint } : {}),
      });
      if (!result.ok) {
        this.lastError = result.error;
        return;
      }
      this.unrecorded = this.unrecorded.slice(1);
      this.lastError = undefined;
    }
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
