// Operator CLI on the same core as the app (no Electron): queue records from a file, drain the outbox to
// Booster, inspect it. JSON on stdout, messages for people on stderr. Killing it at any moment loses
// nothing: every record is on disk before it is acknowledged, and interrupted sends are recovered.
// `run` takes its process (output, environment, signals) as a parameter, so tests run it in-process.
import { promises as fs } from 'node:fs';
import { Writable } from 'node:stream';
import {
  ambiguousAttemptLimitSchema,
  boosterCustomerIdInputSchema,
  captureIdSchema,
  configureRequestSchema,
  outboxStateSchema,
  type OutboxEntrySummary,
  type SyncStatus,
} from '../../shared/ipc';
import {
  createCompositeSecretStore,
  createConsoleLogger,
  createEnvSecretStore,
  createHeadlessKeySource,
  secretsKeyOf,
  createFileSecretStore,
  createMemorySecretStore,
  createNodeClock,
  NamedError,
  openBoosterServices,
  openLocalOutbox,
  openReadOnlyOutbox,
  toPersonMessage,
  type BoosterServices,
  type BoosterServicesSettings,
  type KeySource,
  type OutboxDeps,
  type ReadOnlyOutboxServices,
} from '../../electron/main/core';
import { readEnvironmentFile } from '../../electron/main/core/booster/environmentStore';
import type { LocalOutboxServices } from '../../electron/main/core/boosterServices';
import { ReceiptQueryError } from '../../electron/main/core/operations/receipt';
import {
  MAX_RESCUE_BYTES,
  normalizePassphrase,
  readRescueHeader,
  RescueFileError,
} from '../../electron/main/core/operations/rescueFile';
import {
  flag,
  integerFlag,
  listFlag,
  parseCommand,
  requiredFlag,
  switchFlag,
  UsageError,
  type CommandOptions,
  type ParsedArgs,
} from './args';
import { dataFolderProblem, resolveFromCaller } from './dataFolder';
import { planEnqueue, type PlannedRecord, type RecordError, type RecordWarning } from './enqueuePlan';
import { parseRecordsFile } from './inputFile';
import { closeWithin, syncExit, syncTimings } from './syncPolicy';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** The process's working folder (relative paths start from INIT_CWD under `npm run cli`). */
  cwd: string;
  fetch: typeof globalThis.fetch;
  /** Calls `listener` at SIGINT / SIGTERM; returns the unsubscribe. */
  onStopSignal(listener: (signal: string) => void): () => void;
  /** The first line of stdin when it is not a terminal (the rescue passphrase, never an argument). */
  stdinLine?(): Promise<string | undefined>;
}

/** Exit codes (also in the usage text and the README). */
export const exitCodes = {
  done: 0,
  failure: 1,
  usage: 2,
  recordsLeft: 3,
  signInNeeded: 4,
  /** enqueue stopped before the end of the file (disk full…): run the same file again once fixed. */
  incomplete: 5,
  /** The journal holds damage no person has acknowledged yet (status, sync). */
  damaged: 6,
} as const;

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
  limit: { fallback: 100, min: 1, max: 1_000_000 },
};

const dataDirOptions: CommandOptions = { 'data-dir': { type: 'string' }, verbose: { type: 'boolean' } };
const commands: Record<string, CommandOptions> = {
  enqueue: dataDirOptions,
  sync: {
    ...dataDirOptions,
    'booster-url': { type: 'string' },
    'api-key': { type: 'string' },
    'max-wait-ms': { type: 'string' },
    concurrency: { type: 'string' },
    'retry-cap-ms': { type: 'string' },
    'request-timeout-ms': { type: 'string' },
    'ambiguous-limit': { type: 'string' },
    'idempotency-key': { type: 'boolean' },
  },
  status: dataDirOptions,
  'acknowledge-damage': dataDirOptions,
  'rotate-key': dataDirOptions,
  erase: { ...dataDirOptions, 'capture-id': { type: 'string' }, 'confirm-unsent': { type: 'boolean' } },
  list: { ...dataDirOptions, state: { type: 'string', multiple: true }, limit: { type: 'string' } },
  'send-again': dataDirOptions,
  'record-id': dataDirOptions,
  'export-rescue': { ...dataDirOptions, out: { type: 'string' } },
  import: dataDirOptions,
  receipt: {
    ...dataDirOptions,
    pos: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
  },
};

/** Commands that take words after their options (the others refuse them). */
const positionalsOf: Record<string, string> = {
  enqueue: 'FILE.json',
  'send-again': 'CAPTURE_ID',
  'record-id': 'CAPTURE_ID BOOSTER_ID',
  import: 'FILE',
};

export const usage = `Usage:
  cli enqueue --data-dir DIR FILE.json    queue the records of a JSON array (creates DIR if needed)
  cli sync --data-dir DIR [--booster-url URL --api-key KEY] [--max-wait-ms 120000]
           [--request-timeout-ms 15000] [--concurrency 4] [--retry-cap-ms 10000]
           [--ambiguous-limit 2 | --idempotency-key]
                                          lost answers allowed per client before a person decides
                                          (1-10), or Booster honours Idempotency-Key: no limit
  cli status --data-dir DIR
  cli acknowledge-damage --data-dir DIR   after a person checked the damaged lines that status reports
  cli rotate-key --data-dir DIR           re-encrypt the outbox under a new data key (the old one is dropped last)
  cli list --data-dir DIR [--state pending|sending|sent|needsAttention] [--limit 100]
  cli erase --data-dir DIR --capture-id ID [--confirm-unsent]
                                          erase a client's local data (a data-subject request);
                                          --confirm-unsent: also a client not yet in Booster
  cli send-again --data-dir DIR CAPTURE_ID
                                          a client held as "Booster may already have it": queue it
                                          again (sent at the next sync)
  cli record-id --data-dir DIR CAPTURE_ID BOOSTER_ID
                                          that client is in Booster under BOOSTER_ID: mark it sent
  cli export-rescue --data-dir DIR --out FILE
                                          the clients not in Booster yet, as one file encrypted under
                                          a passphrase (from BOOSTER_RESCUE_PASSPHRASE or stdin's first line)
  cli import --data-dir DIR FILE          queue a rescue file's clients here (same passphrase source);
                                          a capture id already here is skipped, never queued twice
  cli receipt --data-dir DIR --pos CODE --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]
                                          the event receipt: clients, Booster ids, states, duplicates
The API key may also come from BOOSTER_API_KEY. enqueue prints one JSON line per record as it is
written, then a summary line. Exit codes: 0 done; 1 failure or records refused; 2 bad usage or input;
3 records left to send; 4 sign-in needed; 5 enqueue stopped part-way (run the same file again);
6 damaged journal lines not yet acknowledged (status, sync).`;

class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs one CLI command; never throws: errors become a message on stderr and an exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${usage}\n`);
      return exitCodes.usage;
    }
    if (error instanceof CliExit) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`${toPersonMessage(error)}\n`);
    if (!(error instanceof NamedError))
      io.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failure;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommand(argv, commands);
  if (positionalsOf[args.command] === undefined && args.command !== 'help' && args.positionals.length > 0)
    throw new UsageError(`'${args.command}' takes no FILE or other word: '${args.positionals[0]}'.`);
  switch (args.command) {
    case 'help':
      io.stderr(`${usage}\n`);
      return exitCodes.done;
    case 'enqueue':
      return enqueue(args, io);
    case 'sync':
      return sync(args, io);
    case 'status':
      return status(args, io);
    case 'acknowledge-damage':
      return acknowledgeDamage(args, io);
    case 'rotate-key':
      return rotateKey(args, io);
    case 'list':
      return list(args, io);
    case 'erase':
      return erase(args, io);
    case 'send-again':
    case 'record-id':
      return decide(args, io);
    case 'export-rescue':
      return exportRescue(args, io);
    case 'import':
      return importRescue(args, io);
    case 'receipt':
      return receipt(args, io);
    default:
      throw new UsageError(`Unknown command '${args.command}'.`);
  }
}

function dataDirOf(args: ParsedArgs, io: CliIo): string {
  return resolveFromCaller(requiredFlag(args, 'data-dir'), io.env, io.cwd);
}

/** The data folder of a command that must not create one (status, list, sync). */
async function existingDataDir(args: ParsedArgs, io: CliIo): Promise<string> {
  const dataDir = dataDirOf(args, io);
  const problem = await dataFolderProblem(dataDir);
  if (problem) throw new CliExit(exitCodes.usage, problem);
  return dataDir;
}

/** What every open of the data folder needs; the log goes to stderr. */
function outboxDeps(dataDir: string, args: ParsedArgs, io: CliIo): OutboxDeps & { keySource: KeySource } {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      io.stderr(chunk.toString('utf8'));
      done();
    },
  });
  return {
    dataDir,
    clock: createNodeClock(),
    logger: createConsoleLogger(logStream, switchFlag(args, 'verbose') ? 'debug' : 'warn'),
    // BOOSTER_DATA_KEY, else a 0600 key file outside the data folder (BOOSTER_DATA_KEY_FILE to choose it).
    keySource: createHeadlessKeySource({ dataDir, env: io.env }),
    warn: (message) => io.stderr(`Warning: ${message}\n`),
  };
}

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

function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}

// ---------------------------------------------------------------------------------------------- enqueue

type EnqueueOutcome = 'queued' | 'alreadyQueued' | 'duplicateInFile' | 'rejected' | 'failed';

/** The last line of `enqueue`: every record of the file is counted in exactly one of the outcomes. */
export type EnqueueSummary = { records: number; notAttempted: number } & Record<EnqueueOutcome, number>;

interface EnqueueLine {
  index: number;
  captureId?: string;
  state?: OutboxEntrySummary['state'];
  alreadyQueued?: true;
  /** The earlier record of the file with the same captureId and content. */
  duplicateOf?: number;
  error?: RecordError;
  warnings?: RecordWarning[];
}

/** Records written concurrently share one fsync (group commit). */
const ENQUEUE_BATCH = 64;

async function enqueue(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('enqueue needs exactly one FILE.json.');
  const dataDir = dataDirOf(args, io);
  const name = args.positionals[0]!;
  const file = resolveFromCaller(name, io.env, io.cwd);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new CliExit(
      exitCodes.usage,
      `Cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  const parsed = parseRecordsFile(name, bytes);
  if (!parsed.ok) throw new CliExit(exitCodes.usage, parsed.message);
  const plan = planEnqueue(parsed.records);

  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  // An entry the outbox answers without writing (same captureId already queued or sent) was last changed
  // before this run: that is how a rerun of the same file reports "already queued".
  const runStartedAt = Date.now();
  const counts: Record<EnqueueOutcome, number> = {
    queued: 0,
    alreadyQueued: 0,
    duplicateInFile: 0,
    rejected: 0,
    failed: 0,
  };
  const outcomes = new Map<number, Promise<{ outcome: EnqueueOutcome; line: EnqueueLine }>>();
  let stoppedBy: { index: number; message: string } | undefined;
  let attempted = 0;

  const report = (outcome: EnqueueOutcome, line: EnqueueLine) => {
    counts[outcome] += 1;
    printJson(io, line);
    for (const warning of line.warnings ?? [])
      io.stderr(`Record ${line.index}, ${warning.path}: ${warning.message}\n`);
    if (line.error && outcome !== 'failed')
      io.stderr(`Record ${line.index} was not queued: ${describeError(line.error)}\n`);
  };

  const handle = async (planned: PlannedRecord): Promise<{ outcome: EnqueueOutcome; line: EnqueueLine }> => {
    const base = { index: planned.index, ...(planned.captureId ? { captureId: planned.captureId } : {}) };
    if (planned.kind === 'refuse') return { outcome: 'rejected', line: { ...base, error: planned.error } };
    if (planned.kind === 'duplicate') {
      const first = await outcomes.get(planned.of)!;
      const { state, error } = first.line;
      const outcome =
        first.outcome === 'queued' || first.outcome === 'alreadyQueued' ? 'duplicateInFile' : first.outcome;
      return {
        outcome,
        line: { ...base, ...(state ? { state } : {}), ...(error ? { error } : {}), duplicateOf: planned.of },
      };
    }
    try {
      const summary = await services.handlers.outbox.enqueue({
        captureId: planned.captureId,
        record: planned.record,
      });
      const already = Date.parse(summary.updatedAt) < runStartedAt;
      return {
        outcome: already ? 'alreadyQueued' : 'queued',
        line: { ...base, state: summary.state, ...(already ? { alreadyQueued: true as const } : {}) },
      };
    } catch (error) {
      if (error instanceof NamedError && error.code === 'invalidRecord') {
        const fields = (error as NamedError & { fields?: RecordError['fields'] }).fields ?? [];
        return {
          outcome: 'rejected',
          line: { ...base, error: { code: error.code, message: error.message, fields } },
        };
      }
      // Anything else (disk full, lost lock) stops the file here: later records are not attempted.
      const message = toPersonMessage(error);
      const code = error instanceof NamedError ? error.code : 'internal';
      stoppedBy ??= { index: planned.index, message };
      return { outcome: 'failed', line: { ...base, error: { code, message } } };
    }
  };

  try {
    for (let start = 0; start < plan.length && !stoppedBy; start += ENQUEUE_BATCH) {
      const batch = plan.slice(start, start + ENQUEUE_BATCH);
      attempted = start + batch.length;
      await Promise.all(
        batch.map((planned) => {
          // Each line is printed as soon as its record is durably written (or refused), not at the end.
          const result = handle(planned).then((done) => {
            const warnings = planned.warnings.length > 0 ? { warnings: planned.warnings } : {};
            report(done.outcome, { ...done.line, ...warnings });
            return done;
          });
          outcomes.set(planned.index, result);
          return result;
        }),
      );
    }
  } finally {
    await services.stop();
  }

  const notAttempted = plan.length - attempted;
  const summary: EnqueueSummary = { records: plan.length, ...counts, notAttempted };
  printJson(io, { summary });
  if (stoppedBy) {
    io.stderr(
      `Stopped at record ${stoppedBy.index}, which could not be written: ${stoppedBy.message}\n` +
        `${counts.queued + counts.alreadyQueued} record(s) are queued (one line each on stdout); ` +
        `${counts.failed + notAttempted} were not. Fix the cause, then run the same command again: ` +
        `records already queued are recognised and not queued twice.\n`,
    );
    return exitCodes.incomplete;
  }
  if (counts.rejected > 0) {
    io.stderr(
      `${counts.rejected} record(s) refused (see their lines); ${counts.queued} queued, ` +
        `${counts.alreadyQueued} already queued.\n`,
    );
    return exitCodes.failure;
  }
  return exitCodes.done;
}

function describeError(error: RecordError): string {
  const fields = (error.fields ?? []).filter((field) => field.path !== '' && field.message !== error.message);
  return fields.length > 0
    ? fields.map((field) => `${field.path}: ${field.message}`).join(' ')
    : error.message;
}

// ------------------------------------------------------------------------------------------------- sync

async function sync(args: ParsedArgs, io: CliIo): Promise<number> {
  const boosterUrl = flag(args, 'booster-url');
  const apiKey = flag(args, 'api-key') ?? io.env.BOOSTER_API_KEY;
  if (boosterUrl !== undefined && !apiKey)
    throw new UsageError('--booster-url needs --api-key (or BOOSTER_API_KEY).');
  const configure = boosterUrl !== undefined && apiKey ? validatedEnvironment(boosterUrl, apiKey) : undefined;
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
    if (configure) await opened.handlers.auth.configure(configure);
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

function boundedFlag(args: ParsedArgs, name: string, bound: { fallback: number; min: number; max: number }) {
  return integerFlag(args, name, bound.fallback, bound.min, bound.max);
}

/** The environment given on the command line, checked with the same schema as the settings form. */
function validatedEnvironment(baseUrl: string, apiKey: string) {
  const parsed = configureRequestSchema.safeParse({ mode: 'apiKey', baseUrl, apiKey });
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

// ----------------------------------------------------------------------------------------- status, list

async function status(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataDir = await existingDataDir(args, io);
  // Read-only: works while another process (the app, a sync) holds the folder.
  const services = await openReadOnlyOutbox(outboxDeps(dataDir, args, io));
  try {
    const current = await services.handlers.sync.status(undefined);
    const { counts, damage } = current;
    printJson(io, {
      ...counts,
      total: counts.pending + counts.sending + counts.sent + counts.needsAttention,
      damaged: damage?.lines ?? 0,
      ...(damage ? { damagedCaptureIds: damage.captureIds, damagedFiles: damage.files } : {}),
    });
    if (damage) return reportDamage(damage, dataDir, io);
  } finally {
    await services.stop();
  }
  return exitCodes.done;
}

/** Damage is never a silent success: a damaged line may have been a client. */
function reportDamage(damage: NonNullable<SyncStatus['damage']>, dataDir: string, io: CliIo): number {
  const ids = damage.captureIds.length > 0 ? ` (capture ids: ${damage.captureIds.join(', ')})` : '';
  const kept =
    damage.files.length > 0
      ? ` Their bytes are kept in ${damage.files.join(', ')} in the data folder.`
      : ' Run sync (or start the app) once to keep a copy of them beside the journal.';
  io.stderr(
    `${damage.lines} damaged journal line(s) found${ids}.${kept} Check these clients in Booster or with ` +
      `the person who captured them, then run: cli acknowledge-damage --data-dir ${JSON.stringify(dataDir)}\n`,
  );
  return exitCodes.damaged;
}

/** Marks the damage reports as seen. The data folder is opened for writing when it is free, so damage seen
 *  for the first time is saved (its bytes copied aside) before it is acknowledged. */
/** Prints `{"rotated":{"keyId","entries"}}`; safe to interrupt (run it again). */
async function rotateKey(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataDir = await existingDataDir(args, io);
  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  try {
    printJson(io, { rotated: await services.rotateDataKey() });
    return exitCodes.done;
  } finally {
    await services.stop();
  }
}

async function acknowledgeDamage(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataDir = await existingDataDir(args, io);
  const deps = outboxDeps(dataDir, args, io);
  let services: ReadOnlyOutboxServices;
  try {
    services = await openLocalOutbox(deps);
  } catch (error) {
    if (!(error instanceof NamedError && error.code === 'locked')) throw error;
    // The app or a sync holds the folder: the reports it saved can still be acknowledged.
    services = await openReadOnlyOutbox(deps);
  }
  try {
    const before = (await services.handlers.sync.status(undefined)).damage;
    const acknowledged = await services.acknowledgeDamage();
    const after = (await services.handlers.sync.status(undefined)).damage;
    printJson(io, {
      acknowledgedReports: acknowledged,
      lines: before?.lines ?? 0,
      remaining: after?.lines ?? 0,
    });
    if (after) {
      io.stderr(
        `${after.lines} damaged line(s) were seen but could not be saved yet (the folder is in use): ` +
          'close the app or stop the sync, then run acknowledge-damage again.\n',
      );
      return exitCodes.damaged;
    }
  } finally {
    await services.stop();
  }
  return exitCodes.done;
}

/** Erases a client's local data; the folder's old copies are rewritten away before the command ends. */
async function erase(args: ParsedArgs, io: CliIo): Promise<number> {
  const captureId = requiredFlag(args, 'capture-id');
  if (!captureIdSchema.safeParse(captureId).success)
    throw new UsageError(`'${captureId}' is not a capture id (a UUID, as cli list prints it).`);
  const dataDir = await existingDataDir(args, io);
  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  let erased: boolean;
  try {
    const confirmUnsent = switchFlag(args, 'confirm-unsent');
    ({ erased } = await services.handlers.outbox.erase({ captureId, confirmUnsent }));
  } catch (error) {
    if (error instanceof NamedError && error.code === 'invalidRequest')
      throw new CliExit(exitCodes.usage, `${error.message} Pass --confirm-unsent to erase it anyway.`);
    throw error;
  } finally {
    // Closing runs the pending erasure compaction: no old copy outlives the command.
    await services.stop();
  }
  printJson(io, { captureId, erased });
  if (!erased)
    io.stderr(
      `No client ${captureId} in ${dataDir}: already erased, trimmed after sending, or never queued.\n`,
    );
  return exitCodes.done;
}

// ----------------------------------------------------------------------- send-again, record-id

/** A person's decision on a client Booster may already have: send it again, or record the id it has in
 *  Booster. Prints the entry as it now is. */
async function decide(args: ParsedArgs, io: CliIo): Promise<number> {
  const recordId = args.command === 'record-id';
  const expected = recordId ? 2 : 1;
  if (args.positionals.length !== expected)
    throw new UsageError(`'${args.command}' needs ${positionalsOf[args.command]}.`);
  const captureId = args.positionals[0]!;
  if (!captureIdSchema.safeParse(captureId).success)
    throw new UsageError(`'${captureId}' is not a capture id (a UUID, as cli list prints it).`);
  const boosterCustomerId = recordId ? parsedBoosterId(args.positionals[1]!) : undefined;
  const dataDir = await existingDataDir(args, io);
  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  let entry: OutboxEntrySummary;
  try {
    entry =
      boosterCustomerId === undefined
        ? await services.handlers.outbox.sendAgain({ captureId })
        : await services.handlers.outbox.recordBoosterId({ captureId, boosterCustomerId });
  } catch (error) {
    if (error instanceof NamedError && error.code === 'invalidRequest')
      throw new CliExit(exitCodes.usage, error.message);
    if (error instanceof NamedError && (error.code === 'notFound' || error.code === 'notEditable'))
      throw new CliExit(exitCodes.failure, `${captureId}: ${error.message}`);
    throw error;
  } finally {
    await services.stop();
  }
  printJson(io, entry);
  io.stderr(
    recordId
      ? `${captureId} is marked sent with Booster id ${boosterCustomerId} (recorded by a person); it will not be sent again.
`
      : `${captureId} is queued again; run cli sync to send it.
`,
  );
  return exitCodes.done;
}

/** BOOSTER_ID as typed: digits only, then the contract's rule (a positive whole number). */
function parsedBoosterId(text: string): number {
  const parsed = boosterCustomerIdInputSchema.safeParse(/^\d+$/.test(text) ? Number(text) : Number.NaN);
  if (!parsed.success)
    throw new UsageError(`boosterCustomerId '${text}': ${parsed.error.issues[0]?.message ?? 'not valid'}.`);
  return parsed.data;
}

async function list(args: ParsedArgs, io: CliIo): Promise<number> {
  const states = listFlag(args, 'state').flatMap((value) => value.split(','));
  for (const state of states) {
    if (!outboxStateSchema.safeParse(state).success)
      throw new UsageError(`Unknown state '${state}'. States: ${outboxStateSchema.options.join(', ')}.`);
  }
  const limit = boundedFlag(args, 'limit', bounds.limit);
  const dataDir = await existingDataDir(args, io);
  const services = await openReadOnlyOutbox(outboxDeps(dataDir, args, io));
  try {
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await services.handlers.outbox.list({
        states: states as OutboxEntrySummary['state'][],
        limit: Math.min(500, limit - items.length),
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < limit);
    printJson(io, { items });
  } finally {
    await services.stop();
  }
  return exitCodes.done;
}

// ------------------------------------------------------------------ export-rescue, import, receipt

/** The rescue passphrase: from the environment or stdin's first line, never an argument (shell history). */
async function rescuePassphrase(io: CliIo): Promise<string> {
  const fromEnv = io.env.BOOSTER_RESCUE_PASSPHRASE;
  const passphrase = fromEnv !== undefined && fromEnv !== '' ? fromEnv : await io.stdinLine?.();
  if (passphrase === undefined || passphrase === '')
    throw new CliExit(
      exitCodes.usage,
      'passphrase: set BOOSTER_RESCUE_PASSPHRASE, or pipe the passphrase as the first line of stdin (never as an argument: it would stay in the shell history).',
    );
  return passphrase;
}

/** A rescue file's refusals (wrong passphrase, damaged, too short) are the person's input: exit 2. */
function rescueRefusal(error: unknown): never {
  if (error instanceof RescueFileError) throw new CliExit(exitCodes.usage, error.message);
  throw error;
}

/** Every client Booster does not have yet, into one encrypted file. Read-only: works while the app runs. */
async function exportRescue(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = resolveFromCaller(requiredFlag(args, 'out'), io.env, io.cwd);
  const passphrase = await rescuePassphrase(io);
  const dataDir = await existingDataDir(args, io);
  const services = await openReadOnlyOutbox(outboxDeps(dataDir, args, io));
  let exported: Awaited<ReturnType<ReadOnlyOutboxServices['operations']['exportRescue']>>;
  try {
    exported = await services.operations.exportRescue(passphrase).catch(rescueRefusal);
  } finally {
    await services.stop();
  }
  try {
    // 'wx': an earlier rescue file is never overwritten.
    await fs.writeFile(out, exported.bytes, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliExit(
      code === 'EEXIST' ? exitCodes.usage : exitCodes.failure,
      code === 'EEXIST'
        ? `'${out}' already exists: choose another --out.`
        : `Cannot write '${out}': ${code}.`,
    );
  }
  printJson(io, { file: out, count: exported.count, unreadable: exported.unreadable });
  io.stderr(`${exported.count} unsent client(s) written to ${out}.\n`);
  if (exported.unreadable > 0)
    io.stderr(
      `${exported.unreadable} unsent client(s) could not be read and are not in the file: check cli status.\n`,
    );
  return exitCodes.done;
}

/** Queues a rescue file's clients here, all or nothing, never twice. */
async function importRescue(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('import needs exactly one FILE (a rescue file).');
  const name = args.positionals[0]!;
  const file = resolveFromCaller(name, io.env, io.cwd);
  const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliExit(exitCodes.usage, `Cannot read '${file}': ${error.code ?? 'error'}.`);
  });
  // Bounded before reading: a rescue file is never this large.
  if (stat.size > MAX_RESCUE_BYTES)
    throw new CliExit(
      exitCodes.usage,
      `'${file}' is larger than any rescue file (64 MiB); nothing was queued.`,
    );
  const bytes = await fs.readFile(file);
  const passphrase = await rescuePassphrase(io);
  // What needs no key is checked before the data folder is opened (or created): a refusal changes nothing.
  try {
    readRescueHeader(bytes);
    normalizePassphrase(passphrase);
  } catch (error) {
    rescueRefusal(error);
  }
  const dataDir = dataDirOf(args, io);
  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  let result: Awaited<ReturnType<LocalOutboxServices['operations']['importRescue']>>;
  try {
    result = await services.operations.importRescue(bytes, passphrase).catch(rescueRefusal);
  } finally {
    await services.stop();
  }
  printJson(io, result);
  if (result.refused.length > 0) {
    io.stderr(`${result.refused.length} client(s) in the file are not valid; nothing was queued.\n`);
    return exitCodes.failure;
  }
  io.stderr(
    `${result.imported} client(s) queued, ${result.alreadyPresent} already here; run cli sync to send them.\n`,
  );
  if (result.possibleDuplicates > 0)
    io.stderr(
      `${result.possibleDuplicates} of them may already be in Booster (an earlier answer was lost): check them there.\n`,
    );
  return exitCodes.done;
}

/** The event receipt: JSON rows on stdout, and the CSV with --out. Read-only: works while the app runs. */
async function receipt(args: ParsedArgs, io: CliIo): Promise<number> {
  const query = {
    posCode: requiredFlag(args, 'pos'),
    from: requiredFlag(args, 'from'),
    to: requiredFlag(args, 'to'),
  };
  const outFlag = flag(args, 'out');
  const dataDir = await existingDataDir(args, io);
  const services = await openReadOnlyOutbox(outboxDeps(dataDir, args, io));
  let answer: { rows: unknown[]; csv: string };
  try {
    answer = await services.operations.receipt(query).catch((error: unknown) => {
      if (error instanceof ReceiptQueryError)
        throw new UsageError(`--${error.message.replace(/^posCode:/, 'pos:')}`);
      throw error;
    });
  } finally {
    await services.stop();
  }
  if (outFlag !== undefined) {
    const out = resolveFromCaller(outFlag, io.env, io.cwd);
    await fs.writeFile(out, answer.csv, { mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
      throw new CliExit(exitCodes.failure, `Cannot write '${out}': ${error.code ?? 'error'}.`);
    });
    io.stderr(`${answer.rows.length} client(s) written to ${out}.\n`);
  }
  printJson(io, { rows: answer.rows });
  return exitCodes.done;
}
