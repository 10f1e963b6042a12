// The durable outbox: finalized clients wait here until Booster confirmed them or a person decided.
// Order of every change: durable write first, then memory, then the answer (and the change event).
// Operations are O(1) or O(log n) in the backlog: counters are kept up to date, due entries come from a
// min-heap keyed by nextAttemptAt, expired sent entries from a min-heap keyed by sentAt, pages of the list
// from an index in enqueue order, duplicate contacts from a hash index; bodies are read only on demand.
import { randomUUID } from 'node:crypto';
import type { AttentionReason, OutboxEntrySummary, OutboxState } from '../../../../shared/ipc';
import {
  InvalidRecordError,
  InvalidRequestError,
  NamedError,
  NotEditableError,
  NotFoundError,
  StorageFailedError,
} from '../errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import {
  contactHashesOf,
  displayNameOf,
  normalizeEmail,
  normalizePhone,
  type ContactHasher,
} from './contacts';
import { decodeCursor, encodeCursor, EnqueueOrder } from './enqueueOrder';
import { MinHeap } from './minHeap';
import type { PayloadCodec } from './payloadCodec';
import type { OutboxStore } from './store';
import { summaryOf } from './summary';
import type { Attempt, CaptureClock, EntryMeta, FieldIssue, PersonalData, StoredBody } from './types';

export type RecordValidator = (
  raw: unknown,
) => { ok: true; record: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

export interface OutboxOptions {
  store: OutboxStore;
  codec: PayloadCodec;
  clock: Clock;
  logger: Logger;
  hashContact: ContactHasher;
  validate: RecordValidator;
  /** Identifies this run's monotonic clock (readings from another run are not comparable). */
  monotonicEpoch: string;
}

export interface StateCounts {
  pending: number;
  sending: number;
  sent: number;
  needsAttention: number;
  possibleDuplicate: number;
}

/** What a finished attempt leads to; decided by the sync policy, applied here. */
export type AttemptResult =
  | { kind: 'sent'; boosterCustomerId: number; attempt: Attempt }
  | {
      kind: 'retry';
      nextAttemptAt: number;
      ambiguous: boolean;
      attempt: Attempt;
      lastError: { code: string; message: string };
    }
  | { kind: 'requeue'; nextAttemptAt: number; attempt: Attempt }
  | {
      kind: 'attention';
      reason: NonNullable<EntryMeta['attentionReason']>;
      message: string;
      fieldErrors?: FieldIssue[];
      attempt: Attempt;
      /** Booster may hold the client already: flag it (sticky). */
      possibleDuplicate?: boolean;
    };

/** A record handed to the engine for one attempt. */
export interface SendJob {
  captureId: string;
  record: Record<string, unknown>;
  capture: CaptureClock;
  attemptCount: number;
  possibleDuplicate: boolean;
}

/** The engine's last look at a record before it is sent: it may fix it (trusted time) or stop it. */
export type SendPlan =
  | { kind: 'send'; record: Record<string, unknown>; capture: CaptureClock }
  | {
      kind: 'attention';
      reason: NonNullable<EntryMeta['attentionReason']>;
      message: string;
      fieldErrors?: FieldIssue[];
    };

export interface FindMatchesQuery {
  emails: string[];
  phones: { countryPrefix: string; phone: string }[];
  excludeCaptureId?: string;
}

export interface ContactMatch {
  captureId: string;
  state: OutboxState;
  displayName: string;
  matchedOn: 'email' | 'phone';
}

interface DueItem {
  at: number;
  captureId: string;
  version: number;
}

export class Outbox {
  private readonly due = new MinHeap<DueItem>((item) => item.at);
  private readonly sentByTime = new MinHeap<{ at: number; captureId: string }>((item) => item.at);
  private readonly order = new EnqueueOrder();
  private readonly counts: StateCounts = {
    pending: 0,
    sending: 0,
    sent: 0,
    needsAttention: 0,
    possibleDuplicate: 0,
  };
  // One id per hash is the common case: kept as a bare string, a Set only when several entries share it.
  private readonly contactIndex = new Map<string, string | Set<string>>();
  /** Booster id -> the sent entry that got it first: an id answered for a second client is suspicious. */
  private readonly boosterIds = new Map<number, string>();
  private readonly recordLocks = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(summary: OutboxEntrySummary) => void>();

  constructor(private readonly options: OutboxOptions) {}

  /** Loads the index and rebuilds the counters, the due heap and the other in-memory indexes. */
  async open(): Promise<void> {
    await this.options.store.open();
    for (const meta of this.options.store.metas()) this.track(undefined, meta);
  }

  /** A record found in `sending` at start-up may have reached Booster: back to pending, flagged. */
  async recoverInterrupted(): Promise<number> {
    const interrupted = [...this.options.store.metas()].filter((meta) => meta.state === 'sending');
    for (const meta of interrupted) {
      await this.withRecordLock(meta.captureId, async () => {
        const current = this.options.store.getMeta(meta.captureId);
        const body = await this.options.store.readBody(meta.captureId);
        if (!current || current.state !== 'sending' || !body) return;
        const now = this.options.clock.now();
        const attempts = closeLastAttempt(
          body.attempts,
          now,
          'interrupted',
          'The app stopped before Booster answered.',
        );
        await this.write(
          {
            ...current,
            version: current.version + 1,
            state: 'pending',
            possibleDuplicate: true,
            nextAttemptAt: now,
            updatedAt: now,
          },
          { ...body, attempts },
        );
      });
    }
    if (interrupted.length > 0)
      this.options.logger.warn('outbox: recovered interrupted sends', { count: interrupted.length });
    return interrupted.length;
  }

  onChange(listener: (summary: OutboxEntrySummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stateCounts(): StateCounts {
    return { ...this.counts };
  }

  get size(): number {
    return this.options.store.size;
  }

  /** Validates and durably queues a record; acknowledges only once it is on disk. */
  async enqueue(captureId: string | undefined, raw: unknown): Promise<OutboxEntrySummary> {
    const id = captureId ?? randomUUID();
    return this.withRecordLock(id, async () => {
      // Queued already (a retried call, a file enqueued twice): a no-op answering its state, whatever is sent.
      const existing = this.options.store.getMeta(id);
      if (existing && existing.state !== 'needsAttention') return this.summaryFor(existing);
      const validated = this.options.validate(raw);
      if (!validated.ok) throw new InvalidRecordError(validated.issues);
      const now = this.options.clock.now();
      const record = { ...validated.record };
      const previousBody = existing ? await this.options.store.readBody(id) : undefined;
      const previous = previousBody ? this.options.codec.decode(previousBody.personal) : undefined;
      let capture: CaptureClock;
      if (existing && previousBody) {
        // A corrected version keeps its capture moment; after a clock warning a person has now seen the date.
        if (record.registrationDate === undefined && previous?.record?.registrationDate !== undefined) {
          record.registrationDate = previous.record.registrationDate;
        }
        capture = {
          ...previousBody.capture,
          registrationDateConfirmed:
            previousBody.capture.registrationDateConfirmed || existing.attentionReason === 'clockUntrusted',
        };
      } else {
        const fromDevice = record.registrationDate === undefined;
        if (fromDevice) record.registrationDate = new Date(now).toISOString();
        capture = {
          deviceTimeMs: now,
          timeZone: this.options.clock.timeZone(),
          monotonicMs: this.options.clock.monotonic(),
          monotonicEpoch: this.options.monotonicEpoch,
          registrationDateFromDevice: fromDevice,
        };
      }
      const meta: EntryMeta = {
        captureId: id,
        version: (existing?.version ?? 0) + 1,
        state: 'pending',
        enqueuedAt: existing?.enqueuedAt ?? now,
        updatedAt: now,
        nextAttemptAt: now,
        possibleDuplicate: existing?.possibleDuplicate ?? false,
        attemptCount: existing?.attemptCount ?? 0,
        contactHashes: contactHashesOf(record, this.options.hashContact),
      };
      const personal: PersonalData = { displayName: displayNameOf(record), record };
      const body: StoredBody = {
        personal: this.options.codec.encode(personal),
        capture,
        attempts: previousBody?.attempts ?? [],
      };
      try {
        await this.write(meta, body, personal);
      } catch (error) {
        throw error instanceof StorageFailedError ? new StorageFailedError(error.cause) : error;
      }
      return summaryOf(meta, personal);
    });
  }

  async get(captureId: string): Promise<OutboxEntrySummary | undefined> {
    const meta = this.options.store.getMeta(captureId);
    return meta ? this.summaryFor(meta) : undefined;
  }

  /** Pages through entries in enqueue order; the cursor is opaque (from the previous page's nextCursor).
   *  O(log n + page) without a state filter; with one, the entries skipped count too. */
  async list(query: {
    states?: OutboxState[];
    limit: number;
    cursor?: string;
  }): Promise<{ items: OutboxEntrySummary[]; nextCursor?: string }> {
    const states = query.states && query.states.length > 0 ? new Set(query.states) : undefined;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      const message =
        'The list cursor is not valid: pass the nextCursor of the previous page, or no cursor to start from the beginning.';
      throw new InvalidRequestError(message, [{ path: 'cursor', code: 'invalidCursor', message }]);
    }
    const page: EntryMeta[] = [];
    let more = false;
    for (const captureId of this.order.after(after)) {
      const meta = this.options.store.getMeta(captureId);
      if (!meta || (states && !states.has(meta.state))) continue;
      if (page.length === query.limit) {
        more = true;
        break;
      }
      page.push(meta);
    }
    const items = await Promise.all(page.map((meta) => this.summaryFor(meta)));
    const last = page.at(-1);
    return more && last
      ? { items, nextCursor: encodeCursor({ at: last.enqueuedAt, captureId: last.captureId }) }
      : { items };
  }

  /** A needsAttention record back as a draft, with Booster's field errors. It stays queued meanwhile. */
  async reopen(
    captureId: string,
  ): Promise<{ record: Record<string, unknown>; fieldErrors: FieldIssue[]; entry: OutboxEntrySummary }> {
    const meta = this.options.store.getMeta(captureId);
    if (!meta) throw new NotFoundError('This client');
    if (meta.state !== 'needsAttention') throw new NotEditableError(meta.state);
    const personal = await this.readPersonal(captureId);
    if (!personal?.record) throw new NotFoundError('The client record');
    return {
      record: personal.record,
      fieldErrors: personal.fieldErrors ?? [],
      entry: summaryOf(meta, personal),
    };
  }

  /** Removes a needsAttention entry, on a person's explicit decision only. */
  async discard(captureId: string): Promise<boolean> {
    return this.withRecordLock(captureId, async () => {
      const meta = this.options.store.getMeta(captureId);
      if (!meta) throw new NotFoundError('This client');
      if (meta.state !== 'needsAttention') throw new NotEditableError(meta.state);
      await this.removeEntry(meta);
      this.options.logger.info('outbox: discarded on request', { captureId });
      return true;
    });
  }

  async findMatches(query: FindMatchesQuery): Promise<ContactMatch[]> {
    const { hashContact } = this.options;
    const wanted: { hash: string; on: 'email' | 'phone' }[] = [];
    for (const email of query.emails) {
      const normalized = normalizeEmail(email);
      if (normalized) wanted.push({ hash: hashContact('email', normalized), on: 'email' });
    }
    for (const phone of query.phones) {
      const normalized = normalizePhone(phone.countryPrefix, phone.phone);
      if (normalized) wanted.push({ hash: hashContact('phone', normalized), on: 'phone' });
    }
    const found = new Map<string, 'email' | 'phone'>();
    for (const { hash, on } of wanted) {
      const holders = this.contactIndex.get(hash);
      for (const id of typeof holders === 'string' ? [holders] : (holders ?? [])) {
        if (id !== query.excludeCaptureId && !found.has(id)) found.set(id, on);
      }
    }
    const matches: ContactMatch[] = [];
    for (const [id, matchedOn] of [...found].slice(0, 50)) {
      const meta = this.options.store.getMeta(id);
      const personal = meta ? await this.readPersonal(id) : undefined;
      if (meta)
        matches.push({
          captureId: id,
          state: meta.state,
          displayName: personal?.displayName ?? '',
          matchedOn,
        });
    }
    return matches;
  }

  /** The earliest nextAttemptAt among pending entries. */
  nextDueAt(): number | undefined {
    this.dropStaleHeapTop();
    return this.due.peek()?.at;
  }

  /** Takes up to `limit` entries due at `now` off the heap; the caller must beginAttempt or release each. */
  takeDue(now: number, limit: number): string[] {
    const ids: string[] = [];
    while (ids.length < limit) {
      this.dropStaleHeapTop();
      const top = this.due.peek();
      if (!top || top.at > now) break;
      this.due.pop();
      ids.push(top.captureId);
    }
    return ids;
  }

  /** Puts a taken entry back on the heap without an attempt (e.g. sync paused before it was sent),
   *  due at its own time or at `notBefore` if that is later. */
  release(captureId: string, notBefore = 0): void {
    const meta = this.options.store.getMeta(captureId);
    if (meta?.state === 'pending')
      this.due.push({ at: Math.max(meta.nextAttemptAt ?? 0, notBefore), captureId, version: meta.version });
  }

  /** Durably marks the entry `sending` (with the attempt's start) before anything leaves the machine. */
  async beginAttempt(captureId: string, plan: (job: SendJob) => SendPlan): Promise<SendJob | undefined> {
    return this.withRecordLock(captureId, async () => {
      const meta = this.options.store.getMeta(captureId);
      if (!meta || meta.state !== 'pending') return undefined;
      const body = await this.options.store.readBody(captureId);
      const personal = body ? this.options.codec.decode(body.personal) : undefined;
      if (!body || !personal?.record) return undefined;
      const job: SendJob = {
        captureId,
        record: personal.record,
        capture: body.capture,
        attemptCount: meta.attemptCount,
        possibleDuplicate: meta.possibleDuplicate,
      };
      const decision = plan(job);
      const now = this.options.clock.now();
      if (decision.kind === 'attention') {
        const nextPersonal: PersonalData = { ...personal, fieldErrors: decision.fieldErrors };
        await this.write(
          {
            ...meta,
            version: meta.version + 1,
            state: 'needsAttention',
            updatedAt: now,
            nextAttemptAt: undefined,
            attentionReason: decision.reason,
            lastError: { code: decision.reason, message: decision.message },
          },
          { ...body, personal: this.options.codec.encode(nextPersonal) },
          nextPersonal,
        );
        return undefined;
      }
      const nextPersonal: PersonalData = { ...personal, record: decision.record };
      const attempts = [...body.attempts, { startedAt: now, outcome: 'started' }];
      await this.write(
        {
          ...meta,
          version: meta.version + 1,
          state: 'sending',
          updatedAt: now,
          nextAttemptAt: undefined,
          attemptCount: meta.attemptCount + 1,
        },
        { personal: this.options.codec.encode(nextPersonal), capture: decision.capture, attempts },
        nextPersonal,
      );
      return {
        ...job,
        record: decision.record,
        capture: decision.capture,
        attemptCount: meta.attemptCount + 1,
      };
    });
  }

  /** Durably applies the outcome of an attempt. A record leaves `sending` only through here. Answers the
   *  state written (a `sent` answer carrying another client's Booster id is held for a person instead), or
   *  undefined when the entry was no longer sending. */
  async finishAttempt(captureId: string, result: AttemptResult): Promise<OutboxState | undefined> {
    return this.withRecordLock(captureId, async (): Promise<OutboxState | undefined> => {
      const meta = this.options.store.getMeta(captureId);
      const body = await this.options.store.readBody(captureId);
      if (!meta || !body || meta.state !== 'sending') return undefined;
      const personal = this.options.codec.decode(body.personal);
      const now = this.options.clock.now();
      const attempts = replaceLastAttempt(body.attempts, result.attempt);
      const base = {
        ...meta,
        version: meta.version + 1,
        updatedAt: now,
        lastError: undefined,
        attentionReason: undefined,
        nextAttemptAt: undefined,
      };
      switch (result.kind) {
        case 'sent': {
          const holder = this.boosterIds.get(result.boosterCustomerId);
          if (holder !== undefined && holder !== captureId) {
            // Booster cannot have created two clients under one id: its answer is wrong for one of them.
            const message = `Booster answered with client id ${result.boosterCustomerId}, which it already gave another client. Check in Booster whether this client was created, then send it again or discard it.`;
            const next: PersonalData = { ...personal, fieldErrors: undefined };
            await this.write(
              {
                ...base,
                state: 'needsAttention',
                possibleDuplicate: true,
                attentionReason: suspiciousIdReason,
                lastError: { code: suspiciousIdReason, message },
              },
              { ...body, personal: this.options.codec.encode(next), attempts },
              next,
            );
            return 'needsAttention';
          }
          // Claimed before the write: answers for other records are applied meanwhile.
          const claimed = holder === undefined;
          if (claimed) this.boosterIds.set(result.boosterCustomerId, captureId);
          // Retention: a sent entry keeps only its name, Booster id, time and contact hashes.
          const kept: PersonalData = { displayName: personal.displayName };
          try {
            await this.write(
              { ...base, state: 'sent', boosterCustomerId: result.boosterCustomerId, sentAt: now },
              { personal: this.options.codec.encode(kept), capture: body.capture, attempts },
              kept,
            );
          } catch (error) {
            if (claimed && this.boosterIds.get(result.boosterCustomerId) === captureId)
              this.boosterIds.delete(result.boosterCustomerId);
            throw error;
          }
          return 'sent';
        }
        case 'retry':
        case 'requeue':
          // Back to pending. A retry may flag a possible duplicate; a requeue (auth) does not count as a try.
          await this.write(
            {
              ...base,
              state: 'pending',
              nextAttemptAt: result.nextAttemptAt,
              ...(result.kind === 'retry'
                ? {
                    possibleDuplicate: meta.possibleDuplicate || result.ambiguous,
                    lastError: result.lastError,
                  }
                : { attemptCount: Math.max(0, meta.attemptCount - 1) }),
            },
            { ...body, attempts },
            personal,
          );
          return 'pending';
        case 'attention': {
          const next: PersonalData = { ...personal, fieldErrors: result.fieldErrors };
          await this.write(
            {
              ...base,
              state: 'needsAttention',
              possibleDuplicate: meta.possibleDuplicate || result.possibleDuplicate === true,
              attentionReason: result.reason,
              lastError: { code: result.reason, message: result.message },
            },
            { ...body, personal: this.options.codec.encode(next), attempts },
            next,
          );
          return 'needsAttention';
        }
      }
    });
  }

  /** Deletes sent entries older than the retention period, oldest first, without walking the backlog.
   *  Nothing unsent is ever deleted here. */
  async pruneSent(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const top = this.sentByTime.peek();
      if (!top || top.at >= olderThanMs) return removed;
      this.sentByTime.pop();
      const done = await this.withRecordLock(top.captureId, async () => {
        const current = this.options.store.getMeta(top.captureId);
        if (current?.state !== 'sent' || sentTimeOf(current) !== top.at) return false; // stale heap item
        try {
          await this.removeEntry(current);
        } catch (error) {
          this.sentByTime.push(top); // tried again at the next sweep
          throw error;
        }
        return true;
      });
      if (done) removed += 1;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.recordLocks.values()]);
    await this.options.store.close();
  }

  /** A write the store could not make is a StorageFailedError (the engine pauses on it); memory is untouched. */
  private async write(meta: EntryMeta, body: StoredBody, personal?: PersonalData): Promise<void> {
    const previous = this.options.store.getMeta(meta.captureId);
    await this.options.store.put(meta, body).catch(asStorageFailure);
    this.track(previous, meta);
    if (this.listeners.size > 0) {
      const summary = summaryOf(meta, personal ?? this.options.codec.decode(body.personal));
      for (const listener of this.listeners) listener(summary);
    }
  }

  private async removeEntry(meta: EntryMeta): Promise<void> {
    await this.options.store.remove(meta.captureId).catch(asStorageFailure);
    this.track(meta, undefined);
  }

  /** Keeps counters, the due heap and the contact index in step with a metadata change. */
  private track(previous: EntryMeta | undefined, next: EntryMeta | undefined): void {
    if (previous) {
      if (!next) this.order.remove(previous.captureId);
      this.counts[previous.state] -= 1;
      if (previous.possibleDuplicate) this.counts.possibleDuplicate -= 1;
      for (const hash of previous.contactHashes) this.unindexContact(hash, previous.captureId);
      const id = previous.boosterCustomerId;
      if (id !== undefined && this.boosterIds.get(id) === previous.captureId) this.boosterIds.delete(id);
    }
    if (!next) return;
    this.order.add(next.captureId, next.enqueuedAt);
    if (next.state === 'sent' && previous?.state !== 'sent')
      this.sentByTime.push({ at: sentTimeOf(next), captureId: next.captureId });
    this.counts[next.state] += 1;
    if (next.possibleDuplicate) this.counts.possibleDuplicate += 1;
    for (const hash of next.contactHashes) this.indexContact(hash, next.captureId);
    // Only a confirmed send owns its id; the first entry to get one keeps it.
    if (
      next.state === 'sent' &&
      next.boosterCustomerId !== undefined &&
      !this.boosterIds.has(next.boosterCustomerId)
    )
      this.boosterIds.set(next.boosterCustomerId, next.captureId);
    if (next.state === 'pending')
      this.due.push({ at: next.nextAttemptAt ?? 0, captureId: next.captureId, version: next.version });
  }

  private indexContact(hash: string, captureId: string): void {
    const holders = this.contactIndex.get(hash);
    if (holders === undefined) this.contactIndex.set(hash, captureId);
    else if (typeof holders === 'string') {
      if (holders !== captureId) this.contactIndex.set(hash, new Set([holders, captureId]));
    } else holders.add(captureId);
  }

  private unindexContact(hash: string, captureId: string): void {
    const holders = this.contactIndex.get(hash);
    if (holders === captureId) this.contactIndex.delete(hash);
    else if (typeof holders === 'object') {
      holders.delete(captureId);
      if (holders.size === 1) this.contactIndex.set(hash, [...holders][0]!);
    }
  }

  private dropStaleHeapTop(): void {
    for (;;) {
      const top = this.due.peek();
      if (!top) return;
      const meta = this.options.store.getMeta(top.captureId);
      if (meta && meta.state === 'pending' && meta.version === top.version) return;
      this.due.pop();
    }
  }

  private async summaryFor(meta: EntryMeta): Promise<OutboxEntrySummary> {
    const personal = await this.readPersonal(meta.captureId);
    return summaryOf(meta, personal ?? { displayName: '' });
  }

  private async readPersonal(captureId: string): Promise<PersonalData | undefined> {
    const body = await this.options.store.readBody(captureId);
    return body ? this.options.codec.decode(body.personal) : undefined;
  }

  /** Serialises operations on one record; different records proceed concurrently. */
  private withRecordLock<T>(captureId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.recordLocks.get(captureId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.recordLocks.set(captureId, settled);
    void settled.then(() => {
      if (this.recordLocks.get(captureId) === settled) this.recordLocks.delete(captureId);
    });
    return run;
  }
}

const sentTimeOf = (meta: EntryMeta): number => meta.sentAt ?? meta.updatedAt;

const suspiciousIdReason: AttentionReason = 'suspiciousId';

/** Named errors pass as they are (a lost lock says so itself); any other store failure is the disk's. */
function asStorageFailure(error: unknown): never {
  throw error instanceof NamedError ? error : new StorageFailedError(error, 'nothing was changed');
}

function replaceLastAttempt(attempts: Attempt[], finished: Attempt): Attempt[] {
  const last = attempts.at(-1);
  const kept = last && last.finishedAt === undefined ? attempts.slice(0, -1) : attempts;
  // A long history is trimmed to its most recent attempts (the count stays in the metadata).
  return [...kept, finished].slice(-50);
}

function closeLastAttempt(attempts: Attempt[], now: number, outcome: string, detail: string): Attempt[] {
  const last = attempts.at(-1);
  if (!last || last.finishedAt !== undefined) return attempts;
  return [
    ...attempts.slice(0, -1),
    { ...last, finishedAt: now, latencyMs: now - last.startedAt, outcome, detail, ambiguous: true },
  ];
}
