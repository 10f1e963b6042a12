// What the outbox keeps per captured client. The metadata is small and lives in memory for every entry;
// the body (personal data, attempt history) is read from disk on demand.
import { z } from 'zod';
import { attentionReasonSchema, fieldIssueSchema, outboxStateSchema } from '../../../../shared/ipc';

export type { FieldIssue } from '../../../../shared/ipc';

/** Small per-entry metadata: everything the engine and the counters need without touching the disk. */
export const entryMetaSchema = z.object({
  captureId: z.string(),
  /** Grows by one with every snapshot; on load the highest version of an entry wins. */
  version: z.number().int(),
  state: outboxStateSchema,
  enqueuedAt: z.number(),
  updatedAt: z.number(),
  nextAttemptAt: z.number().optional(),
  possibleDuplicate: z.boolean(),
  attemptCount: z.number().int(),
  /** Attempts whose answer was lost since the last person's decision (absent in older journals: none). */
  ambiguousAttempts: z.number().int().nonnegative().optional(),
  boosterCustomerId: z.number().int().optional(),
  sentAt: z.number().optional(),
  /** The Booster id was recorded by a person who found the client in Booster, not answered by Booster. */
  boosterIdByPerson: z.literal(true).optional(),
  attentionReason: attentionReasonSchema.optional(),
  lastError: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Salted hashes of normalized emails and phones, so duplicates are found without keeping contacts. */
  contactHashes: z.array(z.string()),
  /** A deletion marker in the journal. */
  removed: z.literal(true).optional(),
  /** The Booster environment the client is for (shared/policy/environmentId.ts; not personal data). Absent
   *  in entries queued before environments were tracked: they belong to whichever is configured. */
  environmentId: z.string().min(1).max(2_100).optional(),
});
export type EntryMeta = z.infer<typeof entryMetaSchema>;

export const attemptSchema = z.object({
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  latencyMs: z.number().optional(),
  /** created | rejected | unauthorized | forbidden | retryable | failed | interrupted | started, or a person's
   *  decision: sentAgainByPerson | idRecordedByPerson */
  outcome: z.string(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  ambiguous: z.boolean().optional(),
  /** How an ambiguous attempt lost its answer (timeout, connectionLost, serverError, notBooster, interrupted,
   *  internal): our own code, kept after sending (unlike `detail`). */
  ambiguity: z.string().optional(),
  /** Booster's answer (created), or the id a person recorded (idRecordedByPerson). */
  boosterCustomerId: z.number().int().optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** When and where a record was captured, for the trusted-time correction at send. */
export const captureClockSchema = z.object({
  deviceTimeMs: z.number(),
  timeZone: z.string(),
  monotonicMs: z.number(),
  /** Monotonic readings are comparable only within the same epoch (one run of the app). */
  monotonicEpoch: z.string(),
  /** registrationDate was set by us from the device clock (so it may be corrected). */
  registrationDateFromDevice: z.boolean(),
  /** A person checked the registration date after a clock warning: never adjust or flag it again. */
  registrationDateConfirmed: z.boolean().optional(),
});
export type CaptureClock = z.infer<typeof captureClockSchema>;

/** The personal part of a body: encoded by the payload codec (so it can be encrypted at rest later). */
export const personalDataSchema = z.object({
  displayName: z.string(),
  /** The record as validated at enqueue; dropped once sent (retention keeps only what staff need). */
  record: z.record(z.string(), z.unknown()).optional(),
  fieldErrors: z.array(fieldIssueSchema).optional(),
  /** The record's point of sale, kept once the record is dropped (the event receipt of sent clients). */
  posCode: z.string().max(64).optional(),
});
export type PersonalData = z.infer<typeof personalDataSchema>;

export const storedBodySchema = z.object({
  personal: z.string(),
  capture: captureClockSchema,
  attempts: z.array(attemptSchema),
});
export type StoredBody = z.infer<typeof storedBodySchema>;
