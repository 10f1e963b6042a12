// The main-process services behind the IPC contract: durable outbox, sync engine, Booster auth. Plain
// TypeScript: the Electron wiring, the web host, the CLI and the tests all open them from injected
// platform pieces (fetch, secret store, clock, logger, OS connectivity hints). Each open returns a
// started object; what a mode cannot do is absent from its type rather than silently skipped.
import type { BoosterHandlers, SyncChanged } from '../../../shared/ipc';
import { BoosterAuth } from './booster/boosterAuth';
import { BoosterHttp } from './booster/boosterHttp';
import { createFileEnvironmentStore, type EnvironmentStore } from './booster/environmentStore';
import { createBoosterHandlers } from './boosterHandlers';
import type { RotationResult } from './dataKeyRotation';
import { openAppLockAndPolicy, type AppLockSettings } from './appLock/composeLock';
import { createEnvironmentSwitchGuard } from './policy/environmentSwitchGuard';
import { loadItPolicy, policyLocations } from './policy/policyLoader';
import type { PolicyView } from '../../../shared/ipc/policy';
import { openOutbox, type OutboxDeps } from './openOutbox';
import { withConsentChecks } from './consent/consentHandlers';
import { openConsent } from './consent/openConsent';
import { collectDiagnostics } from './operations/diagnosticsSource';
import { createOperations } from './operations/operations';
import { createOperationsHandlers } from './operations/operationsHandlers';
import { withRecentLines } from './operations/recentLogLines';
import type { ConnectivityHints } from './platform/connectivityHints';
import type { SecretStore } from './platform/secretStore';
import { schedulePruning } from './pruningSchedule';
import { withDamage } from './serviceStatus';
import { createSyncChangedBatcher } from './syncChangedBatcher';
import { defaultRetrySettings } from './sync/retryPolicy';
import { SyncEngine, type DuplicateSettings } from './sync/syncEngine';
import { checkFolderMode, type AppMode } from './training/trainingFolder';
import { piecesForMode } from './training/trainingServices';
import { ModeSwitchError } from './training/modeRules';
import { createUpdateController } from './updates/updateController';

import type { ReadOnlyOutboxServices } from './outboxServices';

export type { OutboxDeps } from './openOutbox';
// The opens without sending live apart, so that the CLI's status and list never load the sending stack.
export {
  openLocalOutbox,
  openReadOnlyOutbox,
  type LocalOutboxServices,
  type ReadOnlyOutboxServices,
} from './outboxServices';

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
  /** Lost answers allowed per client before a person decides (1–10), or Booster honours Idempotency-Key
   *  (unbounded); given here they win over the environment's own declaration (default: 2). */
  duplicates?: DuplicateSettings;
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
  /** The IT policy as loaded; default: read from this OS's policy locations (policy/policyLoader.ts). */
  policy?: PolicyView;
  /** The app lock: whether a first run without a policy asks for a PIN (default no), scrypt cost, folder
   *  shipped with the installer where policy.json may be. */
  appLock?: AppLockSettings;
  /** 'training': the built-in training Booster only (training/), in a folder marked as training's; the real
   *  services refuse such a folder. Default 'real'. */
  mode?: AppMode;
}

/** The whole app: outbox, sync engine and Booster sign-in. stop() first stops sending (waiting briefly for
 *  answers in flight). */
export interface BoosterServices extends Omit<ReadOnlyOutboxServices, 'handlers' | 'operations'> {
  /** Implements outbox.*, sync.*, auth.* of shared/ipc. Throw NamedErrors (code, message, fields). */
  handlers: BoosterHandlers;
  onSyncChanged(listener: (event: SyncChanged) => void): () => void;
  /** Re-encrypts every entry under a new data key, crash-safe; sends may go on meanwhile. */
  rotateDataKey(): Promise<RotationResult>;
  readonly mode: AppMode;
}

/** Takes the folder's lock, recovers interrupted sends, and starts sending. */
export async function openBoosterServices(given: BoosterServicesDeps): Promise<BoosterServices> {
  const mode = given.mode ?? 'real';
  // Before anything opens: a training folder never reaches a real Booster, a real one never training's.
  await checkFolderMode(given.dataDir, mode);
  // The last log lines are kept in memory for "Copy diagnostics" (the CLI and web host log to stderr).
  const recentLines = withRecentLines(given.logger);
  const deps = { ...given, logger: recentLines.logger, ...piecesForMode(mode, given) };
  // The IT policy before the outbox: its retentionDays (when set) is how long sent clients are kept.
  const policy =
    deps.policy ??
    (await loadItPolicy(
      policyLocations({
        platform: process.platform,
        env: process.env,
        resourcesDir: deps.appLock?.resourcesDir,
      }),
    ));
  const policyRetention = policy.state === 'loaded' ? policy.policy.retentionDays : undefined;
  const settings = {
    ...deps.settings,
    ...(policyRetention !== undefined ? { sentRetentionDays: policyRetention } : {}),
  };
  const { clock, logger } = deps;
  const opened = await openOutbox({ ...deps, settings }, 'readWrite');
  const { outbox } = opened;
  try {
    // The lock and the IT policy wrap every handler in one place (appLock/composeLock.ts); the policy also
    // decides which stored environment may be used.
    const guard = await openAppLockAndPolicy({ ...deps, policy, settings: deps.appLock });
    const http = new BoosterHttp({
      fetch: deps.fetch,
      requestTimeoutMs: settings.requestTimeoutMs ?? 20_000,
      probeTimeoutMs: settings.probeTimeoutMs ?? 5_000,
      now: () => clock.now(),
    });
    const environments =
      deps.environmentStore ??
      createFileEnvironmentStore(deps.dataDir, {
        onInvalid: (problem) => logger.error('environment.json is not valid; it is not used', { problem }),
      });
    const auth = new BoosterAuth({
      environments: deps.restrictedByPolicy ? guard.restrictEnvironments(environments) : environments,
      secrets: deps.secretStore,
      http,
      logger,
    });
    await auth.load();
    // A queued client goes only to the environment it was captured for; switching asks a person first.
    const environmentSwitch = createEnvironmentSwitchGuard({
      policy: deps.restrictedByPolicy ? guard.policy : { state: 'none' },
      currentBaseUrl: () => auth.environment()?.baseUrl,
      pendingByEnvironment: () => outbox.pendingByEnvironment(),
      pinSet: () => ['locked', 'unlocked'].includes(guard.lock.status().state),
      verifyPin: (pin) => guard.lock.verifyPin(pin),
      retarget: (from, environmentId) => outbox.retarget(from, environmentId),
    });
    // Consent texts, country rules and the evidence journal (consent/); the engine's clock skew places each
    // tick in time as registration time is.
    const consent = await openConsent({
      dataDir: deps.dataDir,
      // The texts and country rules the outbox's validator applies: one reading of the folder for both.
      catalogue: opened.consentCatalogue,
      contactKey: opened.dataKeys.contactKey,
      logger,
      clock,
      monotonicEpoch: opened.monotonicEpoch,
      skewMs: () => engine.clockSkewMs(),
      boosterUser: async () => {
        const view = await auth.view();
        return view?.authMode === 'credentials' ? view.userName : undefined;
      },
    });
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
      ...(settings.duplicates ? { duplicates: settings.duplicates } : {}),
      belongsHere: (environmentId) => environmentSwitch.belongsHere(environmentId),
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
    // Alone (tests, CLI) these services answer mode.* and app.* themselves; a host that switches modes or
    // runs an updater puts training/appModes.ts in front instead.
    const updates = createUpdateController({
      sendingCount: async () => outbox.stateCounts().sending,
      clock,
      logger,
    });
    logger.info('booster services started', { entries: outbox.size, sync: true, kind: mode });
    let stopping: Promise<void> | undefined;
    return {
      handlers: guard.wrap({
        ...withConsentChecks(
          consent,
          createBoosterHandlers({
            outbox,
            engine,
            auth,
            status,
            onEnvironmentChanged: events.statusMayHaveChanged,
            environmentSwitch,
            // The key ring's draft key unless a host brings its own.
            draftKey: deps.draftKey ?? (async () => opened.dataKeys.draftKey),
            operations: createOperationsHandlers(
              createOperations({
                outbox,
                clock,
                logger,
                validate: opened.validate,
                consentSummary: (captureIds) => consent.service.summaryFor(captureIds),
                onEnqueued: () => engine.wake(),
              }),
              () =>
                collectDiagnostics({
                  outbox,
                  clock,
                  status,
                  environment: () => auth.view(),
                  secretStore: deps.secretStore,
                  logLines: recentLines.lines,
                  settings: {
                    concurrency: settings.concurrency ?? 4,
                    requestTimeoutMs: settings.requestTimeoutMs ?? 20_000,
                    sentRetentionDays: opened.retentionDays,
                  },
                }),
            ),
          }),
        ),
        mode: {
          get: async () => ({ mode, pinNeeded: false }),
          set: async (request) => {
            if (request.mode === mode) return { mode, pinNeeded: false };
            throw new ModeSwitchError('modeSwitchUnavailable', 'This app cannot switch training mode here.');
          },
        },
        app: updates.handlers,
      }),
      mode,
      onSyncChanged: events.subscribe,
      rotateDataKey: () => opened.rotateDataKey(),
      async acknowledgeDamage() {
        const acknowledged = await opened.acknowledgeDamage();
        events.statusMayHaveChanged();
        return acknowledged;
      },
      stop: () =>
        (stopping ??= (async () => {
          updates.stop();
          await engine.stop(settings.stopTimeoutMs ?? 3_000);
          for (const unsubscribe of unsubscribes) unsubscribe();
          await consent.close();
          await opened.close();
          logger.info('booster services stopped');
        })()),
    };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}
