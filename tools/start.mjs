// npm start: build with electron-vite, then launch Electron on the build. Where Electron's binary is missing
// (it cannot be downloaded on every machine), say so plainly and point to the browser version instead.
// Never require('electron') here: its index.js downloads the binary when it is missing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(projectRoot, 'package.json'));

/** Where the electron package would run its binary from, mirroring node_modules/electron/index.js. */
export function locateElectronBinary(env = process.env) {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  if (!relative) return undefined;
  const binary = path.join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit' });
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

async function main() {
  const electronBinary = locateElectronBinary();
  if (!electronBinary) {
    process.stderr.write(
      [
        "Electron's binary is not available on this machine, so the desktop app cannot start here.",
        '(Its download is blocked or was skipped: node_modules/electron has no dist/ folder.)',
        '',
        'Run the same app in your browser instead — the real services, the Booster simulator and the UI:',
        '',
        '    npm run dev:web',
        '',
        'On a machine with network access, `npx install-electron` (or a fresh `npm ci`) fetches the binary.',
        '',
      ].join('\n'),
    );
    return 1;
  }

  const electronVite = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const built = await run(process.execPath, [electronVite, 'build']);
  if (built !== 0) return built;
  return run(electronBinary, ['.', ...process.argv.slice(2)]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
