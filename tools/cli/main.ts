// Operator CLI on the same core as the app (no Electron): queue records from a file, drain the outbox to
// Booster, inspect it. JSON on stdout, messages for people on stderr. Killing it at any moment loses
// nothing: every record is on disk before it is acknowledged, and interrupted sends are recovered.
//
//   npm run -s cli -- enqueue --data-dir DIR FILE.json
//   npm run -s cli -- sync --data-dir DIR [--booster-url URL] [--api-key KEY] [--max-wait-ms N]
//   npm run -s cli -- status --data-dir DIR
//   npm run -s cli -- list --data-dir DIR [--state needsAttention] [--limit N]
//
// Exit codes: 0 done; 1 failure (or some records rejected by enqueue); 2 bad usage or input;
// 3 sync stopped with records still to send (Booster unreachable or the wait ran out); 4 sign-in needed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { captureIdSchema, outboxStateSchema, type SyncStatus } from '../../shared/ipc';
import {
  createBoosterServices,
  createCompositeSecretStore,
  createConsoleLogger,
  createEnvSecretStore,
  createFileSecretStore,
  createMemorySecretStore,
  createNodeClock,
  NamedError,
  toPersonMessage,
  type BoosterServices,
  type BoosterServicesSettings,
} from '../../electron/main/core';
import {
  flag,
  integerFlag,
  parseArgs,
  requiredFlag,
  UsageError,
  type FlagSpec,
  type ParsedArgs,
} from './args';

const dataDirFlag: Record<string, FlagSpec> = { 'data-dir': { value: true }, verbose: { value: false } };
const commands: Record<string, Record<string, FlagSpec>> = {
  enqueue: { ...dataDirFlag },
  sync: {
    ...dataDirFlag,
    'booster-url': { value: true },
    'api-key': { value: true },
    'max-wait-ms': { value: true },
    concurrency: { value: true },
    'retry-cap-ms': { value: true },
    'request-timeout-ms': { value: true },
  },
  status: { ...dataDirFlag },
  list: { ...dataDirFlag, state: { value: true, repeatable: true }, limit: { value: true } },
};

const usage = `Usage:
  cli enqueue --data-dir DIR FILE.json    queue the records of a JSON array
  cli sync --data-dir DIR [--booster-url URL --api-key KEY] [--max-wait-ms 120000]
  cli status --data-dir DIR
  cli list --data-dir DIR [--state pending|sending|sent|needsAttention] [--limit 100]
The API key may also come from BOOSTER_API_KEY.`;

class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, commands);
  if (args.command !== 'enqueue' && args.command !== 'help' && args.positionals.length > 0)
    throw new UsageError(`'${args.command}' takes no FILE or other word: '${args.positionals[0]}'.`);
  switch (args.command) {
    case 'help':
      process.stderr.write(`${usage}\n`);
      return 0;
    case 'enqueue':
      return enqueue(args);
    case 'sync':
      return sync(args);
    case 'status':
      return status(args);
    case 'list':
      return list(args);
    default:
      throw new UsageError(`Unknown command '${args.command}'.`);
  }
}

function openServices(args: ParsedArgs, settings: BoosterServicesSettings, apiKey?: string): BoosterServices {
  const dataDir = path.resolve(requiredFlag(args, 'data-dir'));
  // A key given on the command line is used for this run only; it is not written to disk.
  const secretStore = createCompositeSecretStore(
    createMemorySecretStore(apiKey ? { apiKey } : {}),
    createEnvSecretStore('BOOSTER_'),
    createFileSecretStore(dataDir),
  );
  return createBoosterServices({
    dataDir,
    fetch: globalThis.fetch,
    secretStore,
    clock: createNodeClock(),
    logger: createConsoleLogger(process.stderr, flag(args, 'verbose') ? 'debug' : 'warn'),
    settings,
  });
}

async function readRecordsFile(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CliExit(2, `Cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliExit(2, `'${file}' is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new CliExit(2, `'${file}' must hold a JSON array of records.`);
  return parsed;
}

async function enqueue(args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('enqueue needs exactly one FILE.json.');
  const records = await readRecordsFile(args.positionals[0]!);
  const services = openServices(args, { sync: false });
  await services.start();
  const rejected: { index: number; issues: { path: string; code: string; message: string }[] }[] = [];
  let accepted = 0;
  try {
    // In batches, so that concurrent writes share one fsync (group commit).
    const batchSize = 64;
    for (let start = 0; start < records.length; start += batchSize) {
      const batch = records.slice(start, start + batchSize);
      await Promise.all(
        batch.map(async (item, offset) => {
          const index = start + offset;
          if (!item || typeof item !== 'object' || Array.isArray(item)) {
            rejected.push({
              index,
              issues: [{ path: '', code: 'invalidType', message: 'Each record must be a JSON object.' }],
            });
            return;
          }
          const { captureId: rawId, ...record } = item as Record<string, unknown>;
          const id = rawId === undefined ? randomUUID() : captureIdSchema.safeParse(rawId);
          if (typeof id !== 'string' && !id.success) {
            rejected.push({
              index,
              issues: [{ path: 'captureId', code: 'invalidValue', message: 'captureId must be a UUID.' }],
            });
            return;
          }
          try {
            await services.handlers.outbox.enqueue({
              captureId: typeof id === 'string' ? id : id.data,
              record,
            });
            accepted += 1;
          } catch (error) {
            if (error instanceof NamedError && error.code === 'invalidRecord') {
              rejected.push({ index, issues: (error as NamedError & { fields: [] }).fields });
            } else throw error;
          }
        }),
      );
    }
  } finally {
    await services.stop();
  }
  rejected.sort((a, b) => a.index - b.index);
  printJson({ accepted, rejected });
  if (rejected.length > 0)
    process.stderr.write(`${rejected.length} record(s) rejected; ${accepted} queued.\n`);
  return rejected.length > 0 ? 1 : 0;
}

async function sync(args: ParsedArgs): Promise<number> {
  const boosterUrl = flag(args, 'booster-url');
  const apiKey = flag(args, 'api-key') ?? process.env.BOOSTER_API_KEY;
  if (boosterUrl && !apiKey) throw new UsageError('--booster-url needs --api-key (or BOOSTER_API_KEY).');
  const maxWaitMs = integerFlag(args, 'max-wait-ms', 120_000);
  const services = openServices(
    args,
    {
      concurrency: integerFlag(args, 'concurrency', 4, 1),
      retryCapMs: integerFlag(args, 'retry-cap-ms', 10_000, 1),
      retryBaseMs: 500,
      requestTimeoutMs: integerFlag(args, 'request-timeout-ms', 15_000, 1),
      probeTimeoutMs: 5_000,
    },
    apiKey,
  );
  await services.start();
  let stopping = false;
  const stopOnSignal = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('Stopping: waiting for answers in flight…\n');
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let final: SyncStatus;
  try {
    if (boosterUrl && apiKey) {
      await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: boosterUrl, apiKey });
    }
    final = await drain(services, maxWaitMs, () => stopping);
  } finally {
    await services.stop();
  }
  printJson(final);
  const open = final.counts.pending + final.counts.sending;
  if (open === 0) return 0;
  if (final.pausedReason === 'signInNeeded') {
    process.stderr.write('Booster refused the credentials: sync is paused until a valid key is given.\n');
    return 4;
  }
  if (final.pausedReason === 'notConfigured') {
    process.stderr.write('No Booster environment is configured: pass --booster-url and --api-key.\n');
    return 2;
  }
  process.stderr.write(
    final.connectivity === 'offline'
      ? `Booster could not be reached; ${open} record(s) stay queued.\n`
      : `${open} record(s) are still queued (the wait ran out).\n`,
  );
  return 3;
}

/** Waits until nothing sendable is left, sync pauses for a person, or the wait runs out. */
async function drain(
  services: BoosterServices,
  maxWaitMs: number,
  stopping: () => boolean,
): Promise<SyncStatus> {
  const deadline = Date.now() + maxWaitMs;
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
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }
}

async function status(args: ParsedArgs): Promise<number> {
  // Read-only: works while another process (the app, a sync) holds the folder.
  const services = openServices(args, { readOnly: true });
  await services.start();
  try {
    const current = await services.handlers.sync.status(undefined);
    printJson({
      ...current.counts,
      total:
        current.counts.pending + current.counts.sending + current.counts.sent + current.counts.needsAttention,
    });
  } finally {
    await services.stop();
  }
  return 0;
}

async function list(args: ParsedArgs): Promise<number> {
  const states = (args.flags.get('state') ?? []).flatMap((value) => value.split(','));
  for (const state of states) {
    if (!outboxStateSchema.safeParse(state).success)
      throw new UsageError(`Unknown state '${state}'. States: ${outboxStateSchema.options.join(', ')}.`);
  }
  const limit = integerFlag(args, 'limit', 100, 1);
  const services = openServices(args, { readOnly: true });
  await services.start();
  try {
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await services.handlers.outbox.list({
        states: states as ('pending' | 'sending' | 'sent' | 'needsAttention')[],
        limit: Math.min(500, limit - items.length),
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < limit);
    printJson({ items });
  } finally {
    await services.stop();
  }
  return 0;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exitCode = 2;
    } else if (error instanceof CliExit) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`${toPersonMessage(error)}\n`);
      if (!(error instanceof NamedError))
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
