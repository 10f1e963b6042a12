// export-rescue, import and receipt: the event tools (the same operations as the app's Event tools screen).
import { promises as fs } from 'node:fs';
import {
  openLocalOutbox,
  openReadOnlyOutbox,
  type LocalOutboxServices,
  type ReadOnlyOutboxServices,
} from '../../electron/main/core/outboxServices';
import { ReceiptQueryError } from '../../electron/main/core/operations/receipt';
import {
  MAX_RESCUE_BYTES,
  normalizePassphrase,
  readRescueHeader,
  RescueFileError,
} from '../../electron/main/core/operations/rescueFile';
import { flag, requiredFlag, UsageError, type ParsedArgs } from './args';
import { resolveFromCaller } from './dataFolder';
import {
  CliExit,
  dataDirOf,
  exitCodes,
  existingDataDir,
  outboxDeps,
  printJson,
  type CliIo,
} from './commandKit';

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
export async function exportRescue(args: ParsedArgs, io: CliIo): Promise<number> {
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
export async function importRescue(args: ParsedArgs, io: CliIo): Promise<number> {
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
export async function receipt(args: ParsedArgs, io: CliIo): Promise<number> {
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
