// IPC domain `outbox`: hand finalized clients to the main process's durable outbox and read them back.
import { z } from 'zod';
import { fieldIssueSchema, invokeChannel } from './contract';

export const outboxStateSchema = z.enum(['pending', 'sending', 'sent', 'needsAttention']);
export type OutboxState = z.infer<typeof outboxStateSchema>;

export const captureIdSchema = z.uuid();

/** Why a record needs a person: Booster rejected its fields, refused access, a final failure, a wrong clock,
 *  Booster answered with the id of another client (suspiciousId), or its answers were lost as many times as
 *  the environment allows (mayAlreadyExist: Booster may already have this client). */
export const attentionReasonSchema = z.enum([
  'rejected',
  'forbidden',
  'failed',
  'clockUntrusted',
  'suspiciousId',
  'mayAlreadyExist',
]);
export type AttentionReason = z.infer<typeof attentionReasonSchema>;

/** Ambiguous attempts (Booster may have created the client, but its answer was lost) allowed per client before
 *  it is held for a person: the first is retried automatically, flagged; the limit-th holds it. Messages omit
 *  the field's name: every check that uses them names it by its path. */
export const DEFAULT_AMBIGUOUS_ATTEMPT_LIMIT = 2;
export const ambiguousAttemptLimitSchema = z
  .number('must be a whole number from 1 to 10')
  .int('must be a whole number from 1 to 10')
  .min(1, 'must be a whole number from 1 to 10')
  .max(10, 'must be a whole number from 1 to 10');

/** Entries of an attempt history the UI is given: the most recent (the total is `attempts`). */
export const ATTEMPT_HISTORY_SHOWN = 20;

/** One line of a client's history, in our own terms (never Booster's words, which may quote the client).
 *  `ambiguous`: the request may have reached Booster but no answer came (`ambiguity` says how);
 *  `notReachable`: it did not reach Booster; the `by*Person` lines are a person's decisions. */
export const attemptHistoryEntrySchema = z.object({
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  outcome: z.enum([
    'sent',
    'refused',
    'ambiguous',
    'notReachable',
    'signInNeeded',
    'failed',
    'inProgress',
    'sentAgainByPerson',
    'idRecordedByPerson',
    /** Switching environments, a person chose to send this waiting client to the new one. */
    'retargetedByPerson',
  ]),
  ambiguity: z
    .enum(['timeout', 'connectionLost', 'serverError', 'notBooster', 'interrupted', 'internal'])
    .optional(),
  status: z.number().int().optional(),
  boosterCustomerId: z.number().int().positive().optional(),
});
export type AttemptHistoryEntry = z.infer<typeof attemptHistoryEntrySchema>;

/** A Booster client id typed by a person: a positive whole number, refused with the field named. */
export const boosterCustomerIdInputSchema = z
  .number("enter Booster's client id, a whole number above 0")
  .int("enter Booster's client id, a whole number above 0")
  .positive("enter Booster's client id, a whole number above 0")
  .max(Number.MAX_SAFE_INTEGER, 'this number is too large to be a Booster client id');

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
  /** The most recent attempts and people's decisions, oldest first (at most ATTEMPT_HISTORY_SHOWN). */
  history: z.array(attemptHistoryEntrySchema).max(ATTEMPT_HISTORY_SHOWN).optional(),
  /** The Booster id was typed by a person who found the client in Booster, not answered by Booster. */
  boosterIdRecordedByPerson: z.literal(true).optional(),
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
  /** A person checked Booster and wants a client held as `mayAlreadyExist` sent again: back to pending at once,
   *  with a fresh budget of ambiguous attempts; the decision joins its history. Refused in any other state. */
  sendAgain: invokeChannel(
    'outbox:sendAgain',
    z.object({ captureId: captureIdSchema }),
    outboxEntrySummarySchema,
  ),
  /** A person found the client in Booster: it is marked sent with that id (recorded as theirs, not Booster's
   *  answer) and never sent again. Only for a client Booster may already have (possibleDuplicate) that is
   *  pending or needs attention; an id another client already holds is refused. */
  recordBoosterId: invokeChannel(
    'outbox:recordBoosterId',
    z.object({ captureId: captureIdSchema, boosterCustomerId: boosterCustomerIdInputSchema }),
    outboxEntrySummarySchema,
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
