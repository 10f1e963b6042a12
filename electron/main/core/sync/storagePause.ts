// When the outbox cannot write (a full disk, a failing or read-only one), sending stops and waits for the
// disk instead of failing thousands of writes a second. Pure: the engine keeps the state and the timer.
export interface StoragePause {
  /** The file-system code of the failure (ENOSPC, EIO…), if known. */
  code: string | undefined;
  /** Disk checks that failed since the pause began. */
  failedChecks: number;
  /** When the disk is tried again. */
  retryAt: number;
  /** A check is under way: its failure makes the next wait longer (a leftover failure does not). */
  checking: boolean;
}

export const STORAGE_RETRY_FIRST_MS = 5_000;
export const STORAGE_RETRY_MAX_MS = 5 * 60_000;

/** 5 s, 10 s, 20 s … up to 5 minutes. A local disk needs no jitter: nobody else shares its load. */
export function storageRetryDelayMs(failedChecks: number): number {
  return Math.min(
    STORAGE_RETRY_MAX_MS,
    STORAGE_RETRY_FIRST_MS * 2 ** Math.min(Math.max(failedChecks, 0), 20),
  );
}

/** The pause after a write failed: a new one, a longer one after a failed check, or the same one for a
 *  failure of a write that began before the pause (sends in flight). */
export function storagePauseAfterFailure(
  current: StoragePause | undefined,
  code: string | undefined,
  now: number,
): StoragePause {
  if (current && !current.checking) return current;
  const failedChecks = current ? current.failedChecks + 1 : 0;
  return {
    code: code ?? current?.code,
    failedChecks,
    retryAt: now + storageRetryDelayMs(failedChecks),
    checking: false,
  };
}

/** Not a file-system code: the data folder's lock was removed or taken, so the store refuses every write. */
export const LOCK_LOST = 'LOCK_LOST';

const diskFull = (code: string | undefined): boolean => code === 'ENOSPC' || code === 'EDQUOT';

/** The status's lastError while paused: `diskFull` (space to free) or `storageFailed` (anything else). */
export function storagePauseError(code: string | undefined): { code: string; message: string } {
  return { code: diskFull(code) ? 'diskFull' : 'storageFailed', message: describeStoragePause(code) };
}

/** What the sync status says while paused. */
export function describeStoragePause(code: string | undefined): string {
  if (diskFull(code))
    return 'Disk full: free space on this laptop. Nothing was lost; sending resumes by itself.';
  if (code === LOCK_LOST)
    return "Another program removed or took this data folder's lock, so Booster Capture stopped writing to protect the outbox. Close every other copy using this folder, then restart Booster Capture. Nothing acknowledged was lost.";
  if (code === 'EROFS')
    return 'The disk has become read-only, so clients cannot be saved. Check the disk or restart the laptop. Nothing was lost; sending resumes by itself once the disk can be written.';
  return `Clients cannot be saved to disk right now${code ? ` (${code})` : ''}. Check the disk. Nothing was lost; sending resumes by itself once the disk can be written.`;
}
