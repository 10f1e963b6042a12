// The durable outbox: finalized clients wait here until Booster confirmed them or a person decided.
// Every change is one event on one entry, under that entry's lock: the pure transition (transitions.ts)
// gives the next metadata and content, the store writes them durably, then the in-memory index
// (outboxIndex.ts) follows, then the answer and the change event. Bodies are read only on demand.
import { randomUUID } from 'node:crypto';
import type {
  AttentionReason,
  OutboxEntrySummary,
  OutboxListOrder,
  OutboxState,
} from '../../../../shared/ipc';
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
import { captureOnEnqueue } from './capturePolicy';
import { matchingEntries, type ContactMatch, type FindMatchesQuery } from './contactSearch';
import { contactHashesOf, type ContactHasher } from './contacts';
import { decodeCursor, encodeCursor } from './enqueueOrder';
import { EnvironmentCounts } from './environmentCounts';
import { ErasureSchedule } from './erasureSchedule';
import { KeyedLock } from './keyedLock';
import { OutboxIndex, type StateCounts } from './outboxIndex';
import type { PayloadCodec } from './payloadCodec';
import { sweepExpired } from './retentionSweep';
import type { OutboxStore } from './store';
import { summaryOf } from './summary';
import {
  accepts,
  erasureRefusal,
  leavesPersonalDataBehind,
  next,
  nextContent,
  sentTimeOf,
  suspiciousIdResult,
  type AttemptResult,
  type EntryContent,
  type OutboxEvent,
} from './transitions';
import type { CaptureClock, EntryMeta, FieldIssue } from './types';

export type { AttemptResult } from './transitions';
export type { StateCounts } from './outboxIndex';
export type { ContactMatch, FindMatchesQuery } from './contactSearch';

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
  /** Set when the outbox writes: after an operation leaves a client's data in old snapshots, the store is
   *  compacted within this delay (clamped to 5 minutes; see erasureSchedule.ts). */
  erasureDelayMs?: number;
}

/** A record handed to the engine for one attempt. */
export interface SendJob {
  captureId: string;
  record: Record<string, unknown>;
  capture: CaptureClock;
  attemptCount: number;
  possibleDuplicate: boolean;
  /** Attempts whose answer was lost since a person last decided (the duplicate budget spent). */
  ambiguousAttempts: number;
  /** The Booster environment the client is for (absent: queued before environments were recorded). */
  environmentId?: string;
}

/** The engine's last look at a record before it is sent: it may fix it (trusted time) or stop it. */
export type SendPlan =
  | { kind: 'send'; record: Record<string, unknown>; capture: CaptureClock }
  | { kind: 'attention'; reason: AttentionReason; message: string; fieldErrors?: FieldIssue[] }
  /** Not this time (the environment changed while the send was being prepared): nothing is written. */
  | { kind: 'notNow' };

export class Outbox {
  private readonly index: OutboxIndex;
  private readonly lock = new KeyedLock();
  /** Waiting clients per Booster environment (environmentCounts.ts). */
  private readonly environments = new EnvironmentCounts();
  private readonly listeners = new Set<(summary: OutboxEntrySummary) => void>();
  private readonly erasure: ErasureSchedule | undefined;
  /** The content of each entry in `sending`, as written when its attempt began (at most one per request in
   *  flight): its answer is written without reading and decrypting the body back from disk. */
  private readonly sendingContent = new Map<string, { version: number; content: EntryContent }>();

  constructor(private readonly options: OutboxOptions) {
    this.index = new OutboxIndex((captureId) => options.store.getMeta(captureId));
    if (options.erasureDelayMs !== undefined)
      this.erasure = new ErasureSchedule({
        clock: options.clock,
        delayMs: options.erasureDelayMs,
        compact: () => options.store.compact(),
        logger: options.logger,
      });
  }

  /** Loads the store's metadata and builds the in-memory index from it. */
  async open(): Promise<void> {
    await this.options.store.open();
    for (const meta of this.options.store.metas()) {
      this.index.update(undefined, meta);
      this.environments.update(undefined, meta);
    }
  }

  /** A record found in `sending` at start-up may have reached Booster: back to pending, flagged. */
  async recoverInterrupted(): Promise<number> {
    // From the per-state order: at start-up, without walking the whole backlog.
    const interrupted = [...this.index.idsInStates(['sending'], undefined, false)];
    for (const captureId of interrupted) {
      await this.lock.run(captureId, async () => {
        const meta = this.options.store.getMeta(captureId);
        const content = await this.readContent(captureId);
        if (accepts(meta, 'interrupted') && content) await this.write(meta, content, { kind: 'interrupted' });
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
    return this.index.stateCounts();
  }

  get size(): number {
    return this.options.store.size;
  }

  /** The entry's state, or undefined when this outbox does not hold it. */
  stateOf(captureId: string): OutboxState | undefined {
    return this.options.store.getMeta(captureId)?.state;
  }

  /** Validates and durably queues a record; acknowledges only once it is on disk. `carried`: the capture
   *  clock of a record brought from another laptop (rescue import), kept instead of stamping a new one.
   *  `target.environmentId`: the Booster environment it is for (absent: whichever is configured). */
  async enqueue(
    captureId: string | undefined,
    raw: unknown,
    carried?: { capture: CaptureClock },
    target?: { environmentId?: string | undefined },
  ): Promise<OutboxEntrySummary> {
    const id = captureId ?? randomUUID();
    return this.lock.run(id, async () => {
      // Queued already (a retried call, a file enqueued twice): a no-op answering its state, whatever is sent.
      const existing = this.options.store.getMeta(id);
      if (existing && !accepts(existing, 'enqueued')) return this.summaryFor(existing);
      const validated = this.options.validate(raw);
      if (!validated.ok) throw new InvalidRecordError(validated.issues);
      const { clock } = this.options;
      const now = clock.now();
      const earlier = existing ? await this.readContent(id) : undefined;
      const { record, capture } = captureOnEnqueue(
        validated.record,
        earlier
          ? { ...earlier, attentionReason: existing?.attentionReason }
          : carried && { personal: { record: validated.record }, capture: carried.capture },
        {
          deviceTimeMs: now,
          timeZone: clock.timeZone(),
          monotonicMs: clock.monotonic(),
          monotonicEpoch: this.options.monotonicEpoch,
        },
      );
      const contactHashes = contactHashesOf(record, this.options.hashContact);
      const event: OutboxEvent = {
        kind: 'enqueued',
        captureId: id,
        record,
        capture,
        contactHashes,
        ...(target?.environmentId ? { environmentId: target.environmentId } : {}),
      };
      const written = await this.write(existing, earlier, event, { now, consequence: 'nothing was queued' });
      return summaryOf(written.meta, written.content.personal, written.content.attempts);
    });
  }

  /** Pages through entries in enqueue order (oldest first unless asked newest first); the cursor is opaque
   *  (from the previous page's nextCursor). O(log n + page), with a state filter too (per-state orders). */
  async list(query: {
    states?: OutboxState[];
    order?: OutboxListOrder;
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
    const newestFirst = query.order === 'newestFirst';
    const ids = states
      ? this.index.idsInStates(states, after, newestFirst)
      : newestFirst
        ? this.index.idsBefore(after)
        : this.index.idsAfter(after);
    for (const captureId of ids) {
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

  /** Entries in `states` (every entry when absent) in enqueue order, each with its decrypted content
   *  (undefined: its body cannot be read). Ids are taken first: an entry changed meanwhile is read as it is
   *  then. For the rescue export and the event receipt (operations/). */
  async *entriesWithContent(
    states?: OutboxState[],
  ): AsyncGenerator<{ meta: EntryMeta; content: EntryContent | undefined }> {
    const ids = [
      ...(states ? this.index.idsInStates(states, undefined, false) : this.index.idsAfter(undefined)),
    ];
    for (const captureId of ids) {
      const content = await this.readContent(captureId).catch(() => undefined);
      const meta = this.options.store.getMeta(captureId);
      if (meta && (!states || states.includes(meta.state))) yield { meta, content };
    }
  }

  /** A needsAttention record back as a draft, with Booster's field errors. It stays queued meanwhile. */
  async reopen(
    captureId: string,
  ): Promise<{ record: Record<string, unknown>; fieldErrors: FieldIssue[]; entry: OutboxEntrySummary }> {
    const meta = this.acceptedOrThrow(captureId, 'reopened');
    const content = await this.readContent(captureId);
    const personal = content?.personal;
    if (!personal?.record) throw new NotFoundError('The client record');
    return {
      record: personal.record,
      fieldErrors: personal.fieldErrors ?? [],
      entry: summaryOf(meta, personal, content?.attempts),
    };
  }

  /** Removes a needsAttention entry, on a person's explicit decision only. */
  async discard(captureId: string): Promise<boolean> {
    return this.lock.run(captureId, async () => {
      const meta = this.acceptedOrThrow(captureId, 'discarded');
      await this.remove(meta, { kind: 'discarded' });
      this.options.logger.info('outbox: discarded on request', { captureId });
      return true;
    });
  }

  /** A person checked Booster and asks for a client held as mayAlreadyExist to be sent again: pending at once,
   *  with a new budget of ambiguous attempts; the decision joins its history. */
  async sendAgain(captureId: string): Promise<OutboxEntrySummary> {
    return this.lock.run(captureId, async () => {
      const meta = this.decidableOrThrow(captureId, 'sentAgainByPerson');
      const written = await this.write(meta, await this.contentOrThrow(captureId), {
        kind: 'sentAgainByPerson',
      });
      this.options.logger.info('outbox: sent again on request', { captureId });
      return summaryOf(written.meta, written.content.personal, written.content.attempts);
    });
  }

  /** A person found the client in Booster: marked sent with the id they typed (recorded as theirs) and never
   *  sent again. Refused for an id another client of this outbox already holds. */
  async recordBoosterId(captureId: string, boosterCustomerId: number): Promise<OutboxEntrySummary> {
    return this.lock.run(captureId, async () => {
      const meta = this.decidableOrThrow(captureId, 'boosterIdRecorded');
      const content = await this.contentOrThrow(captureId);
      const claim = this.index.claimBoosterId(boosterCustomerId, captureId, meta.environmentId);
      if (claim === 'taken') {
        const message = `Booster client id ${boosterCustomerId} is already recorded for another client on this laptop. Check the id in Booster and enter this client's own id.`;
        throw new InvalidRequestError(message, [{ path: 'boosterCustomerId', code: 'idTaken', message }]);
      }
      try {
        const written = await this.write(meta, content, { kind: 'boosterIdRecorded', boosterCustomerId });
        this.options.logger.info('outbox: Booster id recorded by a person', { captureId, boosterCustomerId });
        return summaryOf(written.meta, written.content.personal, written.content.attempts);
      } catch (error) {
        if (claim === 'claimed') this.index.dropClaim(boosterCustomerId, captureId, meta.environmentId);
        throw error;
      }
    });
  }

  /** Erases everything this installation keeps of a client (a data-subject request), in any state but
   *  `sending`. A client Booster does not have yet is erased only when `confirmUnsent` says the person knows
   *  it will never reach Booster. The old snapshots go with the next erasure compaction. False: not here. */
  async erase(captureId: string, { confirmUnsent = false } = {}): Promise<boolean> {
    return this.lock.run(captureId, async () => {
      const meta = this.options.store.getMeta(captureId);
      if (!meta) return false;
      const refusal = erasureRefusal(meta, confirmUnsent);
      if (refusal === 'sending')
        throw new NamedError(
          'notEditable',
          'This client is being sent to Booster right now. Wait for its answer (a few seconds), then erase it again.',
        );
      if (refusal === 'unconfirmed') {
        const message =
          'This client has not reached Booster yet: once erased, it will never reach Booster. Confirm to erase it anyway.';
        throw new InvalidRequestError(message, [{ path: 'confirmUnsent', code: 'confirmUnsent', message }]);
      }
      await this.remove(meta, { kind: 'erased' });
      this.options.logger.info('outbox: erased on request', { captureId, state: meta.state });
      return true;
    });
  }

  /** Asks for the erasure compaction (at open: a previous run may have stopped before its own ran). */
  requestErasure(): void {
    this.erasure?.request();
  }

  async findMatches(query: FindMatchesQuery): Promise<ContactMatch[]> {
    const found = matchingEntries(query, this.options.hashContact, (hash) => this.index.holdersOf(hash));
    const matches: ContactMatch[] = [];
    for (const [captureId, matchedOn] of found) {
      const meta = this.options.store.getMeta(captureId);
      if (!meta) continue;
      const displayName = (await this.readContent(captureId))?.personal.displayName ?? '';
      matches.push({ captureId, state: meta.state, displayName, matchedOn });
    }
    return matches;
  }

  /** Waiting clients per Booster environment id ('' for those queued before environments were tracked). */
  pendingByEnvironment(): Map<string, number> {
    return this.environments.pending();
  }

  /** The environment a queued client is for (undefined: none recorded, or not held). */
  environmentOf(captureId: string): string | undefined {
    return this.options.store.getMeta(captureId)?.environmentId;
  }

  /** A person's decision on switching environments: every waiting client `from` chooses is now for
   *  `environmentId`, each durably, with the decision in its history. Answers how many were moved. */
  async retarget(
    from: (environmentId: string | undefined) => boolean,
    environmentId: string,
  ): Promise<number> {
    const ids = [...this.index.idsInStates(['pending'], undefined, false)];
    let moved = 0;
    for (const captureId of ids) {
      await this.lock.run(captureId, async () => {
        const meta = this.options.store.getMeta(captureId);
        if (!meta || !accepts(meta, 'retargetedByPerson') || !from(meta.environmentId)) return;
        if (meta.environmentId === environmentId) return;
        const content = await this.readContent(captureId);
        if (!content) return;
        await this.write(meta, content, { kind: 'retargetedByPerson', environmentId });
        moved += 1;
      });
    }
    if (moved > 0)
      this.options.logger.info('outbox: waiting clients moved to another environment', { count: moved });
    return moved;
  }

  /** The earliest nextAttemptAt among pending entries. */
  nextDueAt(): number | undefined {
    return this.index.nextDueAt();
  }

  /** Takes up to `limit` entries due at `now` off the heap; the caller must beginAttempt or release each. */
  takeDue(now: number, limit: number): string[] {
    return this.index.takeDue(now, limit);
  }

  /** Puts a taken entry back on the heap without an attempt (e.g. sync paused before it was sent),
   *  due at its own time or at `notBefore` if that is later. */
  release(captureId: string, notBefore = 0): void {
    const meta = this.options.store.getMeta(captureId);
    if (meta && accepts(meta, 'released')) this.index.makeDue(meta, notBefore);
  }

  /** Durably marks the entry `sending` (with the attempt's start) before anything leaves the machine. */
  async beginAttempt(captureId: string, plan: (job: SendJob) => SendPlan): Promise<SendJob | undefined> {
    return this.lock.run(captureId, async () => {
      const meta = this.options.store.getMeta(captureId);
      if (!meta || !accepts(meta, 'attemptBegan')) return undefined;
      const content = await this.readContent(captureId);
      if (!content?.personal.record) return undefined;
      const decision = plan(jobOf(meta, content.personal.record, content.capture));
      if (decision.kind === 'notNow') return undefined;
      if (decision.kind === 'attention') {
        await this.write(meta, content, { ...decision, kind: 'stoppedBeforeSend' });
        return undefined;
      }
      const event: OutboxEvent = { kind: 'attemptBegan', record: decision.record, capture: decision.capture };
      const written = await this.write(meta, content, event);
      return jobOf(written.meta, decision.record, decision.capture);
    });
  }

  /** Durably applies the outcome of an attempt. A record leaves `sending` only through here. Answers the
   *  state written (a `sent` answer carrying another client's Booster id is held for a person instead), or
   *  undefined when the entry was no longer sending. */
  async finishAttempt(captureId: string, result: AttemptResult): Promise<OutboxState | undefined> {
    return this.lock.run(captureId, async () => {
      const meta = this.options.store.getMeta(captureId);
      const content = await this.readContent(captureId);
      if (!meta || !content || !accepts(meta, 'attemptFinished')) return undefined;
      if (result.kind !== 'sent') {
        return (await this.write(meta, content, { kind: 'attemptFinished', result })).meta.state;
      }
      // Claimed before the write: answers for other records are applied meanwhile.
      const claim = this.index.claimBoosterId(result.boosterCustomerId, captureId, meta.environmentId);
      const checked = claim === 'taken' ? suspiciousIdResult(result) : result;
      try {
        return (await this.write(meta, content, { kind: 'attemptFinished', result: checked })).meta.state;
      } catch (error) {
        if (claim === 'claimed')
          this.index.dropClaim(result.boosterCustomerId, captureId, meta.environmentId);
        throw error;
      }
    });
  }

  /** Deletes sent entries older than the retention period, oldest first, without walking the backlog.
   *  Nothing unsent is ever deleted here. */
  async pruneSent(olderThanMs: number): Promise<number> {
    return sweepExpired(this.index, olderThanMs, (item) =>
      this.lock.run(item.captureId, async () => {
        const meta = this.options.store.getMeta(item.captureId);
        // A stale heap item: the entry changed or went since.
        if (!meta || !accepts(meta, 'expired') || sentTimeOf(meta) !== item.at) return false;
        await this.remove(meta, { kind: 'expired' });
        return true;
      }),
    );
  }

  /** Writes every entry's body again through the codec (a new data key), under each entry's lock; answers how
   *  many were rewritten. `rehashContacts`: a folder of an earlier version, whose salted hashes no longer match,
   *  gets keyed hashes from the records it still holds (a sent entry keeps none: its record is gone). */
  async reencodeAll({ rehashContacts = false } = {}): Promise<number> {
    const { codec, store, hashContact } = this.options;
    let rewritten = 0;
    const rewrite = (captureId: string) =>
      this.lock.run(captureId, async () => {
        const before = store.getMeta(captureId);
        const content = await this.readContent(captureId);
        if (!before || !content) return;
        const { record } = content.personal;
        const meta = rehashContacts
          ? { ...before, contactHashes: record ? contactHashesOf(record, hashContact) : [] }
          : before;
        const personal = codec.encode(content.personal, { captureId, version: meta.version });
        await store.put(meta, { personal, capture: content.capture, attempts: content.attempts });
        this.index.update(before, meta);
        this.environments.update(before, meta);
        rewritten += 1;
      });
    // A few at a time: their writes share one flush (group commit) instead of one fsync each.
    const captureIds = [...store.metas()].map((meta) => meta.captureId);
    for (let start = 0; start < captureIds.length; start += 64)
      await Promise.all(captureIds.slice(start, start + 64).map(rewrite));
    return rewritten;
  }

  async close(): Promise<void> {
    await this.lock.idle();
    await this.erasure?.stop();
    await this.options.store.close();
  }

  /** One event that keeps the entry: durable write, then the index, then the change event. A write the store
   *  could not make is a StorageFailedError (the engine pauses on it) and memory is untouched. */
  private async write(
    before: EntryMeta | undefined,
    content: EntryContent | undefined,
    event: OutboxEvent,
    { now = this.options.clock.now(), consequence = 'nothing was changed' } = {},
  ): Promise<{ meta: EntryMeta; content: EntryContent }> {
    const meta = stepOf(before, event, now);
    if (!meta) throw new Error(`outbox: ${event.kind} removes the entry`);
    const after = nextContent(content, event, now);
    const { codec, store } = this.options;
    const personal = codec.encode(after.personal, { captureId: meta.captureId, version: meta.version });
    const body = { personal, capture: after.capture, attempts: after.attempts };
    await store.put(meta, body).catch(asStorageFailure(consequence));
    this.index.update(before, meta);
    this.environments.update(before, meta);
    if (meta.state === 'sending')
      this.sendingContent.set(meta.captureId, { version: meta.version, content: after });
    else this.sendingContent.delete(meta.captureId);
    if (leavesPersonalDataBehind(before, event, meta)) this.erasure?.request();
    if (this.listeners.size > 0) {
      const summary = summaryOf(meta, after.personal, after.attempts);
      for (const listener of this.listeners) listener(summary);
    }
    return { meta, content: after };
  }

  /** One event that ends the entry (a person's discard or erasure, retention): durable removal, then the
   *  index (which forgets its contact hashes and Booster id), then the erasure of its old snapshots. */
  private async remove(before: EntryMeta, event: OutboxEvent): Promise<void> {
    if (stepOf(before, event, this.options.clock.now()))
      throw new Error(`outbox: ${event.kind} keeps the entry`);
    await this.options.store.remove(before.captureId).catch(asStorageFailure('nothing was changed'));
    this.index.update(before, undefined);
    this.environments.update(before, undefined);
    this.sendingContent.delete(before.captureId);
    this.erasure?.request();
  }

  /** The entry's metadata if a person may make this decision on it; otherwise an error that says why not. */
  private decidableOrThrow(captureId: string, kind: 'sentAgainByPerson' | 'boosterIdRecorded'): EntryMeta {
    const meta = this.options.store.getMeta(captureId);
    if (!meta) throw new NotFoundError('This client');
    if (accepts(meta, kind)) return meta;
    throw new NamedError('notEditable', decisionRefusal(meta, kind));
  }

  private async contentOrThrow(captureId: string): Promise<EntryContent> {
    const content = await this.readContent(captureId);
    if (!content) throw new NotFoundError('The client record');
    return content;
  }

  /** The entry's metadata if it accepts a person's `kind` of event; a named error for the person otherwise. */
  private acceptedOrThrow(captureId: string, kind: 'reopened' | 'discarded'): EntryMeta {
    const meta = this.options.store.getMeta(captureId);
    if (!meta) throw new NotFoundError('This client');
    if (!accepts(meta, kind)) throw new NotEditableError(meta.state);
    return meta;
  }

  /** The entry as one snapshot: a change written while its body is read shows as the newer metadata with the
   *  body that goes with it, never as metadata of one version beside the body of another. */
  private async summaryFor(listed: EntryMeta): Promise<OutboxEntrySummary> {
    const entry = await this.readEntry(listed.captureId);
    const meta = entry?.meta ?? listed;
    return summaryOf(meta, entry?.content.personal ?? { displayName: '' }, entry?.content.attempts);
  }

  private async readContent(captureId: string): Promise<EntryContent | undefined> {
    return (await this.readEntry(captureId))?.content;
  }

  /** The entry's metadata and decoded content of one and the same version (the body is bound to it): from
   *  memory for an entry being sent, else from the store, which answers the body with its own metadata. */
  private async readEntry(
    captureId: string,
  ): Promise<{ meta: EntryMeta; content: EntryContent } | undefined> {
    const { codec, store } = this.options;
    const current = store.getMeta(captureId);
    const kept = this.sendingContent.get(captureId);
    if (current && kept?.version === current.version) return { meta: current, content: kept.content };
    const stored = await store.readEntry(captureId);
    if (!stored) return undefined;
    const { meta, body } = stored;
    return {
      meta,
      content: { ...body, personal: codec.decode(body.personal, { captureId, version: meta.version }) },
    };
  }
}

/** The next metadata; a refused event here is a bug (every caller checks `accepts` first). */
function stepOf(before: EntryMeta | undefined, event: OutboxEvent, now: number): EntryMeta | undefined {
  const step = next(before, event, now);
  if (!step.ok) throw new Error(`outbox: ${event.kind} refused in state ${step.state ?? 'absent'}`);
  return step.meta;
}

function jobOf(meta: EntryMeta, record: Record<string, unknown>, capture: CaptureClock): SendJob {
  const { captureId, attemptCount, possibleDuplicate } = meta;
  const ambiguousAttempts = meta.ambiguousAttempts ?? 0;
  return {
    captureId,
    record,
    capture,
    attemptCount,
    possibleDuplicate,
    ambiguousAttempts,
    ...(meta.environmentId !== undefined ? { environmentId: meta.environmentId } : {}),
  };
}

/** Why a person's decision does not apply to a client in this state, and what to do instead. */
function decisionRefusal(meta: EntryMeta, kind: 'sentAgainByPerson' | 'boosterIdRecorded'): string {
  switch (meta.state) {
    case 'sending':
      return 'This client is being sent to Booster right now. Wait for its answer (a few seconds), then look again.';
    case 'sent':
      return `This client is already in Booster${meta.boosterCustomerId !== undefined ? ` (client id ${meta.boosterCustomerId})` : ''}; nothing was changed.`;
    case 'pending':
      return kind === 'sentAgainByPerson'
        ? 'This client is already waiting to be sent; nothing was changed.'
        : 'No attempt of this client may have reached Booster: it is sent the usual way, so there is no id to record.';
    case 'needsAttention':
      return kind === 'sentAgainByPerson'
        ? 'This client needs attention for another reason than a lost answer: correct it with Edit and resend, or discard it.'
        : 'No attempt of this client may have reached Booster, so there is no id to record: correct it with Edit and resend, or discard it.';
  }
}

/** Named errors pass as they are (a lost lock says so itself); any other store failure is the disk's. */
function asStorageFailure(consequence: string): (error: unknown) => never {
  return (error) => {
    throw error instanceof NamedError ? error : new StorageFailedError(error, consequence);
  };
}
