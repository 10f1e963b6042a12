#!/usr/bin/env node
// Runs the test suite several times in a row on a machine kept busy, the way a small shared CI runner is:
// a flaky test (one that waits for a moment on the clock instead of a condition) shows up here.
//   node tools/test-under-load.mjs                       # `npm test` 3 times beside 2 busy loops
//   node tools/test-under-load.mjs --runs 5 --busy 4 -- npx vitest run --project node
// Prints pass or fail per run and exits non-zero unless every run passed. The busy loops always end with
// this script: on every exit path, and by themselves should this script be killed outright.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const usage = `Usage: node tools/test-under-load.mjs [--runs 3] [--busy 2] [-- command ...]
  --runs N   how many times to run the command, one after the other (default 3)
  --busy N   how many busy loops keep the CPUs occupied meanwhile (default 2)
  command    what to run (default: npm test)`;

function options() {
  const { values, positionals } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      busy: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) {
      console.error(`--${name} expects a whole number of at least ${min}\n\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  const command = positionals.length > 0 ? positionals : ['npm', 'test'];
  return { runs: count('runs', 1), busy: count('busy', 0), command };
}

// Spins until its parent (this script) is gone: checking the parent now and then costs nothing.
const busyLoop = `const parent = process.ppid;
for (let i = 0; ; i += 1) if (i % 50_000_000 === 0 && process.ppid !== parent) process.exit(0);`;

function startBusyLoops(count) {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', busyLoop], { stdio: 'ignore' }));
}

function stopBusyLoops(loops) {
  for (const loop of loops) if (loop.exitCode === null && loop.signalCode === null) loop.kill('SIGKILL');
}

function runOnce(command) {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file, args, { stdio: 'inherit' });
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

const { runs, busy, command } = options();
const loops = startBusyLoops(busy);
process.on('exit', () => stopBusyLoops(loops));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    stopBusyLoops(loops);
    process.exit(130);
  });

const results = [];
try {
  for (let run = 1; run <= runs; run += 1) {
    console.log(`\n=== run ${run} of ${runs}: ${command.join(' ')} (${busy} busy loops beside it)\n`);
    const started = performance.now();
    const { code, signal, error } = await runOnce(command);
    const seconds = Math.round((performance.now() - started) / 1000);
    const outcome = code === 0 ? 'pass' : `FAIL (${error ? error.message : (signal ?? `exit code ${code}`)})`;
    results.push({ run, outcome, seconds });
    console.log(`\n=== run ${run} of ${runs}: ${outcome} in ${seconds} s`);
  }
} finally {
  stopBusyLoops(loops);
}

console.log(`\n${command.join(' ')} under load (${busy} busy loops):`);
for (const { run, outcome, seconds } of results) console.log(`  run ${run}: ${outcome} (${seconds} s)`);
const failed = results.filter(({ outcome }) => outcome !== 'pass').length;
console.log(failed === 0 ? `all ${runs} runs passed` : `${failed} of ${runs} runs failed`);
process.exitCode = failed === 0 ? 0 : 1;
