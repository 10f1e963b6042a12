// The outbox state machine as pure functions: which state allows which event, and what an entry's
// metadata and content become. The Outbox writes what these return; nothing here touches disk or memory.
import {
  DEFAULT_AMBIGUOUS_ATTEMPT_LIMIT,
  type AttentionReason,
  type OutboxState,
} from '../../../../shared/ipc';
import { displayNameOf } from './contacts';
import type { Attempt, CaptureClock, EntryMeta, FieldIssue, PersonalData } from './types';
import { BOOSTER_SAID } from '../../../../shared/booster/decode';

/** Ambiguous attempts a client may have before a person decides (see ambiguousLimitFor); 'unbounded' where
 *  Booster honours the Idempotency-Key, so a retry cannot create the client twice. */
export type AmbiguousLimit = number | 'unbounded';

/** What a finished attempt leads to; decided by the sync policy, applied here. */
export type AttemptResult =
  | { kind: 'sent'; boosterCustomerId: number; attempt: Attempt }
  | {
      kind: 'retry';
      nextAttemptAt: number;
      ambiguous: boolean;
      /** Reaching it with this attempt holds the client for a person instead of retrying. */
      ambiguousLimit: AmbiguousLimit;
      attempt: Attempt;
      lastError: { code: string; message: string };
    }
  | { kind: 'requeue'; nextAttemptAt: number; attempt: Attempt }
  | {
      kind: 'attention';
      reason: AttentionReason;
      message: string;
      fieldErrors?: FieldIssue[];
      attempt: Attempt;
      /** Booster may hold the client already: flag it (sticky). */
      possibleDuplicate?: boolean;
    };

export type OutboxEvent =
  | {
      kind: 'enqueued';
      captureId: string;
      record: Record<string, unknown>;
      capture: CaptureClock;
      contactHashes: string[];
      /** The environment it is for; absent: a corrected entry keeps its own. */
      environmentId?: string;
    }
  /** The record (maybe corrected) is about to leave the machine. */
  | { kind: 'attemptBegan'; record: Record<string, unknown>; capture: CaptureClock }
  /** The last look before sending stopped the record (trusted time). */
  | { kind: 'stoppedBeforeSend'; reason: AttentionReason; message: string; fieldErrors?: FieldIssue[] }
  | { kind: 'attemptFinished'; result: AttemptResult }
  /** Found in `sending` at start-up: the request may have reached Booster. */
  | { kind: 'interrupted' }
  /** Taken off the due heap and put back without an attempt. */
  | { kind: 'released' }
  /** Opened again by a person to correct it. */
  | { kind: 'reopened' }
  | { kind: 'discarded' }
  /** Sent longer ago than the retention period. */
  | { kind: 'expired' }
  /** A person erased the client's local data (a data-subject request), whatever Booster has. */
  | { kind: 'erased' }
  /** A person checked Booster and asked for a client held as mayAlreadyExist to be sent again. */
  | { kind: 'sentAgainByPerson' }
  /** A person found the client in Booster and recorded its id: sent, by their word, not Booster's answer. */
  | { kind: 'boosterIdRecorded'; boosterCustomerId: number }
  /** A person switching environments chose to send a waiting client to the new one. */
  | { kind: 'retargetedByPerson'; environmentId: string };

export type EventKind = OutboxEvent['kind'];

/** The decoded body of an entry. */
export interface EntryContent {
  personal: PersonalData;
  capture: CaptureClock;
  attempts: Attempt[];
}

/** `meta` undefined: the entry leaves the outbox. A refusal names the state that refused (none: unknown). */
export type Step = { ok: true; meta: EntryMeta | undefined } | { ok: false; state: OutboxState | undefined };

const allowedFrom: Record<EventKind, readonly OutboxState[]> = {
  enqueued: ['needsAttention'],
  attemptBegan: ['pending'],
  stoppedBeforeSend: ['pending'],
  attemptFinished: ['sending'],
  interrupted: ['sending'],
  released: ['pending'],
  reopened: ['needsAttention'],
  discarded: ['needsAttention'],
  expired: ['sent'],
  // Not while `sending`: the answer decides whether Booster holds the client, and it must be written.
  erased: ['pending', 'needsAttention', 'sent'],
  sentAgainByPerson: ['needsAttention'],
  // Pending too: a flagged client waiting for its retry may be found in Booster before it is sent again.
  boosterIdRecorded: ['pending', 'needsAttention'],
  // Only a waiting client: one being sent is already on its way to the environment it was for.
  retargetedByPerson: ['pending'],
};

/** What an event needs beyond the state. */
const alsoRequired: Partial<Record<EventKind, (meta: EntryMeta) => boolean>> = {
  sentAgainByPerson: (meta) => meta.attentionReason === 'mayAlreadyExist',
  // Only a client Booster may already have: any other is sent (or corrected) the usual way.
  boosterIdRecorded: (meta) => meta.possibleDuplicate,
};

/** Whether an entry in this state (undefined: not queued) accepts the event. Only an enqueue creates one. */
export function accepts(meta: EntryMeta | undefined, kind: EventKind): boolean {
  if (!meta) return kind === 'enqueued';
  return allowedFrom[kind].includes(meta.state) && (alsoRequired[kind]?.(meta) ?? true);
}

/** The limit for an environment: its declared limit, or the default; none where the environment declares
 *  that Booster honours the Idempotency-Key. */
export function ambiguousLimitFor(
  settings: { ambiguousAttemptLimit?: number | undefined; idempotencyKey?: boolean | undefined },
  defaultLimit = DEFAULT_AMBIGUOUS_ATTEMPT_LIMIT,
): AmbiguousLimit {
  if (settings.idempotencyKey === true) return 'unbounded';
  return settings.ambiguousAttemptLimit ?? defaultLimit;
}

/** Whether `count` ambiguous attempts used up the budget: the client must not be sent again without a person. */
export function ambiguousBudgetSpent(count: number, limit: AmbiguousLimit): boolean {
  return limit !== 'unbounded' && count >= limit;
}

/** Our own words (kept in clear) for a client held after its answers were lost `count` times. */
export function mayAlreadyExistMessage(count: number): string {
  return `Booster may already have this client: ${count === 1 ? 'its answer was lost once' : `its answers were lost ${count} times`}. Check in Booster, then send it again or record the id Booster gave it.`;
}

/** The metadata after `event`; `released` and `reopened` only check the state and change nothing. */
export function next(meta: EntryMeta | undefined, event: OutboxEvent, now: number): Step {
  if (!accepts(meta, event.kind)) return { ok: false, state: meta?.state };
  if (event.kind === 'enqueued') return { ok: true, meta: enqueuedMeta(meta, event, now) };
  if (!meta) return { ok: false, state: undefined };
  const changed = { ...meta, version: meta.version + 1, updatedAt: now };
  switch (event.kind) {
    case 'attemptBegan':
      return written({
        ...changed,
        state: 'sending',
        nextAttemptAt: undefined,
        attemptCount: meta.attemptCount + 1,
      });
    case 'stoppedBeforeSend':
      return written({
        ...changed,
        state: 'needsAttention',
        nextAttemptAt: undefined,
        attentionReason: event.reason,
        lastError: { code: event.reason, message: event.message },
      });
    case 'attemptFinished':
      return written(finishedMeta(changed, event.result, now));
    case 'interrupted':
      // Counted like any lost answer: the limit is checked before the next send (the engine knows it).
      return written({
        ...changed,
        state: 'pending',
        possibleDuplicate: true,
        nextAttemptAt: now,
        ambiguousAttempts: (meta.ambiguousAttempts ?? 0) + 1,
      });
    case 'sentAgainByPerson':
      // A person's decision opens a new budget; the duplicate flag stays, for good.
      return written({
        ...changed,
        state: 'pending',
        nextAttemptAt: now,
        ambiguousAttempts: 0,
        attentionReason: undefined,
        lastError: undefined,
      });
    case 'boosterIdRecorded':
      return written({
        ...changed,
        state: 'sent',
        nextAttemptAt: undefined,
        attentionReason: undefined,
        lastError: undefined,
        boosterCustomerId: event.boosterCustomerId,
        boosterIdByPerson: true,
        sentAt: now,
      });
    case 'retargetedByPerson':
      // Due at once for the environment now chosen; its duplicate flag and budget stay as they were.
      return written({ ...changed, environmentId: event.environmentId, nextAttemptAt: now });
    case 'released':
    case 'reopened':
      return { ok: true, meta };
    case 'discarded':
    case 'expired':
    case 'erased':
      return { ok: true, meta: undefined };
  }
}

/** The content after `event` (`previous` undefined: a first enqueue, or a body that could not be read). */
export function nextContent(
  previous: EntryContent | undefined,
  event: OutboxEvent,
  now: number,
): EntryContent {
  const attempts = previous?.attempts ?? [];
  if (event.kind === 'enqueued') {
    // A corrected record starts over without Booster's field errors but keeps its attempt history.
    const personal = { displayName: displayNameOf(event.record), record: event.record };
    return { personal, capture: event.capture, attempts };
  }
  if (!previous) throw new Error(`outbox: ${event.kind} needs the entry's content`);
  const { personal } = previous;
  switch (event.kind) {
    case 'attemptBegan':
      return {
        personal: { ...personal, record: event.record },
        capture: event.capture,
        attempts: [...attempts, { startedAt: now, outcome: 'started' }],
      };
    case 'stoppedBeforeSend':
      return { ...previous, personal: { ...personal, fieldErrors: event.fieldErrors } };
    case 'attemptFinished':
      return finishedContent(previous, event.result);
    case 'interrupted':
      return {
        ...previous,
        attempts: closeLastAttempt(attempts, now, 'interrupted', 'The app stopped before Booster answered.'),
      };
    case 'sentAgainByPerson':
      return {
        ...previous,
        attempts: withAttempt(attempts, { startedAt: now, finishedAt: now, outcome: 'sentAgainByPerson' }),
      };
    case 'retargetedByPerson':
      return {
        ...previous,
        attempts: withAttempt(attempts, {
          startedAt: now,
          finishedAt: now,
          outcome: 'retargetedByPerson',
          detail: `for ${event.environmentId}`,
        }),
      };
    case 'boosterIdRecorded': {
      const decision: Attempt = {
        startedAt: now,
        finishedAt: now,
        outcome: 'idRecordedByPerson',
        boosterCustomerId: event.boosterCustomerId,
      };
      // Sent: kept like a client Booster confirmed (its name only, no attempt details).
      return {
        personal: keptAfterSend(personal),
        capture: previous.capture,
        attempts: withAttempt(attempts, decision).map(withoutDetail),
      };
    }
    default:
      return previous;
  }
}

/** A `sent` answer carrying an id Booster already gave another client: held for a person instead. */
export function suspiciousIdResult(result: Extract<AttemptResult, { kind: 'sent' }>): AttemptResult {
  // Booster cannot have created two clients under one id: its answer is wrong for one of them.
  const message = `Booster answered with client id ${result.boosterCustomerId}, which it already gave another client. Check in Booster whether this client was created, then send it again or discard it.`;
  return {
    kind: 'attention',
    reason: 'suspiciousId',
    message,
    attempt: result.attempt,
    possibleDuplicate: true,
  };
}

/** Why a person's erasure is refused: `sending` until Booster's answer is written, `unconfirmed` for a client
 *  Booster does not have yet (pending, needsAttention) unless the person confirmed it will never reach it. */
export function erasureRefusal(
  meta: EntryMeta,
  confirmUnsent: boolean,
): 'sending' | 'unconfirmed' | undefined {
  if (!accepts(meta, 'erased')) return 'sending';
  return meta.state !== 'sent' && !confirmUnsent ? 'unconfirmed' : undefined;
}

/** Whether, after `event`, the storage still holds personal data of the client in snapshots no longer
 *  current: the entry went, a send dropped its full record, or a corrected version replaced the record.
 *  Those are the events after which the erasure compaction must run. */
export function leavesPersonalDataBehind(
  before: EntryMeta | undefined,
  event: OutboxEvent,
  after: EntryMeta | undefined,
): boolean {
  if (!before) return false;
  if (!after) return true;
  return after.state === 'sent' || event.kind === 'enqueued';
}

/** When a sent entry was sent (older journals may lack sentAt). */
export const sentTimeOf = (meta: EntryMeta): number => meta.sentAt ?? meta.updatedAt;

const written = (meta: EntryMeta): Step => ({ ok: true, meta });

function enqueuedMeta(
  existing: EntryMeta | undefined,
  event: Extract<OutboxEvent, { kind: 'enqueued' }>,
  now: number,
): EntryMeta {
  // A corrected version keeps its place in the list, its attempt count and its duplicate flag.
  return {
    captureId: event.captureId,
    version: (existing?.version ?? 0) + 1,
    state: 'pending',
    enqueuedAt: existing?.enqueuedAt ?? now,
    updatedAt: now,
    nextAttemptAt: now,
    possibleDuplicate: existing?.possibleDuplicate ?? false,
    attemptCount: existing?.attemptCount ?? 0,
    contactHashes: event.contactHashes,
    // A corrected client stays with the Booster it was captured for (which may already hold it); only a new
    // one, or one queued before environments were recorded, takes the environment it is enqueued for.
    ...((existing?.environmentId ?? event.environmentId)
      ? { environmentId: existing?.environmentId ?? event.environmentId }
      : {}),
  };
}

function finishedMeta(changed: EntryMeta, result: AttemptResult, now: number): EntryMeta {
  const base = { ...changed, lastError: undefined, attentionReason: undefined, nextAttemptAt: undefined };
  switch (result.kind) {
    case 'sent':
      return { ...base, state: 'sent', boosterCustomerId: result.boosterCustomerId, sentAt: now };
    case 'retry': {
      const ambiguousAttempts = (changed.ambiguousAttempts ?? 0) + (result.ambiguous ? 1 : 0);
      // Every lost answer may be one more client in Booster: at the limit, a person decides.
      if (result.ambiguous && ambiguousBudgetSpent(ambiguousAttempts, result.ambiguousLimit))
        return {
          ...base,
          state: 'needsAttention',
          possibleDuplicate: true,
          ambiguousAttempts,
          attentionReason: 'mayAlreadyExist',
          lastError: { code: 'mayAlreadyExist', message: mayAlreadyExistMessage(ambiguousAttempts) },
        };
      // An answer that may have been lost after the request left flags a possible duplicate, for good.
      return {
        ...base,
        ambiguousAttempts,
        state: 'pending',
        nextAttemptAt: result.nextAttemptAt,
        possibleDuplicate: changed.possibleDuplicate || result.ambiguous,
        lastError: { code: result.lastError.code, message: inClear(result.lastError.message) },
      };
    }
    case 'requeue':
      // Held back by sign-in, not by the record: the attempt does not count.
      return {
        ...base,
        state: 'pending',
        nextAttemptAt: result.nextAttemptAt,
        attemptCount: Math.max(0, changed.attemptCount - 1),
      };
    case 'attention':
      return {
        ...base,
        state: 'needsAttention',
        possibleDuplicate: changed.possibleDuplicate || result.possibleDuplicate === true,
        attentionReason: result.reason,
        lastError: { code: result.reason, message: inClear(result.message) },
      };
  }
}

function finishedContent(previous: EntryContent, result: AttemptResult): EntryContent {
  const attempts = replaceLastAttempt(previous.attempts, result.attempt);
  switch (result.kind) {
    case 'sent':
      // Retention: a sent entry keeps only its name (with its Booster id, time and contact hashes in meta);
      // attempt details are dropped too, since Booster's words may quote the client's values.
      return {
        personal: keptAfterSend(previous.personal),
        capture: previous.capture,
        attempts: attempts.map(withoutDetail),
      };
    case 'attention':
      return { ...previous, personal: { ...previous.personal, fieldErrors: result.fieldErrors }, attempts };
    default:
      return { ...previous, attempts };
  }
}

/**
 * The metadata is not encrypted, so its message keeps only our own words: what Booster said may quote the
 * client's values (ServiceStack messages often do). For a refusal, Booster's words stay with each field's
 * error in the encrypted body.
 */
export function inClear(message: string): string {
  const server = message.indexOf(BOOSTER_SAID);
  return server < 0 ? message : message.slice(0, server);
}

/** What a sent client keeps: its name, and its point of sale for the event receipt (not personal data). */
function keptAfterSend(personal: PersonalData): PersonalData {
  const posCode = typeof personal.record?.posCode === 'string' ? personal.record.posCode : personal.posCode;
  return { displayName: personal.displayName, ...(posCode !== undefined ? { posCode } : {}) };
}

function withoutDetail(attempt: Attempt): Attempt {
  const kept = { ...attempt };
  delete kept.detail;
  return kept;
}

function replaceLastAttempt(attempts: Attempt[], finished: Attempt): Attempt[] {
  const last = attempts.at(-1);
  const kept = last && last.finishedAt === undefined ? attempts.slice(0, -1) : attempts;
  return withAttempt(kept, finished);
}

function withAttempt(attempts: Attempt[], added: Attempt): Attempt[] {
  // A long history is trimmed to its most recent attempts (the count stays in the metadata).
  return [...attempts, added].slice(-50);
}

function closeLastAttempt(attempts: Attempt[], now: number, outcome: string, detail: string): Attempt[] {
  const last = attempts.at(-1);
  if (!last || last.finishedAt !== undefined) return attempts;
  return [
    ...attempts.slice(0, -1),
    {
      ...last,
      finishedAt: now,
      latencyMs: now - last.startedAt,
      outcome,
      detail,
      ambiguous: true,
      ambiguity: 'interrupted',
    },
  ];
}
