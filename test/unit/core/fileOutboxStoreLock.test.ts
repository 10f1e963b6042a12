// Issue 7, item 3: a writer keeps proving the data folder's lock is its own, and stops writing the moment
// it is not, so two writers never share one journal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import {
  acquireDataDirLock,
  type DataDirLock,
  type LockEnvironment,
} from '../../../electron/main/core/platform/dataDirLock';
import { createSilentLogger, type Logger } from '../../../electron/main/core/platform/logger';
import { body, displayNameOf, meta } from '../../support/core/journalFixtures';
import { withTempDir } from '../../support/core/tempDir';

const alive = new Set([100, 200]);

function environment(pid: number): LockEnvironment {
  return {
    pid,
    hostname: 'laptop-1',
    bootId: 'linux:boot-1',
    isAlive: (candidate) => alive.has(candidate),
    now: () => new Date('2026-11-30T10:00:00Z'),
  };
}

function countingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { ...createSilentLogger(), error: (message: string) => void errors.push(message), errors };
}

async function openWriter(dir: string, lock: DataDirLock, logger: Logger = createSilentLogger()) {
  const store = new FileOutboxStore(dir, { logger, lock });
  await store.open();
  return store;
}

const journalOf = (dir: string) => path.join(dir, 'outbox.journal');

describe('FileOutboxStore and the data folder lock', () => {
  it('stops writing once its lock file is deleted and another writer takes the folder', async () => {
    await withTempDir(async (dir) => {
      const lockA = await acquireDataDirLock(dir, environment(100));
      const logger = countingLogger();
      const writerA = await openWriter(dir, lockA, logger);
      await Promise.all(Array.from({ length: 20 }, (_, i) => writerA.put(meta(`a-${i}`), body(`a ${i}`))));

      await fs.rm(path.join(dir, 'booster.lock'));
      const lockB = await acquireDataDirLock(dir, environment(200));
      const writerB = await openWriter(dir, lockB);
      const writesB = Array.from({ length: 200 }, (_, i) => writerB.put(meta(`b-${i}`), body(`b ${i}`)));
      // A writes at the same time as B: every one of A's writes is refused, none reaches the journal.
      const writesA = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => writerA.put(meta(`late-a-${i}`), body(`late a ${i}`))),
      );
      await Promise.all(writesB);
      for (const result of writesA) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toMatchObject({
          name: 'LockLostError',
          code: 'locked',
        });
      }
      await expect(writerA.put(meta('later'), body('later'))).rejects.toMatchObject({ code: 'locked' });
      await expect(writerA.remove('a-1')).rejects.toMatchObject({ code: 'locked' });
      expect(logger.errors.filter((message) => /lock is no longer ours/.test(message))).toHaveLength(1);
      await writerA.close();
      await writerB.close();
      await lockB.release();

      expect((await fs.readFile(journalOf(dir), 'latin1')).includes('late-a-')).toBe(false);
      const reader = new FileOutboxStore(dir, { logger: createSilentLogger(), readOnly: true });
      await reader.open();
      expect(reader.damage().lines).toBe(0);
      expect(reader.size).toBe(220);
      for (let i = 0; i < 200; i += 1) expect(displayNameOf(await reader.readBody(`b-${i}`))).toBe(`b ${i}`);
      for (let i = 0; i < 20; i += 1) expect(displayNameOf(await reader.readBody(`a-${i}`))).toBe(`a ${i}`);
      await reader.close();
    });
  });

  it('stops writing when its lock file is replaced in place by another holder', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataDirLock(dir, environment(100));
      const writer = await openWriter(dir, lock);
      await writer.put(meta('a'), body('a'));
      const lockFile = path.join(dir, 'booster.lock');
      const other = { ...JSON.parse(await fs.readFile(lockFile, 'utf8')), pid: 200, token: 'someone-else' };
      await fs.writeFile(lockFile, JSON.stringify(other));
      const size = (await fs.stat(journalOf(dir))).size;
      await expect(writer.put(meta('b'), body('b'))).rejects.toMatchObject({ code: 'locked' });
      expect((await fs.stat(journalOf(dir))).size).toBe(size);
      await writer.close();
    });
  });

  it('keeps writing while the lock is its own, however often it is checked', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataDirLock(dir, environment(100));
      const writer = await openWriter(dir, lock);
      for (let i = 0; i < 20; i += 1) await writer.put(meta(`id-${i}`), body(`n${i}`));
      // Touched by a backup tool: same file, same content, new times.
      await fs.utimes(path.join(dir, 'booster.lock'), new Date(), new Date());
      await writer.put(meta('after-touch'), body('after touch'));
      expect(writer.size).toBe(21);
      await writer.close();
      await lock.release();
    });
  });

  it('never swaps a compacted journal in once the lock is lost', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataDirLock(dir, environment(100));
      const writer = await openWriter(dir, lock);
      for (let version = 1; version <= 10; version += 1) await writer.put(meta('a', version), body('a'));
      await writer.close();
      await fs.rm(path.join(dir, 'booster.lock'));
      const before = await fs.readFile(journalOf(dir));
      // Opening would compact (dead versions dominate), but the journal may be someone else's now.
      const again = new FileOutboxStore(dir, { logger: createSilentLogger(), lock, compactMinBytes: 100 });
      await expect(again.open()).rejects.toMatchObject({ code: 'locked' });
      await again.close();
      expect(await fs.readFile(journalOf(dir))).toEqual(before);
      expect(await fs.readdir(dir)).toEqual(['outbox.journal']);
    });
  });

  it('compacts on demand for erasure: only when something is dead, and never once the lock is lost', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataDirLock(dir, environment(100));
      const writer = await openWriter(dir, lock);
      await writer.put(meta('a', 1), body('secret-a'));
      await writer.put(meta('b', 1), body('kept-b'));
      const { ino } = await fs.stat(journalOf(dir));
      await writer.compact();
      // Nothing dead: the journal is left as it is.
      expect((await fs.stat(journalOf(dir))).ino).toBe(ino);
      await writer.remove('a');
      expect((await fs.readFile(journalOf(dir), 'utf8')).includes('secret-a')).toBe(true);
      await writer.compact();
      const journal = await fs.readFile(journalOf(dir), 'utf8');
      expect(journal.includes('secret-a')).toBe(false);
      expect(journal.includes('kept-b')).toBe(true);
      expect(displayNameOf(await writer.readBody('b'))).toBe('kept-b');

      await writer.put(meta('b', 2), body('kept-b2'));
      await fs.rm(path.join(dir, 'booster.lock'));
      await acquireDataDirLock(dir, environment(200));
      const before = await fs.readFile(journalOf(dir));
      await expect(writer.compact()).rejects.toMatchObject({ code: 'locked' });
      expect(await fs.readFile(journalOf(dir))).toEqual(before);
      await writer.close();
    });
  });
});
