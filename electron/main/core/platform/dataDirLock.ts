// One engine per data folder: a lock file holding pid, hostname, boot identity and start time. A lock left
// by a dead process on this host, or from an earlier boot (its pid may belong to another process now), is
// taken over, so a crash never leaves the folder stuck. The holder keeps proving the lock is its own
// (`verify`, before every journal flush): a deleted or replaced lock stops its writes.
import { readFileSync, promises as fs, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LockedError, NamedError } from '../errors';
import { isNotFound } from './durableFs';

const lockSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  startedAt: z.string(),
  token: z.string(),
  /** Absent in locks written before boot identities were recorded: those count as this boot. */
  bootId: z.string().optional(),
});
export type LockInfo = z.infer<typeof lockSchema>;

/** What a writer needs of its lock: proof, before each write, that it still holds it. */
export interface DataDirLockGuard {
  /** Resolves while the lock is ours; rejects with LockLostError once it is not (and from then on). */
  verify(): Promise<void>;
}

export interface DataDirLock extends DataDirLockGuard {
  readonly info: LockInfo;
  release(): Promise<void>;
}

export class LockLostError extends NamedError {
  constructor(cause?: unknown) {
    super(
      'locked',
      "This data folder's lock file was removed or taken by another process, so Booster Capture stopped writing to protect the outbox. Close every other Booster Capture using this folder, then restart it; nothing acknowledged was lost.",
      { cause },
    );
  }
}

export interface LockEnvironment {
  pid: number;
  hostname: string;
  /** This boot of this machine (see readBootId). */
  bootId: string;
  /** Whether a process with this id runs on this host. */
  isAlive(pid: number): boolean;
  now(): Date;
}

const LINUX_BOOT_ID = '/proc/sys/kernel/random/boot_id';
const BOOT_MINUTE = 'boot-minute:';
/** Boot times derived from the wall clock move with clock corrections: closer than this is one boot. */
const BOOT_MINUTE_TOLERANCE = 10;

function bootIdKind(id: string): string {
  return id.slice(0, id.indexOf(':') + 1);
}

/** Linux: the kernel's boot id. Elsewhere: the boot time in minutes, derived from the uptime. */
export function readBootId(): string {
  try {
    const id = readFileSync(LINUX_BOOT_ID, 'utf8').trim();
    if (id) return `linux:${id}`;
  } catch {
    // not Linux
  }
  return `${BOOT_MINUTE}${Math.round((Date.now() - os.uptime() * 1000) / 60_000)}`;
}

/** Pure: whether two boot identities name the same boot. One that cannot be compared (an older lock, or
 *  ids of different kinds: a process that could not read /proc) counts as the same: never take over a
 *  live lock on a guess. */
export function isSameBoot(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || bootIdKind(a) !== bootIdKind(b)) return true;
  if (a.startsWith(BOOT_MINUTE) && b.startsWith(BOOT_MINUTE)) {
    const minutesA = Number(a.slice(BOOT_MINUTE.length));
    const minutesB = Number(b.slice(BOOT_MINUTE.length));
    if (!Number.isFinite(minutesA) || !Number.isFinite(minutesB)) return a === b;
    return Math.abs(minutesA - minutesB) <= BOOT_MINUTE_TOLERANCE;
  }
  return a === b;
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
  bootId: readBootId(),
  isAlive: isProcessAlive,
  now: () => new Date(),
});

/** Pure decision: may a lock held by `holder` be taken over by `me`? */
export function isLockStale(
  holder: LockInfo | undefined,
  env: Pick<LockEnvironment, 'pid' | 'hostname' | 'isAlive'> & { bootId?: string },
): boolean {
  if (!holder) return true; // unreadable: a crash while writing it (it is written atomically, so rare)
  // No process has such an id (0 and negatives would signal whole process groups): not a real holder.
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return true;
  if (holder.hostname !== env.hostname) return false; // another machine sharing the folder: never guess
  // Written before this boot: whoever has that pid now is not the holder.
  if (!isSameBoot(holder.bootId, env.bootId)) return true;
  if (holder.pid === env.pid) return false; // this very process already holds it
  return !env.isAlive(holder.pid);
}

export async function acquireDataDirLock(
  dataDir: string,
  env: LockEnvironment = nodeLockEnvironment(),
): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dataDir, 'booster.lock');
  const info: LockInfo = {
    pid: env.pid,
    hostname: env.hostname,
    startedAt: env.now().toISOString(),
    token: randomUUID(),
    bootId: env.bootId,
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // Written completely under a unique name, then linked into place: link fails if a lock already exists,
    // so no process ever sees a half-written lock.
    const temp = `${lockFile}.${info.token}.tmp`;
    await fs.writeFile(temp, JSON.stringify(info), { mode: 0o600 });
    let linked = false;
    try {
      await fs.link(temp, lockFile);
      linked = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
    // Snapshot after the temp name is gone (removing it changes the link count, hence ctime).
    const acquired = linked ? await snapshotIfOurs(lockFile, info.token) : undefined;
    if (acquired) return heldLock(lockFile, info, acquired);
    if (linked) continue; // replaced in the instant after the link: judge the new holder next time round
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

/** The stat of the lock file if it holds our token, else undefined. */
async function snapshotIfOurs(lockFile: string, token: string): Promise<Stats | undefined> {
  try {
    const stat = await fs.stat(lockFile);
    const holder = await readLock(lockFile);
    return holder?.token === token ? stat : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return (
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}

function heldLock(lockFile: string, info: LockInfo, acquired: Stats): DataDirLock {
  let snapshot = acquired;
  let lost: LockLostError | undefined;
  return {
    info,
    release: () => releaseLock(lockFile, info),
    // One stat per call; the content is read again only when the stat changed.
    async verify() {
      if (lost) throw lost;
      try {
        const current = await fs.stat(lockFile);
        if (sameFile(current, snapshot)) return;
        const holder = await readLock(lockFile);
        if (current.ino === snapshot.ino && current.dev === snapshot.dev && holder?.token === info.token) {
          snapshot = current; // touched (e.g. by a backup tool), still ours
          return;
        }
        lost = new LockLostError();
      } catch (error) {
        lost = new LockLostError(error);
      }
      throw lost;
    },
  };
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
