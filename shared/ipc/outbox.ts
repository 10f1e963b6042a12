// IPC domain `outbox`: hand finalized clients to the main process's durable outbox and read them back.
import { z } from 'zod';
import { fieldIssueSchema, invokeChannel } from './contract';

export const outboxStateSchema = z.enum(['pending', 'sending', 'sent', 'needsAttention']);
export type OutboxState = z.infer<typeof outboxStateSchema>;

export const captureIdSchema = z.uuid();

/** Why a record needs a person: Booster rejected its fields, refused access, a final failure, a wrong clock,
 *  or Booster answered with the id of another client (suspiciousId). */
export const attentionReasonSchema = z.enum([
  'rejected',
  'forbidden',
  'failed',
  'clockUntrusted',
  'suspiciousId',
]);
export type AttentionReason = z.infer<typeof attentionReasonSchema>;

/** What the UI shows of one outbox entry. Sent entries keep only this (and no more personal data). */
export const outboxEntrySummarySchema = z.object({
  captureId: captureIdSchema,
  state: outboxStateSchema,
  /** "Last, First" or the company name: enough for staff to recognise the client. */
  displayName: z.string(),
  enqueuedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.iso.datetime().optional(),
  boosterCustomerId: z.number().int().positive().optional(),
  sentAt: z.iso.datetime().optional(),
  /** Booster may hold this client twice: an earlier attempt's outcome was unknown. Staff should check. */
  possibleDuplicate: z.boolean(),
  attentionReason: attentionReasonSchema.optional(),
  /** The last error, written for a person. */
  lastError: z.object({ code: z.string(), message: z.string() }).optional(),
  fieldErrors: z.array(fieldIssueSchema).optional(),
});
export type OutboxEntrySummary = z.infer<typeof outboxEntrySummarySchema>;

export const outboxListOrderSchema = z.enum(['newestFirst', 'oldestFirst']);
export type OutboxListOrder = z.infer<typeof outboxListOrderSchema>;

export const outboxChannels = {
  /** Durably queue a finalized client. Main re-validates with createCustomerSchema (the renderer is untrusted).
   *  The same captureId twice is a no-op answering the existing entry — except for a needsAttention entry,
   *  which the new (corrected) version replaces and sends again. */
  enqueue: invokeChannel(
    'outbox:enqueue',
    z.object({ captureId: captureIdSchema, record: z.record(z.string(), z.unknown()) }),
    outboxEntrySummarySchema,
  ),
  /** One page of entries in enqueue order (`oldestFirst`, the default) or its reverse (`newestFirst`), only
   *  those in `states` when given. `cursor`: the previous page's `nextCursor`, asked with the same order and
   *  states; anything else is refused (invalidRequest). Counts come from `sync:status`, never from pages. */
  list: invokeChannel(
    'outbox:list',
    z
      .object({
        states: z.array(outboxStateSchema).optional(),
        /** Absent: oldestFirst (what every caller before the order existed expects). */
        order: outboxListOrderSchema.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.string().optional(),
      })
      .default({ limit: 100 }),
    z.object({ items: z.array(outboxEntrySummarySchema), nextCursor: z.string().optional() }),
  ),
  /** Hand a needsAttention record back as a draft with Booster's field errors. It stays in the outbox
   *  until the corrected version is enqueued under the same captureId. */
  reopen: invokeChannel(
    'outbox:reopen',
    z.object({ captureId: captureIdSchema }),
    z.object({
      captureId: captureIdSchema,
      record: z.record(z.string(), z.unknown()),
      fieldErrors: z.array(fieldIssueSchema),
      entry: outboxEntrySummarySchema,
    }),
  ),
  /** Remove a needsAttention entry on a person's explicit decision (e.g. a confirmed duplicate). */
  discard: invokeChannel(
    'outbox:discard',
    z.object({ captureId: captureIdSchema }),
    z.object({ discarded: z.boolean() }),
  ),
  /** Erase everything this laptop keeps of a client (a data-subject request): the entry, its contact hashes,
   *  and, within minutes, every old copy in the data folder. Refused while the client is being sent (wait for
   *  Booster's answer), and for a client Booster does not have yet (pending, needsAttention) unless
   *  `confirmUnsent` says the person knows it will then never reach Booster. `erased: false`: not here. */
  erase: invokeChannel(
    'outbox:erase',
    z.object({ captureId: captureIdSchema, confirmUnsent: z.boolean().default(false) }),
    z.object({ erased: z.boolean() }),
  ),
  /** Entries (pending, sending, sent, needsAttention) holding one of these contacts, for a warning before finalize. */
  findMatches: invokeChannel(
    'outbox:findMatches',
    z.object({
      emails: z.array(z.string()).max(20).default([]),
      phones: z
        .array(z.object({ countryPrefix: z.string(), phone: z.string() }))
        .max(20)
        .default([]),
      excludeCaptureId: captureIdSchema.optional(),
    }),
    z.object({
      matches: z.array(
        z.object({
          captureId: captureIdSchema,
          state: outboxStateSchema,
          displayName: z.string(),
          matchedOn: z.enum(['email', 'phone']),
        }),
      ),
    }),
  ),
};
