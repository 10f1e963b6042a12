import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  isLockStale,
  type LockEnvironment,
} from '../../../electron/main/core/platform/dataDirLock';
import { withTempDir } from '../../support/core/tempDir';

function environment(pid: number, alive: Set<number>, hostname = 'laptop-1'): LockEnvironment {
  return {
    pid,
    hostname,
    isAlive: (candidate) => alive.has(candidate),
    now: () => new Date('2026-11-28T10:00:00Z'),
  };
}

describe('data folder lock', () => {
  it('refuses a second engine while the first is alive', async () => {
    await withTempDir(async (dir) => {
      const alive = new Set([100, 200]);
      const first = await acquireDataDirLock(dir, environment(100, alive));
      await expect(acquireDataDirLock(dir, environment(200, alive))).rejects.toMatchObject({
        code: 'locked',
      });
      await first.release();
      const second = await acquireDataDirLock(dir, environment(200, alive));
      expect(second.info.pid).toBe(200);
      await second.release();
    });
  });

  it('takes over a lock left by a dead process on this host', async () => {
    await withTempDir(async (dir) => {
      const alive = new Set([200]);
      await acquireDataDirLock(dir, environment(100, new Set([100])));
      // pid 100 crashed without releasing.
      const taken = await acquireDataDirLock(dir, environment(200, alive));
      expect(JSON.parse(await fs.readFile(path.join(dir, 'booster.lock'), 'utf8'))).toMatchObject({
        pid: 200,
        token: taken.info.token,
      });
      await taken.release();
    });
  });

  it('never takes over a lock held from another host (a shared folder): it may be alive', async () => {
    await withTempDir(async (dir) => {
      await acquireDataDirLock(dir, environment(100, new Set(), 'laptop-2'));
      await expect(acquireDataDirLock(dir, environment(200, new Set([200])))).rejects.toMatchObject({
        code: 'locked',
      });
    });
  });

  it('takes over an unreadable lock file', async () => {
    await withTempDir(async (dir) => {
      await fs.writeFile(path.join(dir, 'booster.lock'), '{"pid":');
      const lock = await acquireDataDirLock(dir, environment(200, new Set([200])));
      expect(lock.info.pid).toBe(200);
      await lock.release();
    });
  });

  it('release never removes a lock that another process has taken over', async () => {
    await withTempDir(async (dir) => {
      const stale = await acquireDataDirLock(dir, environment(100, new Set([100])));
      const current = await acquireDataDirLock(dir, environment(200, new Set([200])));
      await stale.release();
      expect(JSON.parse(await fs.readFile(path.join(dir, 'booster.lock'), 'utf8')).pid).toBe(200);
      await current.release();
    });
  });

  it('isLockStale: dead pid on this host only; never this process', () => {
    const env = { pid: 1, hostname: 'h', isAlive: (pid: number) => pid === 2 };
    expect(isLockStale({ pid: 3, hostname: 'h', startedAt: '', token: 't' }, env)).toBe(true);
    expect(isLockStale({ pid: 2, hostname: 'h', startedAt: '', token: 't' }, env)).toBe(false);
    expect(isLockStale({ pid: 1, hostname: 'h', startedAt: '', token: 't' }, env)).toBe(false);
    expect(isLockStale({ pid: 3, hostname: 'other', startedAt: '', token: 't' }, env)).toBe(false);
  });
});
