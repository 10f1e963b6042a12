// enqueue: queue the records of a JSON file, one line printed per record as soon as it is on disk.
import { promises as fs } from 'node:fs';
import type { OutboxEntrySummary } from '../../shared/ipc';
import { NamedError, toPersonMessage } from '../../electron/main/core/errors';
import { openLocalOutbox } from '../../electron/main/core/outboxServices';
import { UsageError, type ParsedArgs } from './args';
import { resolveFromCaller } from './dataFolder';
import { planEnqueue, type PlannedRecord, type RecordError, type RecordWarning } from './enqueuePlan';
import { parseRecordsFile } from './inputFile';
import { CliExit, dataDirOf, exitCodes, outboxDeps, printJson, type CliIo } from './commandKit';

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

export async function enqueue(args: ParsedArgs, io: CliIo): Promise<number> {
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
