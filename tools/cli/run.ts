// Operator CLI on the same core as the app (no Electron): queue records from a file, drain the outbox to
// Booster, inspect it. JSON on stdout, messages for people on stderr. Killing it at any moment loses
// nothing: every record is on disk before it is acknowledged, and interrupted sends are recovered.
// `run` takes its process (output, environment, signals) as a parameter, so tests run it in-process.
//
// Each command's code is imported when that command runs (see `commandsByName`): `status` and `list` never
// load the sending stack (sync engine, Booster HTTP and auth), and no command pays for another's modules.
import { NamedError, toPersonMessage } from '../../electron/main/core/errors';
import { parseCommand, UsageError, type CommandOptions, type ParsedArgs } from './args';
import { CliExit, exitCodes, positionalsOf, type CliIo } from './commandKit';

export { exitCodes, type CliIo } from './commandKit';
export type { EnqueueSummary } from './enqueueCommand';

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
    'queued-clients': { type: 'string' },
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

export const usage = `Usage:
  cli enqueue --data-dir DIR FILE.json    queue the records of a JSON array (creates DIR if needed)
  cli sync --data-dir DIR [--booster-url URL --api-key KEY] [--max-wait-ms 120000]
           [--request-timeout-ms 15000] [--concurrency 4] [--retry-cap-ms 10000]
           [--ambiguous-limit 2 | --idempotency-key]
                                          lost answers allowed per client before a person decides
                                          (1-10), or Booster honours Idempotency-Key: no limit
           [--queued-clients send-to-new | keep-for-old]
                                          with --booster-url another Booster than the folder's: what
                                          becomes of clients still waiting for the old one
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

type Command = (args: ParsedArgs, io: CliIo) => Promise<number>;

/** Each command, loaded on first use (a dynamic import per command, so nothing else is loaded). */
const commandsByName: Record<string, () => Promise<Command>> = {
  enqueue: async () => (await import('./enqueueCommand')).enqueue,
  sync: async () => (await import('./syncCommand')).sync,
  status: async () => (await import('./readCommands')).status,
  list: async () => (await import('./readCommands')).list,
  'acknowledge-damage': async () => (await import('./folderCommands')).acknowledgeDamage,
  'rotate-key': async () => (await import('./folderCommands')).rotateKey,
  erase: async () => (await import('./folderCommands')).erase,
  'send-again': async () => (await import('./folderCommands')).decide,
  'record-id': async () => (await import('./folderCommands')).decide,
  'export-rescue': async () => (await import('./rescueCommands')).exportRescue,
  import: async () => (await import('./rescueCommands')).importRescue,
  receipt: async () => (await import('./rescueCommands')).receipt,
};

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommand(argv, commands);
  if (args.command === 'help') {
    io.stderr(`${usage}\n`);
    return exitCodes.done;
  }
  if (positionalsOf[args.command] === undefined && args.positionals.length > 0)
    throw new UsageError(`'${args.command}' takes no FILE or other word: '${args.positionals[0]}'.`);
  const load = commandsByName[args.command];
  if (!load) throw new UsageError(`Unknown command '${args.command}'.`);
  return (await load())(args, io);
}
