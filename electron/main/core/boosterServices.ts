// The main-process services behind the IPC contract: durable outbox, sync engine, Booster auth. Plain
// TypeScript: the Electron wiring, the web host, the CLI and the tests all open them from injected
// platform pieces (fetch, secret store, clock, logger, OS connectivity hints). Each open returns a
// started object; what a mode cannot do is absent from its type rather than silently skipped.
import type { BoosterHandlers, SyncChanged } from '../../../shared/ipc';
import { BoosterAuth } from './booster/boosterAuth';
import { BoosterHttp } from './booster/boosterHttp';
import { createFileEnvironmentStore, type EnvironmentStore } from './booster/environmentStore';
import {
  createBoosterHandlers,
  createOutboxHandlers,
  createReadOnlyHandlers,
  type OutboxHandlers,
  type ReadOnlyHandlers,
} from './boosterHandlers';
import type { RotationResult } from './dataKeyRotation';
import { openOutbox, type OpenOutbox, type OutboxDeps } from './openOutbox';
import type { ConnectivityHints } from './platform/connectivityHints';
import type { Logger } from './platform/logger';
import type { SecretStore } from './platform/secretStore';
import { schedulePruning } from './pruningSchedule';
import { statusWithoutEngine, withDamage } from './serviceStatus';
import { createSyncChangedBatcher } from './syncChangedBatcher';
import { defaultRetrySettings } from './sync/retryPolicy';
import { SyncEngine } from './sync/syncEngine';

export type { OutboxDeps } from './openOutbox';

export interface BoosterServicesSettings {
  /** Sends in flight at once (default 4). */
  concurrency?: number;
  /** Sent entries are deleted after this many days (default 30). Nothing unsent is ever deleted. */
  sentRetentionDays?: number;
  /** A client's data left in old journal lines is erased from disk within this delay (default 60 s, at most
   *  5 minutes; a longer value is clamped). */
  erasureDelayMs?: number;
  /** Timeout of one Booster request (default 20 s). */
  requestTimeoutMs?: number;
  /** Timeout of the reachability probe (default 5 s). */
  probeTimeoutMs?: number;
  /** Backoff: first ceiling (default 2 s) and cap (default 15 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Registration dates move when the device clock is off by more than this (default 2 min). */
  skewThresholdMs?: number;
  /** How long stop() waits for answers in flight (default 3 s). */
  stopTimeoutMs?: number;
}

export interface BoosterServicesDeps extends OutboxDeps {
  /** Electron: net.fetch; Node: globalThis.fetch. */
  fetch: typeof globalThis.fetch;
  secretStore: SecretStore;
  /** OS online/offline/resume-from-sleep hints. */
  connectivityHints?: ConnectivityHints;
  settings?: BoosterServicesSettings;
  /** Replaces environment.json in the data folder. */
  environmentStore?: EnvironmentStore;
  /** Jitter source (default Math.random). */
  random?: () => number;
  /** The installation's 32-byte draft key, answered on drafts:key (the renderer encrypts drafts with it). */
  draftKey?: () => Promise<Uint8Array>;
}

/** The outbox of a folder another process may own: read without the lock, nothing written, nothing sent. */
export interface ReadOnlyOutboxServices {
  handlers: ReadOnlyHandlers;
  /** A person has seen the journal damage reported in the status (the damaged bytes stay on disk). */
  acknowledgeDamage(): Promise<number>;
  /** Closes the outbox (and releases the lock when held). */
  stop(): Promise<void>;
}

/** The outbox, holding the folder's lock, without sending (the CLI's enqueue). */
export interface LocalOutboxServices extends ReadOnlyOutboxServices {
  handlers: OutboxHandlers;
  /** Re-encrypts every entry under a new data key, crash-safe; the old key is dropped last. */
  rotateDataKey(): Promise<RotationResult>;
}

/** The whole app: outbox, sync engine and Booster sign-in. stop() first stops sending (waiting briefly for
 *  answers in flight). */
export interface BoosterServices extends Omit<ReadOnlyOutboxServices, 'handlers'> {
  /** Implements outbox.*, sync.*, auth.* of shared/ipc. Throw NamedErrors (code, message, fields). */
  handlers: BoosterHandlers;
  onSyncChanged(listener: (event: SyncChanged) => void): () => void;
  /** Re-encrypts every entry under a new data key, crash-safe; sends may go on meanwhile. */
  rotateDataKey(): Promise<RotationResult>;
}

/** Reads the outbox without the lock: counts, damage and lists while the app or a sync runs. */
export async function openReadOnlyOutbox(deps: OutboxDeps): Promise<ReadOnlyOutboxServices> {
  const opened = await openOutbox(deps, 'readOnly');
  return {
    ...withoutEngine(opened, deps.logger),
    handlers: createReadOnlyHandlers(opened.outbox, statusOf(opened)),
  };
}

/** Takes the folder's lock and opens the outbox for writing; nothing is sent. */
export async function openLocalOutbox(deps: OutboxDeps): Promise<LocalOutboxServices> {
  const opened = await openOutbox(deps, 'readWrite');
  return {
    ...withoutEngine(opened, deps.logger),
    handlers: createOutboxHandlers(opened.outbox, statusOf(opened)),
    rotateDataKey: () => opened.rotateDataKey(),
  };
}

/** Takes the folder's lock, recovers interrupted sends, and starts sending. */
export async function openBoosterServices(deps: BoosterServicesDeps): Promise<BoosterServices> {
  const settings = deps.settings ?? {};
  const { clock, logger } = deps;
  const opened = await openOutbox(deps, 'readWrite');
  const { outbox } = opened;
  try {
    const http = new BoosterHttp({
      fetch: deps.fetch,
      requestTimeoutMs: settings.requestTimeoutMs ?? 20_000,
      probeTimeoutMs: settings.probeTimeoutMs ?? 5_000,
      now: () => clock.now(),
    });
    const auth = new BoosterAuth({
      environments:
        deps.environmentStore ??
        createFileEnvironmentStore(deps.dataDir, {
          onInvalid: (problem) => logger.error('environment.json is not valid; it is not used', { problem }),
        }),
      secrets: deps.secretStore,
      http,
      logger,
    });
    await auth.load();
    const engine = new SyncEngine({
      outbox,
      auth,
      http,
      clock,
      logger,
      concurrency: settings.concurrency ?? 4,
      retry: {
        baseMs: settings.retryBaseMs ?? defaultRetrySettings.baseMs,
        capMs: settings.retryCapMs ?? defaultRetrySettings.capMs,
      },
      random: deps.random ?? Math.random,
      monotonicEpoch: opened.monotonicEpoch,
      skewThresholdMs: settings.skewThresholdMs,
    });
    const status = () => withDamage(engine.status(), opened.damage());
    const events = createSyncChangedBatcher(status, logger);
    const unsubscribes = [
      outbox.onChange(events.entryChanged),
      engine.onStatusChange(events.statusMayHaveChanged),
      ...(deps.connectivityHints ? [deps.connectivityHints.onChange((hint) => engine.onHint(hint))] : []),
      schedulePruning({ outbox, clock, logger, retentionDays: opened.retentionDays }),
    ];
    engine.start();
    logger.info('booster services started', { entries: outbox.size, sync: true });
    let stopping: Promise<void> | undefined;
    return {
      handlers: createBoosterHandlers({
        outbox,
        engine,
        auth,
        status,
        onEnvironmentChanged: events.statusMayHaveChanged,
        // The key ring's draft key unless a host brings its own.
        draftKey: deps.draftKey ?? (async () => opened.dataKeys.draftKey),
      }),
      onSyncChanged: events.subscribe,
      rotateDataKey: () => opened.rotateDataKey(),
      async acknowledgeDamage() {
        const acknowledged = await opened.acknowledgeDamage();
        events.statusMayHaveChanged();
        return acknowledged;
      },
      stop: () =>
        (stopping ??= (async () => {
          await engine.stop(settings.stopTimeoutMs ?? 3_000);
          for (const unsubscribe of unsubscribes) unsubscribe();
          await opened.close();
          logger.info('booster services stopped');
        })()),
    };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

const statusOf = (opened: OpenOutbox) => () =>
  withDamage(statusWithoutEngine(opened.outbox.stateCounts()), opened.damage());

function withoutEngine(opened: OpenOutbox, logger: Logger): Omit<ReadOnlyOutboxServices, 'handlers'> {
  logger.info('booster services started', { entries: opened.outbox.size, sync: false });
  let closing: Promise<void> | undefined;
  return {
    acknowledgeDamage: () => opened.acknowledgeDamage(),
    // stop() may be called more than once; the outbox closes once.
    stop: () => (closing ??= opened.close().then(() => logger.info('booster services stopped'))),
  };
}
