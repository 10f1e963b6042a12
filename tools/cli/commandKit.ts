// What every CLI command shares: the process it runs in (CliIo), the exit codes, the data folder it names,
// and how that folder is opened. Kept free of the sending stack: each command loads only what it needs.
import { Writable } from 'node:stream';
import type { SyncStatus } from '../../shared/ipc';
import type { OutboxDeps } from '../../electron/main/core/openOutbox';
import { createNodeClock } from '../../electron/main/core/platform/clock';
import { createHeadlessKeySource, type KeySource } from '../../electron/main/core/platform/dataKeys';
import { createConsoleLogger } from '../../electron/main/core/platform/logger';
import { integerFlag, requiredFlag, switchFlag, type ParsedArgs } from './args';
import { dataFolderProblem, resolveFromCaller } from './dataFolder';

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

/** Commands that take words after their options (the others refuse them). */
export const positionalsOf: Record<string, string> = {
  enqueue: 'FILE.json',
  'send-again': 'CAPTURE_ID',
  'record-id': 'CAPTURE_ID BOOSTER_ID',
  import: 'FILE',
};

/** Ends a command with this exit code and a message for a person on stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function dataDirOf(args: ParsedArgs, io: CliIo): string {
  return resolveFromCaller(requiredFlag(args, 'data-dir'), io.env, io.cwd);
}

/** The data folder of a command that must not create one (status, list, sync). */
export async function existingDataDir(args: ParsedArgs, io: CliIo): Promise<string> {
  const dataDir = dataDirOf(args, io);
  const problem = await dataFolderProblem(dataDir);
  if (problem) throw new CliExit(exitCodes.usage, problem);
  return dataDir;
}

/** What every open of the data folder needs; the log goes to stderr. */
export function outboxDeps(
  dataDir: string,
  args: ParsedArgs,
  io: CliIo,
): OutboxDeps & { keySource: KeySource } {
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

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}

export function boundedFlag(
  args: ParsedArgs,
  name: string,
  bound: { fallback: number; min: number; max: number },
) {
  return integerFlag(args, name, bound.fallback, bound.min, bound.max);
}

/** Damage is never a silent success: a damaged line may have been a client. */
export function reportDamage(damage: NonNullable<SyncStatus['damage']>, dataDir: string, io: CliIo): number {
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
