// Switching between real work and training from the page: main swaps its services (shared/ipc/mode.ts), then
// the page reloads onto the other mode's drafts (db.ts, captureDbName). The open draft is written first.
import type { AppModeName, BoosterBridge, IpcError } from '../../../shared/ipc';

/** sessionStorage note for the reloaded page: training was just entered, announce it once. */
export const TRAINING_ENTERED_KEY = 'booster-capture.trainingEntered';

export async function switchMode(deps: {
  bridge: () => BoosterBridge;
  mode: AppModeName;
  pin?: string | undefined;
  /** Writes the open draft now (drafts.flushOnHide). */
  flushDrafts: () => Promise<void>;
  reload: () => void;
  storage?: Pick<Storage, 'setItem'> | undefined;
}): Promise<IpcError | undefined> {
  await deps.flushDrafts();
  const result = await deps
    .bridge()
    .mode.set({ mode: deps.mode, ...(deps.pin !== undefined && deps.pin !== '' ? { pin: deps.pin } : {}) });
  if (!result.ok) return result.error;
  if (deps.mode === 'training') deps.storage?.setItem(TRAINING_ENTERED_KEY, '1');
  deps.reload();
  return undefined;
}
