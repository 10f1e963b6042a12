// A kill in the middle of an erasure compaction (observed: its copy is being written) loses nothing that
// was acknowledged, and the next open removes the partial copy, which may hold clients erased since.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { displayNameOf } from '../../support/core/journalFixtures';
import { makeTempDir } from '../../support/core/tempDir';

const LIVE_ENTRIES = 2_000;
const CHANGED_PER_ROUND = 50;
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the child; answers what it acknowledged so far, a kill that waits for its exit, and its end. */
function startCompactingWriter(dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/integration/core/compactionChild.ts',
      dataDir,
      String(LIVE_ENTRIES),
      String(CHANGED_PER_ROUND),
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let running = true;
  void ended.then(() => (running = false));
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { acknowledged?: number; compacted?: number });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ended;
  };
  return { lines, kill, isRunning: () => running, stderr: () => stderr };
}

describe('a kill during an erasure compaction', () => {
  it(
    'loses no acknowledged write, and the partial copy is gone at the next open',
    { timeout: 60_000 },
    async () => {
      const dataDir = await makeTempDir();
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const writer = startCompactingWriter(dataDir);
      cleanups.push(writer.kill);
      const temp = path.join(dataDir, 'outbox.journal.compact');
      // Past a few whole compactions, then the moment the next one's copy exists on disk.
      const deadline = performance.now() + 45_000;
      while (writer.isRunning() && performance.now() < deadline) {
        const compactions = writer.lines().filter((line) => line.compacted !== undefined).length;
        if (compactions >= 2 && existsSync(temp)) break;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(writer.isRunning(), writer.stderr()).toBe(true);
      expect(existsSync(temp)).toBe(true);
      await writer.kill();

      const acknowledged = Math.max(...writer.lines().map((line) => line.acknowledged ?? 0));
      const store = new FileOutboxStore(dataDir, { logger: createSilentLogger() });
      await store.open();
      cleanups.push(() => store.close());
      expect(store.size).toBe(LIVE_ENTRIES);
      for (let index = 0; index < CHANGED_PER_ROUND; index += 1) {
        const version = store.getMeta(`entry-${index}`)?.version ?? 0;
        expect(version).toBeGreaterThanOrEqual(acknowledged);
        expect(displayNameOf(await store.readBody(`entry-${index}`))).toMatch(
          new RegExp(`^entry-${index} v${version} `),
        );
      }
      expect(displayNameOf(await store.readBody(`entry-${LIVE_ENTRIES - 1}`))).toMatch(/ v1 /);
      expect((await readdir(dataDir)).filter((name) => name.endsWith('.compact'))).toEqual([]);
      expect(store.damage().lines).toBe(0);
    },
  );
});
