// Owns "the current services" and swaps them between real work and training. Hosts (Electron, the web
// host) dispatch to `handlers`, which forward every channel to whichever services are open; a switch stops
// the current ones (sends in flight answered, journal closed) before the other mode's open, so the two
// outboxes are never open at once and nothing queued in either is touched.
import path from 'node:path';
import { z } from 'zod';
import { ipcContract, type BoosterHandlers, type ModeView, type SyncChanged } from '../../../../shared/ipc';
import type { BoosterServices } from '../boosterServices';
import type { RotationResult } from '../dataKeyRotation';
import type { Clock } from '../platform/clock';
import { readJsonFile, writeFileDurably } from '../platform/durableFs';
import type { Logger } from '../platform/logger';
import { createUpdateController, type Updater } from '../updates/updateController';
import { modeSwitchDecision, ModeSwitchError, refusal } from './modeRules';
import type { AppMode } from './trainingFolder';

export interface ModeStore {
  load(): Promise<AppMode>;
  save(mode: AppMode): Promise<void>;
}

const MODE_FILE = 'app-mode.json';
const modeFileSchema = z.object({ mode: z.enum(['real', 'training']) });

/** The mode the app was last in, kept in the (real) data folder so a restart reopens it. */
export function createFileModeStore(dataDir: string): ModeStore {
  const file = path.join(dataDir, MODE_FILE);
  return {
    // A missing or unreadable file is real work: training is never entered by accident.
    load: async () => {
      const parsed = modeFileSchema.safeParse(await readJsonFile(file).catch(() => undefined));
      return parsed.success ? parsed.data.mode : 'real';
    },
    save: (mode) => writeFileDurably(file, JSON.stringify({ mode }), 0o600),
  };
}

export function createMemoryModeStore(initial: AppMode = 'real'): ModeStore {
  let mode = initial;
  return { load: async () => mode, save: async (next) => void (mode = next) };
}

export interface AppModesDeps {
  /** Opens one mode's services (the host picks folder, keys and secrets; the core forces the fetch). */
  open(mode: AppMode): Promise<BoosterServices>;
  store: ModeStore;
  clock: Clock;
  logger: Logger;
  /** electron-updater behind its adapter; absent where there is none (web host, a developer's run). */
  updater?: Updater | undefined;
}

export interface AppModes {
  /** Every channel: the current services', plus mode.* and app.*. */
  handlers: BoosterHandlers;
  mode(): AppMode;
  onSyncChanged(listener: (event: SyncChanged) => void): () => void;
  rotateDataKey(): Promise<RotationResult>;
  acknowledgeDamage(): Promise<number>;
  stop(): Promise<void>;
}

export async function openAppModes(deps: AppModesDeps): Promise<AppModes> {
  const { logger } = deps;
  let mode = await deps.store.load();
  let services: BoosterServices;
  try {
    services = await deps.open(mode);
  } catch (error) {
    if (mode === 'real') throw error;
    // A training folder that cannot open must not keep staff from real work.
    logger.error('training mode could not open; starting in real mode', { error });
    mode = 'real';
    services = await deps.open(mode);
    await deps.store.save(mode);
  }

  const listeners = new Set<(event: SyncChanged) => void>();
  const forward = (event: SyncChanged) => {
    for (const listener of listeners) listener(event);
  };
  let unsubscribeCurrent = services.onSyncChanged(forward);
  // Calls wait while a switch is under way, then go to the services it left open.
  let switching: Promise<void> | undefined;
  const current = async (): Promise<BoosterServices> => {
    while (switching) await switching;
    return services;
  };

  const updates = createUpdateController({
    updater: deps.updater,
    sendingCount: async () => (await (await current()).handlers.sync.status(undefined)).counts.sending,
    clock: deps.clock,
    logger,
  });

  const view = async (): Promise<ModeView> => ({
    mode,
    pinNeeded: modeSwitchDecision(await (await current()).handlers.lock.status(undefined)) === 'pinNeeded',
  });

  const switchTo = async (target: AppMode, pin: string | undefined): Promise<void> => {
    const before = services;
    const decision = modeSwitchDecision(await before.handlers.lock.status(undefined));
    if (decision === 'locked') throw refusal(decision);
    if (decision === 'pinNeeded') {
      if (pin === undefined) throw refusal(decision);
      // Checked (and throttled) by the lock itself; a wrong PIN throws 'wrongPin' and nothing changes.
      await before.handlers.lock.verifyPin({ pin });
    }
    unsubscribeCurrent();
    await before.stop();
    try {
      services = await deps.open(target);
    } catch (error) {
      logger.error('could not open the other mode; staying in the current one', { error, kind: target });
      services = await deps.open(mode);
      unsubscribeCurrent = services.onSyncChanged(forward);
      throw new ModeSwitchError(
        'modeSwitchFailed',
        `${target === 'training' ? 'Training mode' : 'Real work'} could not be opened, so nothing changed. Try again; if it keeps happening, restart the app.`,
      );
    }
    unsubscribeCurrent = services.onSyncChanged(forward);
    mode = target;
    await deps.store.save(target);
    // The PIN just checked opens the other mode's lock too: one PIN entry per switch.
    if (pin !== undefined && (await services.handlers.lock.status(undefined)).state === 'locked')
      await services.handlers.lock.unlock({ pin }).catch(() => undefined);
    logger.info('mode switched', { kind: target });
  };

  const mutable = forwardingHandlers(current);
  mutable['mode'] = {
    get: () => view(),
    set: async ({ mode: target, pin }: { mode: AppMode; pin?: string | undefined }) => {
      while (switching) await switching;
      if (target !== mode) {
        const running = switchTo(target, pin);
        switching = running.then(
          () => undefined,
          () => undefined,
        );
        try {
          await running;
        } finally {
          switching = undefined;
        }
      }
      return view();
    },
  };
  mutable['app'] = updates.handlers;
  const handlers = mutable as unknown as BoosterHandlers;

  let stopping: Promise<void> | undefined;
  return {
    handlers,
    mode: () => mode,
    onSyncChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rotateDataKey: async () => (await current()).rotateDataKey(),
    acknowledgeDamage: async () => (await current()).acknowledgeDamage(),
    stop: () =>
      (stopping ??= (async () => {
        updates.stop();
        unsubscribeCurrent();
        await (await current()).stop();
      })()),
  };
}

/** Every domain of the contract but mode and app, forwarded method by method to the current services. */
function forwardingHandlers(current: () => Promise<BoosterServices>): Record<string, unknown> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [domain, channels] of Object.entries(ipcContract)) {
    if (domain === 'mode' || domain === 'app') continue;
    const methods: Record<string, unknown> = {};
    for (const verb of Object.keys(channels)) {
      methods[verb] = async (request: unknown) => {
        const target = (await current()).handlers as unknown as Record<
          string,
          Record<string, (request: unknown) => Promise<unknown>>
        >;
        return target[domain]![verb]!.call(target[domain], request);
      };
    }
    result[domain] = methods;
  }
  return result;
}
