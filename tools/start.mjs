// npm start: build with electron-vite, then launch Electron on the build. Where Electron's binary is missing
// (it cannot be downloaded on every machine), start the same app in the browser through the web host instead
// and print its URL: the README's first command always runs the app.
// Never require('electron') here: its index.js downloads the binary when it is missing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(projectRoot, 'package.json'));

/**
 * How `npm start` runs the app, from what is on disk; mirrors how node_modules/electron/index.js finds its
 * binary (dist/ + the relative path in path.txt, or ELECTRON_OVERRIDE_DIST_PATH), without loading it.
 * - `electron`: the binary is there.
 * - `web`: the binary was never downloaded (no electron package, no path.txt, or path.txt names a missing file).
 * - `badOverride`: ELECTRON_OVERRIDE_DIST_PATH names a folder without Electron: a person asked for that
 *   folder, so say so rather than quietly run something else.
 * @param {{ packageDir: string | undefined, env: Record<string, string | undefined>,
 *   exists: (file: string) => boolean, readText: (file: string) => string }} probe
 * @returns {{ kind: 'electron', binary: string }
 *   | { kind: 'web', reason: string }
 *   | { kind: 'badOverride', folder: string, reason: string }}
 */
export function decideStart({ packageDir, env, exists, readText }) {
  const pathFile = packageDir === undefined ? undefined : path.join(packageDir, 'path.txt');
  const relative = pathFile && exists(pathFile) ? readText(pathFile).trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || 'electron');
    return exists(binary)
      ? { kind: 'electron', binary }
      : { kind: 'badOverride', folder: override, reason: `${binary} does not exist` };
  }
  if (packageDir === undefined) return { kind: 'web', reason: 'the electron package is not installed' };
  if (!relative) return { kind: 'web', reason: 'its download was blocked or skipped (no path.txt)' };
  const binary = path.join(packageDir, 'dist', relative);
  if (!exists(binary)) return { kind: 'web', reason: `its download did not finish (${binary} is missing)` };
  return { kind: 'electron', binary };
}

function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

function decideFromDisk(env = process.env) {
  return decideStart({
    packageDir: electronPackageDir(),
    env,
    exists: existsSync,
    readText: (file) => readFileSync(file, 'utf8'),
  });
}

/** The Electron binary `npm start` would run, or undefined where it is missing. */
export function locateElectronBinary(env = process.env) {
  const decision = decideFromDisk(env);
  return decision.kind === 'electron' ? decision.binary : undefined;
}

/** Runs a child to its end, passing Ctrl+C / SIGTERM on and waiting for it to exit. */
function run(command, args, { onStdoutLine } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      stdio: ['inherit', onStdoutLine ? 'pipe' : 'inherit', 'inherit'],
    });
    if (onStdoutLine) {
      let pending = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        pending += chunk;
        let newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
          onStdoutLine(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
        }
      });
    }
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stderr.write(`Could not run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** The web host (npm run dev:web) in this process's tree: `node --import tsx`, so a signal reaches it. */
function runWebHost(reason, args) {
  process.stderr.write(
    `Electron's binary is not available on this machine (${reason}), so npm start runs the same app ` +
      'in your browser through the web host (npm run dev:web); `npx install-electron` or a fresh `npm ci` ' +
      'with network access fetches the binary.\n',
  );
  return run(process.execPath, ['--import', 'tsx', path.join('tools', 'web-host', 'main.ts'), ...args], {
    onStdoutLine: (line) => {
      // The web host prints its URL alone on stdout: keep it so for scripts, and say what it is on stderr.
      process.stdout.write(`${line}\n`);
      if (/^https?:\/\//.test(line)) process.stderr.write(`Open ${line} in your browser.\n`);
    },
  });
}

async function main() {
  const args = process.argv.slice(2);
  const decision = decideFromDisk();
  if (decision.kind === 'badOverride') {
    process.stderr.write(
      [
        `Electron's binary is not available on this machine: ELECTRON_OVERRIDE_DIST_PATH is ${decision.folder},`,
        `and ${decision.reason}. Point it at a folder holding Electron, or unset it.`,
        'The same app also runs in your browser: npm run dev:web',
        '',
      ].join('\n'),
    );
    return 1;
  }
  if (decision.kind === 'web') return runWebHost(decision.reason, args);

  const electronVite = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const built = await run(process.execPath, [electronVite, 'build']);
  if (built !== 0) return built;
  return run(decision.binary, ['.', ...args]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
