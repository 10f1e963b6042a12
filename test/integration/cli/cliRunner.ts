// Runs the operator CLI as a child process (`node --import tsx tools/cli/main.ts …`), as an operator would,
// or in-process through `run` where the process itself is not what is tested.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type EnqueueSummary } from '../../../tools/cli/run';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The CLI keeps each data folder's key file under the user's config folder: in tests, a temporary one. */
export const testConfigHome = path.join(os.tmpdir(), `booster-cli-test-config-${process.pid}`);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Resolves once stdout so far satisfies `ready` (observed progress, not elapsed time); rejects if the
   *  process ends first. */
  waitForStdout(ready: (stdout: string) => boolean): Promise<void>;
  /** Resolves true once `reached()` holds, false if the process ends first. For progress seen from
   *  outside the process (journal lines on disk, requests a simulator received): polled, never timed. */
  waitForProgress(reached: () => boolean | Promise<boolean>): Promise<boolean>;
  /** SIGKILL unless it has already ended, resolving once it has: for cleanups, so no test leaves a
   *  process behind. */
  kill(): Promise<void>;
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { fileSizeLimitKb?: number } = {},
): StartedCli {
  const node = [process.execPath, '--import', 'tsx', 'tools/cli/main.ts', ...args];
  // A full disk, simulated: no file may grow past the limit (bash's ulimit -f counts 1024-byte blocks).
  const [command, ...commandArgs] =
    options.fileSizeLimitKb === undefined
      ? node
      : [
          '/bin/bash',
          '-c',
          `ulimit -f ${options.fileSizeLimitKb} && exec "$@"`,
          'bash',
          node[0]!,
          '--import',
          './test/integration/cli/ignoreFileSizeSignal.mjs',
          ...node.slice(1),
        ];
  const child = spawn(command!, commandArgs, {
    cwd: projectRoot,
    env: { ...process.env, XDG_CONFIG_HOME: testConfigHome, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const watcher of watchers) watcher();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitForStdout = (ready: (stdout: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!ready(stdout)) return;
        watchers.delete(check);
        resolve();
      };
      watchers.add(check);
      check();
      void done.then((result) => {
        if (!watchers.has(check)) return;
        watchers.delete(check);
        reject(new Error(`the CLI ended (${result.code ?? result.signal}) first:\n${result.stderr}`));
      });
    });
  let ended = false;
  void done.then(() => (ended = true));
  const waitForProgress = async (reached: () => boolean | Promise<boolean>) => {
    for (;;) {
      if (ended) return false;
      if (await reached()) return true;
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2))]);
    }
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await done;
  };
  return { child, done, waitForStdout, waitForProgress, kill };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Runs the CLI inside the test process (no tsx start-up): for usage, input and storage cases. */
export async function runCliInProcess(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { XDG_CONFIG_HOME: testConfigHome, ...options.env },
    cwd: options.cwd ?? projectRoot,
    fetch: globalThis.fetch,
    onStopSignal: () => () => undefined,
  });
  return { code, signal: null, stdout, stderr };
}

/** The NDJSON lines of an `enqueue` run: one per record, then the summary. */
export function enqueueLines(stdout: string): {
  records: EnqueueResultLine[];
  summary: EnqueueSummary;
} {
  const lines = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EnqueueResultLine & { summary?: EnqueueSummary });
  const summary = lines.find((line) => line.summary)?.summary;
  if (!summary) throw new Error(`no summary line in:\n${stdout}`);
  return { records: lines.filter((line) => !line.summary), summary };
}

export interface EnqueueResultLine {
  index: number;
  captureId?: string;
  state?: string;
  alreadyQueued?: boolean;
  duplicateOf?: number;
  error?: { code: string; message: string; fields?: { path: string; code: string; message: string }[] };
  warnings?: { path: string; message: string }[];
}
