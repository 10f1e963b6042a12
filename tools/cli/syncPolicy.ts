// How long `sync` may take and what its outcome means, as small pure functions. --max-wait-ms bounds the
// whole run, stopping included: a Booster that never finishes an answer must not keep the CLI (and the
// data-folder lock) alive past it.
import type { SyncStatus } from '../../shared/ipc';

/** Time kept at the end of the run for stopping (answers in flight, closing the outbox, the lock). */
export const STOP_BUDGET_MS = 3_000;

export interface SyncTimings {
  /** The process has printed its result and exits by then, whatever is still in flight. */
  hardDeadline: number;
  /** Draining stops here, leaving the stop budget before the hard deadline. */
  drainDeadline: number;
  stopBudgetMs: number;
  /** How long the engine waits for answers in flight before abandoning them (part of the stop budget). */
  inFlightGraceMs: number;
}

export function syncTimings(now: number, maxWaitMs: number): SyncTimings {
  const stopBudgetMs = Math.min(STOP_BUDGET_MS, Math.floor(maxWaitMs / 4));
  return {
    hardDeadline: now + maxWaitMs,
    drainDeadline: now + maxWaitMs - stopBudgetMs,
    stopBudgetMs,
    inFlightGraceMs: Math.floor(stopBudgetMs / 2),
  };
}

/** true when `closing` settled before `deadline`; false when we stopped waiting for it. */
export async function closeWithin(closing: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([
      closing.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exit code and the sentence for a person, from the status sync ended with. */
export function syncExit(final: SyncStatus, stopSignal?: string): { code: number; message?: string } {
  const open = final.counts.pending + final.counts.sending;
  if (open === 0)
    return stopSignal
      ? { code: 0, message: `Stopped by ${stopSignal}: nothing is left to send.` }
      : { code: 0 };
  const reason = final.pausedReason;
  if (reason === 'signInNeeded')
    return {
      code: 4,
      message: 'Booster refused the credentials: sync is paused until a valid key is given.',
    };
  if (reason === 'notConfigured')
    return {
      code: 2,
      message: 'No Booster environment is configured: pass --booster-url and --api-key.',
    };
  if (reason)
    // Paused for a local cause (e.g. the disk is full): retrying will not help until a person acts.
    return {
      code: 1,
      message: `${final.lastError?.message ?? `Sync is paused (${reason}).`} ${open} record(s) stay queued.`,
    };
  if (stopSignal)
    return { code: 3, message: `Stopped by ${stopSignal}: ${open} record(s) stay queued; nothing was lost.` };
  return {
    code: 3,
    message:
      final.connectivity === 'offline'
        ? `Booster could not be reached; ${open} record(s) stay queued.`
        : `${open} record(s) are still queued (the wait ran out).`,
  };
}
