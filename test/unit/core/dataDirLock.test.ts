import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  isLockStale,
  isSameBoot,
  readBootId,
  type LockEnvironment,
  type LockInfo,
} from '../../../electron/main/core/platform/dataDirLock';
import { withTempDir } from '../../support/core/tempDir';

function environment(
  pid: number,
  alive: Set<number>,
  hostname = 'laptop-1',
  bootId = 'linux:boot-1',
): LockEnvironment {
  return {
    pid,
    hostname,
    bootId,
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

  it('isLockStale: a lock from an earlier boot is stale even if its pid is alive now (or is ours)', () => {
    const env = { pid: 1, hostname: 'h', bootId: 'linux:today', isAlive: (pid: number) => pid === 2 };
    const lock = (pid: number, bootId?: string): LockInfo => ({
      pid,
      hostname: 'h',
      startedAt: '',
      token: 't',
      ...(bootId === undefined ? {} : { bootId }),
    });
    expect(isLockStale(lock(2, 'linux:yesterday'), env)).toBe(true);
    expect(isLockStale(lock(1, 'linux:yesterday'), env)).toBe(true);
    expect(isLockStale(lock(2, 'linux:today'), env)).toBe(false);
    // Written by the previous version (no boot id): judged as today's.
    expect(isLockStale(lock(2), env)).toBe(false);
    expect(isLockStale(lock(3), env)).toBe(true);
    expect(isLockStale(lock(2, ''), env)).toBe(false);
    // Another host's boot says nothing about ours: never taken over.
    expect(isLockStale({ ...lock(2, 'linux:yesterday'), hostname: 'other' }, env)).toBe(false);
  });

  it('isLockStale: hostile holders', () => {
    const env = { pid: 1, hostname: 'h', bootId: 'linux:today', isAlive: () => true };
    const lock = (overrides: Partial<LockInfo>): LockInfo => ({
      pid: 2,
      hostname: 'h',
      startedAt: '',
      token: 't',
      ...overrides,
    });
    // pid 0 and negatives would signal whole process groups: "alive" forever. Not a holder.
    for (const pid of [0, -1, -2147483648, Number.NaN, Number.POSITIVE_INFINITY, 1.5])
      expect(isLockStale(lock({ pid }), env)).toBe(true);
    expect(isLockStale(lock({ pid: 2 ** 31 }), env)).toBe(false); // alive per env: trust it
    expect(isLockStale(lock({ hostname: '' }), env)).toBe(false);
    expect(isLockStale(lock({ bootId: 'boot-minute:29000000' }), env)).toBe(false); // not comparable
    expect(isLockStale(lock({ bootId: 'linux:other' }), env)).toBe(true);
    expect(isLockStale(undefined, env)).toBe(true);
  });

  it('isSameBoot: exact ids, boot minutes within a clock correction, unknown counts as same', () => {
    expect(isSameBoot('linux:a', 'linux:a')).toBe(true);
    expect(isSameBoot('linux:a', 'linux:b')).toBe(false);
    expect(isSameBoot(undefined, 'linux:a')).toBe(true);
    expect(isSameBoot('', 'linux:a')).toBe(true);
    expect(isSameBoot('boot-minute:1000', 'boot-minute:1010')).toBe(true);
    expect(isSameBoot('boot-minute:1000', 'boot-minute:990')).toBe(true);
    expect(isSameBoot('boot-minute:1000', 'boot-minute:1011')).toBe(false);
    expect(isSameBoot('boot-minute:abc', 'boot-minute:1000')).toBe(false);
    expect(isSameBoot('boot-minute:1000', 'linux:a')).toBe(true); // not comparable: no guess
    expect(isSameBoot('garbage', 'linux:a')).toBe(true);
  });

  it('readBootId: the kernel boot id on Linux, the boot minute elsewhere; stable within a boot', () => {
    const id = readBootId();
    expect(id).toMatch(process.platform === 'linux' ? /^linux:[0-9a-f-]{36}$/ : /^boot-minute:\d+$/);
    expect(isSameBoot(id, readBootId())).toBe(true);
  });

  it('takes over a lock left before a reboot by a pid that is alive again now', async () => {
    await withTempDir(async (dir) => {
      await acquireDataDirLock(dir, environment(100, new Set([100]), 'laptop-1', 'linux:boot-0'));
      const taken = await acquireDataDirLock(dir, environment(200, new Set([100, 200])));
      expect(taken.info).toMatchObject({ pid: 200, bootId: 'linux:boot-1' });
      await taken.release();
    });
  });

  it('reads a lock written by the previous version (no boot id)', async () => {
    await withTempDir(async (dir) => {
      const old = { pid: 100, hostname: 'laptop-1', startedAt: '2026-11-01T00:00:00Z', token: 'old' };
      await fs.writeFile(path.join(dir, 'booster.lock'), JSON.stringify(old));
      await expect(acquireDataDirLock(dir, environment(200, new Set([100, 200])))).rejects.toMatchObject({
        code: 'locked',
      });
      const taken = await acquireDataDirLock(dir, environment(200, new Set([200])));
      expect(taken.info.pid).toBe(200);
      await taken.release();
    });
  });

  it('verify: passes while the lock is ours; fails for good once it is deleted or replaced', async () => {
    await withTempDir(async (dir) => {
      const lockFile = path.join(dir, 'booster.lock');
      const first = await acquireDataDirLock(dir, environment(100, new Set([100, 200])));
      await first.verify();
      await fs.utimes(lockFile, new Date(), new Date());
      await first.verify();
      await fs.rm(lockFile);
      await expect(first.verify()).rejects.toMatchObject({ name: 'LockLostError', code: 'locked' });
      const second = await acquireDataDirLock(dir, environment(200, new Set([100, 200])));
      await expect(first.verify()).rejects.toMatchObject({ code: 'locked' }); // lost stays lost
      await second.verify();
      // Replaced by a copy with another token (same path, new file).
      await fs.writeFile(`${lockFile}.new`, JSON.stringify({ ...second.info, token: 'other' }));
      await fs.rename(`${lockFile}.new`, lockFile);
      await expect(second.verify()).rejects.toMatchObject({ code: 'locked' });
      await first.release();
      expect(JSON.parse(await fs.readFile(lockFile, 'utf8')).token).toBe('other');
    });
  });

  it.runIf(process.platform !== 'win32')(
    'creates the lock file 0600 and a new data folder 0700',
    async () => {
      await withTempDir(async (parent) => {
        const dir = path.join(parent, 'data');
        const lock = await acquireDataDirLock(dir, environment(100, new Set([100])));
        expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
        expect((await fs.stat(path.join(dir, 'booster.lock'))).mode & 0o777).toBe(0o600);
        await lock.release();
      });
    },
  );
});
