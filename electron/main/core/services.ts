// The main-process services behind the IPC contract: durable outbox, sync engine, Booster auth. Plain
// TypeScript: the Electron wiring, the web host, the CLI and the tests all build them from injected
// platform pieces (fetch, secret store, clock, logger, OS connectivity hints).
import { promises as fs } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { createCustomerSchema, issuesFromZodError } from '../../../shared/booster';
import type { BoosterHandlers, SyncChanged, SyncStatus, OutboxEntrySummary } from '../../../shared/ipc';
import { BoosterAuth } from './booster/boosterAuth';
import { BoosterHttp } from './booster/boosterHttp';
import { createFileEnvironmentStore, type EnvironmentStore } from './booster/environmentStore';
import { NamedError } from './errors';
import { createContactHasher } from './outbox/contacts';
import { FileOutboxStore } from './outbox/fileOutboxStore';
import { Outbox, type RecordValidator } from './outbox/outbox';
import { plainJsonCodec, type PayloadCodec } from './outbox/payloadCodec';
import type { OutboxStore } from './outbox/store';
import type { Clock } from './platform/clock';
import type { ConnectivityHints } from './platform/connectivityHints';
import { acquireDataDirLock, type DataDirLock } from './platform/dataDirLock';
import { readJsonFile, writeFileDurably } from './platform/durableFs';
import type { Logger } from './platform/logger';
import type { SecretStore } from './platform/secretStore';
import { defaultRetrySettings } from './sync/retryPolicy';
import { SyncEngine } from './sync/syncEngine';

export interface BoosterServicesSettings {
  /** Sends in flight at once (default 4). */
  concurrency?: number;
  /** Sent entries are deleted after this many days (default 30). Nothing unsent is ever deleted. */
  sentRetentionDays?: number;
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
  /** false: open the outbox without sending (CLI enqueue/status). Default true. */
  sync?: boolean;
  /** true: read the outbox without the lock and without writing (status of a folder in use). */
  readOnly?: boolean;
}

export interface BoosterServicesDeps {
  /** Everything durable lives below it. */
  dataDir: string;
  /** Electron: net.fetch; Node: globalThis.fetch. */
  fetch: typeof globalThis.fetch;
  secretStore: SecretStore;
  clock: Clock;
  /** Never receives secrets or personal data. */
  logger: Logger;
  /** OS online/offline/resume-from-sleep hints. */
  connectivityHints?: ConnectivityHints;
  settings?: BoosterServicesSettings;
  /** Replaces the journal on disk (unit tests use an in-memory store). */
  store?: OutboxStore;
  /** Replaces environment.json in the data folder. */
  environmentStore?: EnvironmentStore;
  /** The hook for encrypting personal data at rest. */
  payloadCodec?: PayloadCodec;
  /** Jitter source (default Math.random). */
  random?: () => number;
}

export interface BoosterServices {
  /** Implements outbox.*, sync.*, auth.* of shared/ipc. Throw NamedErrors (code, message, fields). */
  handlers: BoosterHandlers;
  onSyncChanged(listener: (event: SyncChanged) => void): () => void;
  /** Takes the data-folder lock, recovers interrupted sends, starts the engine. */
  start(): Promise<void>;
  /** Stops sending (waits briefly for answers in flight), closes the outbox, releases the lock. */
  stop(): Promise<void>;
  /** A person has seen the journal damage reported in the status (the damaged bytes stay on disk). */
  acknowledgeDamage(): Promise<number>;
}

const saltSchema = z.object({ salt: z.string().min(16) });
const DAY_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 6 * 60 * 60_000;
const MAX_DAMAGED_IDS_SHOWN = 100;

export const validateCreateCustomer: RecordValidator = (raw) => {
  const parsed = createCustomerSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, record: parsed.data as Record<string, unknown> }
    : { ok: false, issues: issuesFromZodError(parsed.error) };
};

class NotStartedError extends NamedError {
  constructor() {
    super('internal', 'Booster Capture is still starting. Try again in a moment.');
  }
}

export function createBoosterServices(deps: BoosterServicesDeps): BoosterServices {
  const settings = deps.settings ?? {};
  const { clock, logger } = deps;
  const random = deps.random ?? Math.random;
  // Monotonic readings of this services instance are comparable with each other, not with another run's.
  const monotonicEpoch = randomUUID();
  const readOnly = settings.readOnly === true;
  const syncEnabled = settings.sync !== false && !readOnly;
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
  let lock: DataDirLock | undefined;
  // The store proves before every flush that the data folder's lock is still ours (read-only: no lock).
  const store =
    deps.store ??
    new FileOutboxStore(deps.dataDir, {
      logger,
      readOnly,
      lock: { verify: async () => await lock?.verify() },
    });

  let outbox: Outbox | undefined;
  let engine: SyncEngine | undefined;
  let started = false;
  const cleanups: (() => void)[] = [];
  const listeners = new Set<(event: SyncChanged) => void>();
  const changed = new Map<string, OutboxEntrySummary>();
  let emitScheduled = false;
  let lastEmittedStatus = '';

  const requireOutbox = (): Outbox => {
    if (!outbox || !started) throw new NotStartedError();
    return outbox;
  };

  const currentStatus = (): SyncStatus => ({ ...engineStatus(), ...damageStatus() });

  const engineStatus = (): SyncStatus => {
    if (engine) return engine.status();
    const counts = outbox?.stateCounts() ?? {
      pending: 0,
      sending: 0,
      sent: 0,
      needsAttention: 0,
      possibleDuplicate: 0,
    };
    return { counts, connectivity: 'unknown', activity: counts.pending > 0 ? 'waiting' : 'idle' };
  };

  // Journal damage stays in the status until a person acknowledges it: a damaged line may have been a client.
  const damageStatus = (): Pick<SyncStatus, 'damage'> => {
    const damage = store.damage();
    if (damage.lines === 0) return {};
    return {
      damage: {
        lines: damage.lines,
        captureIds: damage.captureIds.slice(0, MAX_DAMAGED_IDS_SHOWN),
        files: damage.files.map((file) => path.basename(file)).slice(0, MAX_DAMAGED_IDS_SHOWN),
      },
    };
  };

  // Bursts of changes (a drain of hundreds of records) become one push per turn of the event loop.
  const scheduleEmit = () => {
    if (emitScheduled || listeners.size === 0) return;
    emitScheduled = true;
    setImmediate(() => {
      emitScheduled = false;
      const status = currentStatus();
      const statusKey = JSON.stringify(status);
      if (changed.size === 0 && statusKey === lastEmittedStatus) return;
      lastEmittedStatus = statusKey;
      const event: SyncChanged = { status, changed: [...changed.values()] };
      changed.clear();
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.error('sync: a status listener failed', { error });
        }
      }
    });
  };

  const loadSalt = async (): Promise<string> => {
    const file = path.join(deps.dataDir, 'contact-salt.json');
    const parsed = saltSchema.safeParse(await readJsonFile(file));
    if (parsed.success) return parsed.data.salt;
    if (readOnly) return 'read-only';
    const salt = randomBytes(32).toString('base64url');
    await writeFileDurably(file, JSON.stringify({ salt }), 0o600);
    return salt;
  };

  const prune = async () => {
    if (!outbox || readOnly) return;
    const retentionMs = (settings.sentRetentionDays ?? 30) * DAY_MS;
    const removed = await outbox.pruneSent(clock.now() - retentionMs);
    if (removed > 0) logger.info('outbox: deleted sent entries past retention', { count: removed });
  };

  const handlers: BoosterHandlers = {
    outbox: {
      enqueue: async ({ captureId, record }) => {
        const summary = await requireOutbox().enqueue(captureId, record);
        engine?.wake();
        return summary;
      },
      list: async (request) => requireOutbox().list(request),
      reopen: async ({ captureId }) => {
        const reopened = await requireOutbox().reopen(captureId);
        return { captureId, ...reopened };
      },
      discard: async ({ captureId }) => ({ discarded: await requireOutbox().discard(captureId) }),
      findMatches: async (request) => ({ matches: await requireOutbox().findMatches(request) }),
    },
    sync: {
      status: async () => {
        requireOutbox();
        return currentStatus();
      },
      now: async () => {
        requireOutbox();
        engine?.syncNow();
        return currentStatus();
      },
    },
    auth: {
      environment: async () => auth.view(),
      configure: async (request) => {
        try {
          return await auth.configure(request);
        } finally {
          engine?.environmentChanged();
          scheduleEmit();
        }
      },
      signOut: async () => {
        const view = await auth.signOut();
        engine?.environmentChanged();
        scheduleEmit();
        return view;
      },
    },
  };

  return {
    handlers,
    onSyncChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async acknowledgeDamage() {
      const acknowledged = await store.acknowledgeDamage();
      if (acknowledged > 0) logger.info('outbox: journal damage acknowledged', { reports: acknowledged });
      scheduleEmit();
      return acknowledged;
    },
    async start() {
      if (started) return;
      if (!readOnly) {
        await fs.mkdir(deps.dataDir, { recursive: true });
        lock = await acquireDataDirLock(deps.dataDir);
      }
      try {
        await auth.load();
        outbox = new Outbox({
          store,
          codec: deps.payloadCodec ?? plainJsonCodec,
          clock,
          logger,
          hashContact: createContactHasher(await loadSalt()),
          validate: validateCreateCustomer,
          monotonicEpoch,
        });
        await outbox.open();
        if (!readOnly) await outbox.recoverInterrupted();
        cleanups.push(
          outbox.onChange((summary) => {
            changed.set(summary.captureId, summary);
            scheduleEmit();
          }),
        );
        await prune();
        if (syncEnabled) {
          engine = new SyncEngine({
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
            random,
            monotonicEpoch,
            skewThresholdMs: settings.skewThresholdMs,
          });
          cleanups.push(engine.onStatusChange(scheduleEmit));
          if (deps.connectivityHints)
            cleanups.push(deps.connectivityHints.onChange((hint) => engine?.onHint(hint)));
          let pruneTimer = clock.setTimeout(function again() {
            void prune().catch((error: unknown) => logger.error('outbox: pruning failed', { error }));
            pruneTimer = clock.setTimeout(again, PRUNE_EVERY_MS);
          }, PRUNE_EVERY_MS);
          cleanups.push(() => clock.clearTimeout(pruneTimer));
          engine.start();
        }
        started = true;
        logger.info('booster services started', { entries: outbox.size, readOnly, sync: syncEnabled });
      } catch (error) {
        await store.close().catch(() => undefined);
        await lock?.release();
        lock = undefined;
        throw error;
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      await engine?.stop(settings.stopTimeoutMs ?? 3_000);
      for (const cleanup of cleanups.splice(0)) cleanup();
      await outbox?.close();
      await lock?.release();
      lock = undefined;
      engine = undefined;
      logger.info('booster services stopped');
    },
  };
}
