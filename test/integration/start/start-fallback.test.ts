// `npm start` where Electron's binary is missing (as on this machine): it starts the same app through the web
// host, prints its URL, serves the app's page there, and stops with everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without types (tools/start.mjs), run by `npm start` before any build.
import { locateElectronBinary } from '../../../tools/start.mjs';
import { waitUntil } from '../../support/waitUntil';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const electronBinary = (locateElectronBinary as () => string | undefined)();
if (electronBinary) {
  console.warn(
    'start-fallback.test.ts skipped: Electron is installed here, so `npm start` would launch it instead of ' +
      'the web host.',
  );
}

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: () => boolean;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `node tools/start.mjs`, in a process group of its own so the web host under it can be stopped with it. */
function startScript(args: string[]): Started {
  const child = spawn(process.execPath, ['tools/start.mjs', ...args], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  cleanups.push(async () => {
    if (exited) return;
    // The test failed before stopping it: take the whole group down, and wait for it.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exit;
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exit, exited: () => exited };
}

describe.skipIf(electronBinary)('npm start without Electronʼs binary', () => {
  it('starts the app through the web host, prints its URL, serves the app, and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'booster-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const started = startScript(['--port', '0', '--data-dir', dataDir]);
    const urlLine = () =>
      started
        .stdout()
        .split('\n')
        .find((line) => /^https?:\/\//.test(line));
    await waitUntil(
      () => urlLine() !== undefined || started.exited(),
      'npm start to print the web host URL',
      90_000,
    );
    expect(started.exited(), started.stderr()).toBe(false);
    const url = urlLine()!;
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(started.stderr()).toContain("Electron's binary is not available on this machine");
    // Its own line on stderr, which may arrive after the URL on stdout.
    await waitUntil(
      () => started.stderr().includes(`Open ${url} in your browser.`) || started.exited(),
      'npm start to say where to open the app',
      30_000,
    );
    expect(started.stderr()).toContain(`Open ${url} in your browser.`);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Booster Capture</title>');
    expect(html).toMatch(/<div id="app"/);

    // Ctrl+C in a terminal reaches the whole group: start.mjs and the web host under it.
    process.kill(-started.child.pid!, 'SIGINT');
    const { code, signal } = await started.exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(started.stderr()).toMatch(/SIGINT: stopping/);
  }, 120_000);
});
