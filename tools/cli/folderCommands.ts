// Commands that change one data folder without sending: acknowledge-damage, rotate-key, erase, and a
// person's decision on a possible duplicate (send-again, record-id).
import { boosterCustomerIdInputSchema, captureIdSchema, type OutboxEntrySummary } from '../../shared/ipc';
import { NamedError } from '../../electron/main/core/errors';
import { acknowledgeFolderDamage, openLocalOutbox } from '../../electron/main/core/outboxServices';
import { requiredFlag, switchFlag, UsageError, type ParsedArgs } from './args';
import {
  CliExit,
  exitCodes,
  existingDataDir,
  outboxDeps,
  positionalsOf,
  printJson,
  type CliIo,
} from './commandKit';

/** Prints `{"rotated":{"keyId","entries"}}`; safe to interrupt (run it again). */
export async function rotateKey(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataDir = await existingDataDir(args, io);
  const services = await openLocalOutbox(outboxDeps(dataDir, args, io));
  try {
    printJson(io, { rotated: await services.rotateDataKey() });
    return exitCodes.done;
  } finally {
    await services.stop();
  }
}

/** Marks the damage reports as seen. Needs no data key (IT can run it on a laptop whose key is in the OS
 *  keychain). With the folder free, damage seen for the first time is saved (its bytes copied aside) before it
 *  is acknowledged; with the folder in use, the reports already saved are. */
export async function acknowledgeDamage(args: ParsedArgs, io: CliIo): Promise<number> {
  const dataDir = await existingDataDir(args, io);
  const { logger } = outboxDeps(dataDir, args, io);
  const { acknowledged, before, after } = await acknowledgeFolderDamage({ dataDir, logger });
  printJson(io, { acknowledgedReports: acknowledged, lines: before.lines, remaining: after.lines });
  if (after.lines > 0) {
    io.stderr(
      `${after.lines} damaged line(s) were seen but could not be saved yet (the folder is in use): ` +
        'close the app or stop the sync, then run acknowledge-damage again.\n',
    );
    return exitCodes.damaged;
  }
  return exitCodes.done;
}

/** Erases a client's local data; the folder's old copies are rewritten away before the command ends. */
export async function erase(args: ParsedArgs, io: CliIo): Promise<number> {
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
export async function decide(args: ParsedArgs, io: CliIo): Promise<number> {
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
