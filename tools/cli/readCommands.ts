// status and list: the folder opened read-only (no lock, nothing written, nothing sent), so they work while
// the app or a sync runs. Nothing here loads the sending stack (sync engine, Booster HTTP, auth).
import { outboxStateSchema, type OutboxEntrySummary } from '../../shared/ipc';
import { openReadOnlyOutbox } from '../../electron/main/core/outboxServices';
import { listFlag, UsageError, type ParsedArgs } from './args';
import {
  boundedFlag,
  exitCodes,
  existingDataDir,
  outboxDeps,
  printJson,
  reportDamage,
  type CliIo,
} from './commandKit';

const limitBounds = { fallback: 100, min: 1, max: 1_000_000 };

export async function status(args: ParsedArgs, io: CliIo): Promise<number> {
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

export async function list(args: ParsedArgs, io: CliIo): Promise<number> {
  const states = listFlag(args, 'state').flatMap((value) => value.split(','));
  for (const state of states) {
    if (!outboxStateSchema.safeParse(state).success)
      throw new UsageError(`Unknown state '${state}'. States: ${outboxStateSchema.options.join(', ')}.`);
  }
  const limit = boundedFlag(args, 'limit', limitBounds);
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
