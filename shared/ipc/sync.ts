// IPC domain `sync`: the sync engine's status, a "sync now" button, and status pushes.
import { z } from 'zod';
import { eventChannel, invokeChannel, noRequest } from './contract';
import { outboxEntrySummarySchema } from './outbox';

export const syncStatusSchema = z.object({
  counts: z.object({
    pending: z.number().int().nonnegative(),
    sending: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    needsAttention: z.number().int().nonnegative(),
    possibleDuplicate: z.number().int().nonnegative(),
  }),
  /** Whether Booster itself answered the last probe (OS online flags are only hints). */
  connectivity: z.enum(['unknown', 'online', 'offline']),
  activity: z.enum(['idle', 'syncing', 'waiting', 'paused']),
  /** Why sync is paused: a person must act (configure, sign in), or the disk cannot be written
   *  (storageFailed: sending resumes by itself once a write succeeds). */
  pausedReason: z.enum(['notConfigured', 'signInNeeded', 'storageFailed']).optional(),
  /** Sent in the current drain / to send in it: "syncing 3 of 10". */
  progress: z
    .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
    .optional(),
  lastSuccessfulSyncAt: z.iso.datetime().optional(),
  nextRetryAt: z.iso.datetime().optional(),
  lastError: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Waiting clients captured for another Booster environment than the one configured: kept, not sent,
   *  until that environment is chosen again or a person sends them to this one (counted in `pending`). */
  waitingForOtherEnvironment: z.number().int().positive().optional(),
  /** Journal lines found damaged and not yet acknowledged by a person: each may have been a client. Their
   *  bytes are kept beside the journal (`files`, names in the data folder). */
  damage: z
    .object({
      lines: z.number().int().positive(),
      captureIds: z.array(z.string().max(100)).max(100),
      files: z.array(z.string().max(200)).max(100),
    })
    .optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncChangedSchema = z.object({
  status: syncStatusSchema,
  /** Entries whose state changed since the last push. */
  changed: z.array(outboxEntrySummarySchema),
});
export type SyncChanged = z.infer<typeof syncChangedSchema>;

export const syncChannels = {
  status: invokeChannel('sync:status', noRequest, syncStatusSchema),
  /** Probe Booster now and drain what is due, skipping backoff waits. */
  now: invokeChannel('sync:now', noRequest, syncStatusSchema),
};

export const syncEvents = {
  changed: eventChannel('sync:changed', syncChangedSchema),
};
