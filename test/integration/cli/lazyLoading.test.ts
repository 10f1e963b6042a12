// Commands that never send never load the sending stack: `status` and `list` (run as an operator runs them,
// in a process of their own) import neither the sync engine nor Booster's HTTP client and sign-in, nor ky.
// `sync` is the control: the same tracking does see the engine there.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { projectRoot, runCliInProcess, testConfigHome } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The sending stack: what only `sync` needs. */
const sendingStack = [
  /\/electron\/main\/core\/sync\/syncEngine\.ts$/,
  /\/electron\/main\/core\/booster\/boosterHttp\.ts$/,
  /\/electron\/main\/core\/booster\/boosterAuth\.ts$/,
  /\/electron\/main\/core\/boosterServices\.ts$/,
  /\/node_modules\/ky\//,
];

async function dataFolderWithOneClient(): Promise<string> {
  const dataDir = await makeTempDir();
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const file = `${dataDir}-records.json`;
  cleanups.push(() => fs.rm(file, { force: true }));
  await fs.writeFile(file, JSON.stringify([sampleRecord()]));
  const queued = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
  expect(queued.code, queued.stderr).toBe(0);
  return dataDir;
}

/** Runs `node --import tsx tools/cli/main.ts …` and answers its exit code and every module it imported. */
async function importsOf(
  args: string[],
): Promise<{ code: number | null; stderr: string; modules: string[] }> {
  const list = path.join(await makeTempDir(), 'imports.txt');
  cleanups.push(() => fs.rm(path.dirname(list), { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    ['--import', './test/integration/cli/trackImports.mjs', '--import', 'tsx', 'tools/cli/main.ts', ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, XDG_CONFIG_HOME: testConfigHome, TRACK_IMPORTS_FILE: list },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const modules = (await fs.readFile(list, 'utf8')).split('\n').filter((line) => line !== '');
  return { code, stderr, modules };
}

const fromSendingStack = (modules: string[]) =>
  modules.filter((url) => sendingStack.some((pattern) => pattern.test(url)));

describe('CLI start-up loads only what the command needs', () => {
  it.each([['status'], ['list']])(
    '%s never imports the sync engine, Booster HTTP or auth, nor ky',
    async (command) => {
      const dataDir = await dataFolderWithOneClient();
      const result = await importsOf([command, '--data-dir', dataDir]);
      expect(result.code, result.stderr).toBe(0);
      // The tracking saw the command's own modules (it is not vacuously empty)…
      expect(result.modules.some((url) => url.endsWith('/tools/cli/readCommands.ts'))).toBe(true);
      // …and none of the sending stack.
      expect(fromSendingStack(result.modules)).toEqual([]);
    },
  );

  it('sync does load the sending stack (the same tracking sees it)', async () => {
    const dataDir = await dataFolderWithOneClient();
    // No Booster configured: refused with exit 2 after the command's modules are loaded, before any send.
    const result = await importsOf(['sync', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.modules.some((url) => url.endsWith('/electron/main/core/sync/syncEngine.ts'))).toBe(true);
  });
});
