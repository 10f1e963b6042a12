// One engine per data folder: a lock file holding pid, hostname and start time. A lock left by a dead
// process on this host is taken over, so a crash never leaves the folder stuck.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LockedError } from '../errors';
import { isNotFound } from './durableFs';

const lockSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  startedAt: z.string(),
  token: z.string(),
});
export type LockInfo = z.infer<typeof lockSchema>;

export interface DataDirLock {
  readonly info: LockInfo;
  release(): Promise<void>;
}

export interface LockEnvironment {
  pid: number;
  hostname: string;
  /** Whether a process with this id runs on this host. */
  isAlive(pid: number): boolean;
  now(): Date;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const nodeLockEnvironment = (): LockEnvironment => ({
  pid: process.pid,
  hostname: os.hostname(),
  isAlive: isProcessAlive,
  now: () => new Date(),
});

/** Pure decision: may a lock held by `holder` be taken over by `me`? */
export function isLockStale(
  holder: LockInfo | undefined,
  env: Pick<LockEnvironment, 'pid' | 'hostname' | 'isAlive'>,
): boolean {
  if (!holder) return true; // unreadable: a crash while writing it (it is written atomically, so rare)
  if (holder.hostname !== env.hostname) return false; // another machine sharing the folder: never guess
  if (holder.pid === env.pid) return false; // this very process already holds it
  return !env.isAlive(holder.pid);
}

export async function acquireDataDirLock(
  dataDir: string,
  env: LockEnvironment = nodeLockEnvironment(),
): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'booster.lock');
  const info: LockInfo = {
    pid: env.pid,
    hostname: env.hostname,
    startedAt: env.now().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // Written completely under a unique name, then linked into place: link fails if a lock already exists,
    // so no process ever sees a half-written lock.
    const temp = `${lockFile}.${info.token}.tmp`;
    await fs.writeFile(temp, JSON.stringify(info));
    try {
      await fs.link(temp, lockFile);
      return { info, release: () => releaseLock(lockFile, info) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
    const holder = await readLock(lockFile);
    if (!isLockStale(holder, env)) {
      throw new LockedError(
        holder ? `process ${holder.pid} on ${holder.hostname} since ${holder.startedAt}` : 'unknown',
      );
    }
    await takeOver(lockFile, holder);
  }
  throw new LockedError('a process that keeps restarting');
}

async function readLock(lockFile: string): Promise<LockInfo | undefined> {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(await fs.readFile(lockFile, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return undefined;
  }
}

async function takeOver(lockFile: string, stale: LockInfo | undefined): Promise<void> {
  // Move the stale lock aside under a unique name, then check we moved the one we judged stale: if another
  // process took it over meanwhile, put theirs back.
  const aside = `${lockFile}.${randomUUID()}.stale`;
  try {
    await fs.rename(lockFile, aside);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  const moved = await readLock(aside);
  if (stale && moved && moved.token !== stale.token) {
    await fs.link(aside, lockFile).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}

async function releaseLock(lockFile: string, info: LockInfo): Promise<void> {
  const holder = await readLock(lockFile);
  if (holder?.token === info.token) await fs.rm(lockFile, { force: true });
}
