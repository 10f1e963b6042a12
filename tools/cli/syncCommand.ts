// sync: the only command that sends, so the only one that loads the sync engine, Booster HTTP and auth.
import {
  ambiguousAttemptLimitSchema,
  configureRequestSchema,
  type ConfigureRequest,
  type QueuedClientsDecision,
  type SyncStatus,
} from '../../shared/ipc';
import {
  openBoosterServices,
  type BoosterServices,
  type BoosterServicesSettings,
} from '../../electron/main/core/boosterServices';
import { readEnvironmentFile } from '../../electron/main/core/booster/environmentStore';
import { secretsKeyOf } from '../../electron/main/core/platform/dataKeys';
import {
  createCompositeSecretStore,
  createEnvSecretStore,
  createFileSecretStore,
  createMemorySecretStore,
} from '../../electron/main/core/platform/secretStore';
import { flag, switchFlag, UsageError, type ParsedArgs } from './args';
import {
  boundedFlag,
  CliExit,
  exitCodes,
  existingDataDir,
  outboxDeps,
  printJson,
  reportDamage,
  type CliIo,
} from './commandKit';
import { closeWithin, syncExit, syncTimings } from './syncPolicy';

const bounds = {
  maxWaitMs: { fallback: 120_000, min: 1_000, max: 24 * 60 * 60_000 },
  concurrency: { fallback: 4, min: 1, max: 16 },
  retryCapMs: { fallback: 10_000, min: 100, max: 60 * 60_000 },
  requestTimeoutMs: { fallback: 15_000, min: 1_000, max: 10 * 60_000 },
  ambiguousLimit: {
    fallback: 0,
    min: ambiguousAttemptLimitSchema.minValue ?? 1,
    max: ambiguousAttemptLimitSchema.maxValue ?? 10,
  },
};

/** Opens the folder for sending to Booster. */
function openServices(
  dataDir: string,
  args: ParsedArgs,
  io: CliIo,
  settings: BoosterServicesSettings,
  apiKey?: string,
): Promise<BoosterServices> {
  const deps = outboxDeps(dataDir, args, io);
  // A key given on the command line is used for this run only; it is not written to disk.
  const secretStore = createCompositeSecretStore(
    createMemorySecretStore(apiKey ? { apiKey } : {}),
    createEnvSecretStore('BOOSTER_'),
    createFileSecretStore(dataDir, { sealingKey: secretsKeyOf(deps.keySource) }),
  );
  return openBoosterServices({ ...deps, fetch: io.fetch, secretStore, settings });
}

export async function sync(args: ParsedArgs, io: CliIo): Promise<number> {
  const boosterUrl = flag(args, 'booster-url');
  const apiKey = flag(args, 'api-key') ?? io.env.BOOSTER_API_KEY;
  if (boosterUrl !== undefined && !apiKey)
    throw new UsageError('--booster-url needs --api-key (or BOOSTER_API_KEY).');
  const queuedClients = queuedClientsDecision(args);
  const configure =
    boosterUrl !== undefined && apiKey ? validatedEnvironment(boosterUrl, apiKey, queuedClients) : undefined;
  const maxWaitMs = boundedFlag(args, 'max-wait-ms', bounds.maxWaitMs);
  const duplicates = duplicateSettings(args);
  const settings = {
    concurrency: boundedFlag(args, 'concurrency', bounds.concurrency),
    retryCapMs: boundedFlag(args, 'retry-cap-ms', bounds.retryCapMs),
    requestTimeoutMs: boundedFlag(args, 'request-timeout-ms', bounds.requestTimeoutMs),
  };
  const dataDir = await existingDataDir(args, io);
  if (!configure) {
    const stored = await readEnvironmentFile(dataDir);
    if (!stored.ok) throw new CliExit(exitCodes.usage, `${stored.problem} Pass --booster-url and --api-key.`);
  }

  const timings = syncTimings(Date.now(), maxWaitMs);
  let services: BoosterServices | undefined;
  const opening = openServices(
    dataDir,
    args,
    io,
    {
      ...settings,
      retryBaseMs: 500,
      probeTimeoutMs: Math.min(5_000, settings.requestTimeoutMs),
      stopTimeoutMs: timings.inFlightGraceMs,
      ...(duplicates ? { duplicates } : {}),
    },
    apiKey,
  ).then((opened) => (services = opened));

  // The first SIGINT/SIGTERM stops taking records; main.ts exits at once on a second one.
  let stopSignal: string | undefined;
  let wakeDrain = () => {};
  const signalled = new Promise<void>((resolve) => {
    const unsubscribe = io.onStopSignal((signal) => {
      if (stopSignal) return;
      stopSignal = signal;
      io.stderr(`${signal}: stopping; waiting briefly for answers in flight…\n`);
      unsubscribe();
      wakeDrain();
      resolve();
    });
  });

  const working = (async () => {
    const opened = await opening;
    if (configure) await configureOrExplain(opened, configure);
    return drain(
      opened,
      timings.drainDeadline,
      () => stopSignal !== undefined,
      (wake) => (wakeDrain = wake),
    );
  })();
  // Whatever happens to `working` after we stop waiting for it must not become an unhandled rejection.
  working.catch(() => undefined);

  const deadline = delayUntil(timings.drainDeadline);
  const first = await Promise.race([
    working.then(
      (status) => ({ kind: 'drained' as const, status }),
      (error: unknown) => ({ kind: 'failed' as const, error }),
    ),
    signalled.then(() => ({ kind: 'signal' as const })),
    deadline.reached.then(() => ({ kind: 'deadline' as const })),
  ]);
  deadline.cancel();
  let final: SyncStatus | undefined = first.kind === 'drained' ? first.status : undefined;
  if (!final && services) final = await services.handlers.sync.status(undefined).catch(() => undefined);

  // Stopping is bounded too: an answer that never ends must not keep the process (or the lock) alive.
  // A folder still opening is closed as soon as it is open, without waiting for that here.
  if (!services) void opening.then((opened) => opened.stop()).catch(() => undefined);
  const stopped =
    !services ||
    (await closeWithin(services.stop(), Math.min(timings.hardDeadline, Date.now() + timings.stopBudgetMs)));
  if (!stopped)
    io.stderr(
      'Booster Capture did not finish stopping in time (an answer is still in flight); exiting anyway. ' +
        'A record interrupted mid-send is sent again at the next sync and flagged as a possible duplicate.\n',
    );
  if (first.kind === 'failed') throw first.error;
  if (!final) {
    io.stderr(
      stopSignal
        ? `Stopped by ${stopSignal} before the data folder was open: nothing was sent.\n`
        : 'The data folder was still opening when the wait ran out: nothing was sent. ' +
            'Run sync again with a longer --max-wait-ms.\n',
    );
    return exitCodes.recordsLeft;
  }
  printJson(io, final);
  const exit = syncExit(final, stopSignal);
  if (exit.message) io.stderr(`${exit.message}\n`);
  if (exit.code === exitCodes.done && final.damage) return reportDamage(final.damage, dataDir, io);
  return exit.code;
}

/** --ambiguous-limit N or --idempotency-key (not both: a Booster honouring the key needs no limit). */
function duplicateSettings(
  args: ParsedArgs,
): { ambiguousAttemptLimit?: number; idempotencyKey?: true } | undefined {
  const idempotencyKey = switchFlag(args, 'idempotency-key');
  if (flag(args, 'ambiguous-limit') === undefined) return idempotencyKey ? { idempotencyKey } : undefined;
  if (idempotencyKey)
    throw new UsageError(
      "Give either '--ambiguous-limit' or '--idempotency-key': with the key honoured, lost answers are retried without a limit.",
    );
  return { ambiguousAttemptLimit: boundedFlag(args, 'ambiguous-limit', bounds.ambiguousLimit) };
}

/** --queued-clients: what a person decided for clients waiting for the folder's previous Booster. */
function queuedClientsDecision(args: ParsedArgs): QueuedClientsDecision | undefined {
  const given = flag(args, 'queued-clients');
  if (given === undefined) return undefined;
  const decisions: Record<string, QueuedClientsDecision> = {
    'send-to-new': 'sendToNew',
    'keep-for-old': 'keepForOld',
  };
  const decision = decisions[given];
  if (!decision) throw new UsageError(`--queued-clients: '${given}' is not send-to-new or keep-for-old.`);
  return decision;
}

/** Configures this run's Booster; a switch away from the folder's Booster with clients waiting needs the
 *  person's decision, asked for by name. */
async function configureOrExplain(services: BoosterServices, request: ConfigureRequest): Promise<void> {
  try {
    await services.handlers.auth.configure(request);
  } catch (error) {
    if (error instanceof Error && (error as { code?: unknown }).code === 'queuedClientsDecisionNeeded')
      throw new UsageError(
        `${error.message} Pass --queued-clients send-to-new (they go to ${request.baseUrl}) ` +
          'or --queued-clients keep-for-old (they wait until that Booster is configured again).',
      );
    throw error;
  }
}

/** The environment given on the command line, checked with the same schema as the settings form. */
function validatedEnvironment(baseUrl: string, apiKey: string, queuedClients?: QueuedClientsDecision) {
  const parsed = configureRequestSchema.safeParse({
    mode: 'apiKey',
    baseUrl,
    apiKey,
    ...(queuedClients ? { queuedClients } : {}),
  });
  if (parsed.success) return parsed.data;
  const flagOf: Record<string, string> = { baseUrl: '--booster-url', apiKey: '--api-key' };
  const problems = parsed.error.issues.map(
    (issue) => `${flagOf[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`,
  );
  throw new UsageError(problems.join('\n'));
}

/** A timer that keeps the process alive until the deadline (the engine's own timers do not), cancellable. */
function delayUntil(deadline: number): { reached: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  return { reached, cancel: () => clearTimeout(timer) };
}

/** Waits until nothing sendable is left, sync pauses for a person, the wait runs out or a signal stops it. */
async function drain(
  services: BoosterServices,
  deadline: number,
  stopping: () => boolean,
  onWaiting: (wake: () => void) => void,
): Promise<SyncStatus> {
  await services.handlers.sync.now(undefined);
  for (;;) {
    const current = await services.handlers.sync.status(undefined);
    const open = current.counts.pending + current.counts.sending;
    const settled = current.counts.sending === 0;
    if (open === 0 || (current.pausedReason && settled) || Date.now() >= deadline || stopping())
      return current;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(500, Math.max(0, deadline - Date.now())));
      const unsubscribe = services.onSyncChanged(done);
      onWaiting(done);
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }
}
