// npm run bench [-- --quick]: runs every bench/*.bench.ts in turn, each in its own Node process (with
// --expose-gc so memory figures are taken after a collection), shows their output, then prints every figure
// against its target and, as the last line, one JSON object with all of them. Benchmarks are not tests: a
// missed target is reported, and the exit code says only whether every bench ran.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { machine, printTable, quick } from './support/kit';

type Figures = Record<string, unknown>;

/** Each figure's target: at most (≤) or at least (≥) a value, or a value another figure gives. */
const targets: { figure: string; best: 'low' | 'high'; target: number | ((figures: Figures) => number) }[] = [
  { figure: 'autosaveP99Ms', best: 'low', target: 16 },
  { figure: 'dexieVsRawIdb', best: 'low', target: 1.5 },
  { figure: 'enqueueVsFloor', best: 'low', target: 1.5 },
  { figure: 'enqueueFlatness', best: 'low', target: 1.2 },
  { figure: 'drainVsRawHttp', best: 'high', target: 0.8 },
  { figure: 'peakRssMbAt100k', best: 'low', target: 150 },
  { figure: 'openMsAt100k', best: 'low', target: 1_000 },
  { figure: 'cliStatusMs', best: 'low', target: (figures) => Number(figures.cliStatusTargetMs) },
  { figure: 'bundleGzipKb', best: 'low', target: 200 },
  { figure: 'ttiVsEmpty', best: 'low', target: 1.5 },
  { figure: 'draftSearchMs', best: 'low', target: 50 },
];

/** Runs one bench, echoing its output; answers the JSON object of its last line. */
function runBench(file: string, args: readonly string[]): Promise<{ figures?: Figures; ok: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      console.log(line);
      if (line.trim()) last = line;
    });
    child.on('close', (code) => {
      let figures: Figures | undefined;
      try {
        const parsed: unknown = JSON.parse(last);
        if (typeof parsed === 'object' && parsed !== null) figures = parsed as Figures;
      } catch {
        figures = undefined;
      }
      resolve({ figures, ok: code === 0 && figures !== undefined });
    });
  });
}

const benchDir = import.meta.dirname;
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
  .sort();
const figures: Figures = {};
const failed: string[] = [];
for (const name of benches) {
  console.log(`\n== ${name}${quick ? ' (quick)' : ''}`);
  const result = await runBench(path.join(benchDir, name), quick ? ['--quick'] : []);
  if (result.figures) Object.assign(figures, result.figures);
  if (!result.ok) failed.push(name);
}

console.log('\n== figures against targets');
const rows: (string | number)[][] = [['figure', 'value', 'target', 'met']];
for (const { figure, best, target } of targets) {
  const value = figures[figure];
  if (typeof value !== 'number') {
    rows.push([figure, 'not measured', '', '']);
    continue;
  }
  const limit = typeof target === 'number' ? target : target(figures);
  const met = best === 'low' ? value <= limit : value >= limit;
  rows.push([figure, value, `${best === 'low' ? '≤' : '≥'} ${Number(limit.toFixed(2))}`, met ? 'yes' : 'NO']);
}
printTable(rows);
if (failed.length > 0) console.log(`benches that did not finish: ${failed.join(', ')}`);
console.log(JSON.stringify({ date: new Date().toISOString(), quick, machine: machine(), ...figures }));
process.exitCode = failed.length === 0 ? 0 : 1;
