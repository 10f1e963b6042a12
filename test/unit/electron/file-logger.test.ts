import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger, fileLogDefaults, rotate } from '../../../electron/main/adapters/file-logger';
import { app, resetElectronStub } from '../../support/electron-stub';

let root: string;
let logsDir: string;

beforeEach(async () => {
  resetElectronStub();
  root = await mkdtemp(path.join(os.tmpdir(), 'booster-logs-'));
  logsDir = path.join(root, 'logs');
  app.paths.set('logs', logsDir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const readLines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const ownerOnly = async (file: string) => ((await stat(file)).mode & 0o077) === 0;

describe('createFileLogger', () => {
  it("writes one JSON line per entry into main.log in the app's logs folder, owner-only", async () => {
    const logger = createFileLogger({ app });
    expect(logger.file).toBe(path.join(logsDir, fileLogDefaults.fileName));
    logger.info('sync: attempt failed, will retry', { captureId: 'c-1', retryInMs: 2_000 });
    logger.error('Unexpected error in an IPC handler', {
      error: Object.assign(new Error('EACCES: permission denied, open /home/giulia/data/x'), {
        code: 'EACCES',
      }),
    });

    const lines = await readLines(logger.file);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', captureId: 'c-1', retryInMs: 2_000 }),
      expect.objectContaining({
        level: 'error',
        error: { name: 'Error', code: 'EACCES', message: 'EACCES: permission denied, open <path>' },
      }),
    ]);
    if (process.platform !== 'win32') {
      expect(await ownerOnly(logger.file)).toBe(true);
      expect((await stat(logsDir)).mode & 0o077).toBe(0);
    }
  });

  it('writes nothing below its level', async () => {
    const logger = createFileLogger({ app, minLevel: 'warn' });
    logger.info('booster services started', { entries: 3 });
    logger.warn('sync: Booster is failing; every send waits', { trips: 1 });
    const lines = await readLines(logger.file);
    expect(lines.map((line) => line['level'])).toEqual(['warn']);
  });

  it('rotates by size and keeps only the configured number of archives', async () => {
    const logger = createFileLogger({ app, maxBytes: 400, archives: 2 });
    for (let index = 0; index < 40; index += 1) logger.info('outbox: discarded on request', { count: index });

    const files = (await readdir(logsDir)).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of files) {
      const size = (await stat(path.join(logsDir, file))).size;
      expect(size).toBeLessThan(400 + 200);
      if (process.platform !== 'win32') expect(await ownerOnly(path.join(logsDir, file))).toBe(true);
    }
    // The newest entries are in main.log, the ones before in main.1.log: nothing recent is lost.
    const current = await readLines(path.join(logsDir, 'main.log'));
    const previous = await readLines(path.join(logsDir, 'main.1.log'));
    expect(current.at(-1)).toMatchObject({ count: 39 });
    expect(previous.at(-1)!['count']).toBe((current[0]!['count'] as number) - 1);
  });

  it('tightens the mode of a log an older build left readable by others', async () => {
    if (process.platform === 'win32') return;
    createFileLogger({ app }).info('booster services stopped');
    const file = path.join(logsDir, 'main.log');
    await chmod(file, 0o644);
    createFileLogger({ app });
    expect(await ownerOnly(file)).toBe(true);
  });

  it('prints to the developer console only when not packaged', async () => {
    const printed: string[] = [];
    const devConsole = { write: (line: string) => printed.push(line) };
    createFileLogger({ app, devConsole }).info('booster services started', { entries: 1 });
    app.isPackaged = true;
    createFileLogger({ app, devConsole }).info('booster services started', { entries: 2 });
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!)).toMatchObject({ entries: 1 });
  });
});

describe('rotate', () => {
  it('shifts archives up by one and drops the oldest', async () => {
    const file = path.join(root, 'main.log');
    await writeFile(file, 'now');
    await writeFile(path.join(root, 'main.1.log'), 'before');
    await writeFile(path.join(root, 'main.2.log'), 'oldest');
    expect(rotate(file, 2)).toBe(true);
    expect((await readdir(root)).filter((name) => name.endsWith('.log')).sort()).toEqual([
      'main.1.log',
      'main.2.log',
    ]);
    expect(await readFile(path.join(root, 'main.1.log'), 'utf8')).toBe('now');
    expect(await readFile(path.join(root, 'main.2.log'), 'utf8')).toBe('before');
  });

  it('answers false when the file cannot be moved (the caller then empties it)', () => {
    expect(rotate(path.join(root, 'absent.log'), 3)).toBe(false);
  });
});
