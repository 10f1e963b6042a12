// What every benchmark shares: the --quick switch, percentiles, a readable table, and the one JSON line each
// bench prints last (bench/run.ts merges those lines into the run's result).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const quick = process.argv.includes('--quick');
export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Prints rows as an aligned table: the first row is the header. */
export function printTable(rows: readonly (readonly (string | number)[])[]): void {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? String(round(cell)) : cell)));
  const widths = text[0]!.map((_, column) => Math.max(...text.map((row) => row[column]?.length ?? 0)));
  for (const [index, row] of text.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

export function machine(): Record<string, string | number> {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' };
}

/** The bench's figures, as its last line of output: one JSON object. */
export function printResult(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/** A TypeScript entry point run by Node itself (not the tsx CLI, whose second process a kill does not reach). */
export function spawnTs(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stderr?: 'inherit' | 'ignore' } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, file), ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
  });
}

/** The first line a child prints on stdout (e.g. the URL a server listens on). */
export async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the child process exited (${String(code)}) before printing a line`);
  });
  try {
    return await Promise.race([once(lines, 'line').then(([line]) => String(line)), exited]);
  } finally {
    lines.close();
  }
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The Booster simulator in its own process, so that it does not share an event loop with what is measured. */
export async function startSimulatorProcess(
  args: readonly string[] = [],
): Promise<{ url: string; apiKey: string; stop(): Promise<void> }> {
  const apiKey = 'bench-api-key';
  // Its log line per request would cost the simulator time that neither side of a comparison should pay.
  const child = spawnTs('tools/booster-sim/main.ts', ['--port', '0', '--api-key', apiKey, ...args], {
    stderr: 'ignore',
  });
  const url = (await firstLine(child)).trim();
  if (!/^http:\/\/127\.0\.0\.1:\d+/.test(url)) {
    await stopChild(child);
    throw new Error(`the simulator printed ${JSON.stringify(url)} instead of its URL`);
  }
  return { url: url.replace(/\/$/, ''), apiKey, stop: () => stopChild(child) };
}
