// The sync engine: takes due records from the outbox, sends each to Booster at most once at a time, with
// bounded concurrency, and applies the retry policy. Booster's own answer decides reachability (probe before
// sending after any doubt); OS hints only make it look sooner. Auth failures pause the queue, never a record.
// A failing Booster opens the circuit (circuit.ts): every send waits, then one probes. A disk that cannot be
// written pauses sending (storagePause.ts) until a write succeeds again.
import { encodeCreateCustomer, type CreateCustomerRecord } from '../../../../shared/booster';
import type { OutboxState, SyncStatus } from '../../../../shared/ipc';
import type { BoosterAuth } from '../booster/boosterAuth';
import type { EnvironmentConfig } from '../booster/environmentStore';
import type { BoosterHttp, PostCustomerResult, ServerTime } from '../booster/boosterHttp';
import { NamedError, StorageFailedError } from '../errors';
import type { AttemptResult, Outbox, SendJob, SendPlan } from '../outbox/outbox';
import {
  ambiguousBudgetSpent,
  ambiguousLimitFor,
  mayAlreadyExistMessage,
  type AmbiguousLimit,
} from '../outbox/transitions';
import type { Attempt } from '../outbox/types';
import type { Clock, TimerHandle } from '../platform/clock';
import type { ConnectivityHint } from '../platform/connectivityHints';
import type { Logger } from '../platform/logger';
import {
  circuitAfter,
  circuitAt,
  circuitForcedProbe,
  circuitSettingsFor,
  closedCircuit,
  describeOpenCircuit,
  hostVerdictOf,
  sendAllowance,
  type CircuitSettings,
  type CircuitState,
} from './circuit';
import { decideAfterOutcome, probeDelayMs, type RetrySettings } from './retryPolicy';
import {
  storagePauseAfterFailure,
  storagePauseError,
  LOCK_LOST,
  storageRetryDelayMs,
  type StoragePause,
} from './storagePause';
import { DEFAULT_SKEW_THRESHOLD_MS, measureSkew, planRegistrationDate } from './trustedTime';

export interface SyncEngineOptions {
  outbox: Outbox;
  auth: BoosterAuth;
  http: BoosterHttp;
  clock: Clock;
  logger: Logger;
  concurrency: number;
  retry: RetrySettings;
  random: () => number;
  monotonicEpoch: string;
  skewThresholdMs?: number;
  /** The circuit for Booster as a whole (default: scaled from `retry`). */
  circuit?: CircuitSettings;
  /** Lost answers allowed per client before a person decides, and whether Booster honours the
   *  Idempotency-Key (then unbounded). Given here (e.g. by a CLI flag), they win over the environment's. */
  duplicates?: DuplicateSettings;
  /** Whether a client queued for this environment id (undefined: queued before ids) goes to the Booster
   *  configured now (default: every client does). Others wait, untouched, for their own environment. */
  belongsHere?: (environmentId: string | undefined) => boolean;
}

export interface DuplicateSettings {
  ambiguousAttemptLimit?: number;
  idempotencyKey?: boolean;
}

/** After the bound of stop(), in-flight sends are aborted; their write-back gets this much longer. */
const STOP_WRITE_BACK_GRACE_MS = 250;

type Connectivity = SyncStatus['connectivity'];

export class SyncEngine {
  private stopped = true;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The sends of `inFlight` whose request has no answer yet: what the concurrency bounds (a send whose answer
   *  is being written no longer holds a place). */
  private readonly awaitingAnswer = new Set<string>();
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private timer: TimerHandle | undefined;
  private connectivity: Connectivity = 'unknown';
  private failedProbes = 0;
  private nextProbeAt = 0;
  private holdUntil = 0;
  private forceNextPass = false;
  private pausedReason: SyncStatus['pausedReason'];
  private lastSuccessfulSyncAt: number | undefined;
  private lastError: { code: string; message: string } | undefined;
  private skewMs: number | undefined;
  private sentInDrain = 0;
  private abortController = new AbortController();
  private readonly statusListeners = new Set<() => void>();
  private circuit: CircuitState = closedCircuit;
  private readonly circuitSettings: CircuitSettings;
  /** Set while the outbox cannot write; cleared by the first write that succeeds. */
  private storage: StoragePause | undefined;
  /** Answers Booster gave that the disk did not take yet: written first when it works again. */
  private readonly unwritten = new Map<string, AttemptResult>();
  /** After stop() returned: answers arriving late are not written (the record is recovered at start). */
  private closed = false;
  private unsubscribeOutbox: (() => void) | undefined;
  /** Taken off the due heap but for another environment: put back when the environment changes. */
  private readonly otherEnvironment = new Set<string>();

  constructor(private readonly options: SyncEngineOptions) {
    this.circuitSettings = options.circuit ?? circuitSettingsFor(options.retry);
  }

  start(): void {
    this.stopped = false;
    this.closed = false;
    this.abortController = new AbortController();
    // Any durable write (ours or an enqueue) proves the disk works again.
    this.unsubscribeOutbox ??= this.options.outbox.onChange(() => {
      if (this.storage) this.storageRecovered();
    });
    this.kick();
  }

  /** Stops taking records; waits up to `boundMs` for answers in flight, then aborts them and returns
   *  shortly after, whatever they do (an abandoned record is recovered as a possible duplicate at start). */
  async stop(boundMs = 3_000): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.unsubscribeOutbox?.();
    this.unsubscribeOutbox = undefined;
    const running = () => Promise.allSettled([...this.inFlight.values(), this.ticking]);
    await settleWithin(running(), boundMs);
    this.abortController.abort();
    await settleWithin(running(), Math.min(boundMs, STOP_WRITE_BACK_GRACE_MS));
    this.closed = true;
  }

  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Something worth a look: a new record, new settings. */
  wake(): void {
    this.kick();
  }

  /** "Sync now": probe at once and send what is queued, skipping backoff waits for this pass. */
  syncNow(): void {
    this.nextProbeAt = 0;
    this.failedProbes = 0;
    if (this.connectivity !== 'online') this.connectivity = 'unknown';
    this.forceNextPass = true;
    // A person asked: end the waits now, still with a single request first.
    this.circuit = circuitForcedProbe(this.circuit);
    if (this.storage) this.storage = { ...this.storage, retryAt: this.options.clock.now() };
    this.kick();
  }

  /** Environment changed (configure / sign-out): forget what we knew about the old one. */
  environmentChanged(): void {
    this.connectivity = 'unknown';
    this.failedProbes = 0;
    this.nextProbeAt = 0;
    this.holdUntil = 0;
    this.skewMs = undefined;
    this.pausedReason = undefined;
    this.circuit = closedCircuit;
    // Clients set aside for another environment are looked at again (they may be for this one now).
    for (const captureId of this.otherEnvironment) this.options.outbox.release(captureId);
    this.otherEnvironment.clear();
    this.kick();
  }

  /** Waiting clients for an environment other than the configured one (O(environments)). */
  private waitingElsewhere(): number {
    const belongsHere = this.options.belongsHere;
    if (!belongsHere) return 0;
    let count = 0;
    for (const [environmentId, pending] of this.options.outbox.pendingByEnvironment())
      if (!belongsHere(environmentId === '' ? undefined : environmentId)) count += pending;
    return count;
  }

  onHint(hint: ConnectivityHint): void {
    // A hint is not the truth: it only makes the next look happen sooner.
    this.connectivity = 'unknown';
    this.nextProbeAt = 0;
    this.failedProbes = 0;
    if (hint !== 'offline') this.kick();
    this.notify();
  }

  /** A pure read: asking for the status changes nothing. */
  /** server − device from Booster's latest answer (undefined until one is seen): consent evidence is placed
   *  in time with the same correction as registration time. */
  clockSkewMs(): number | undefined {
    return this.skewMs;
  }

  status(): SyncStatus {
    const counts = this.options.outbox.stateCounts();
    const elsewhere = this.waitingElsewhere();
    const open = counts.pending - elsewhere + counts.sending;
    const pausedReason: SyncStatus['pausedReason'] = this.storage ? 'storageFailed' : this.pausedReason;
    const activity: SyncStatus['activity'] = pausedReason
      ? 'paused'
      : this.inFlight.size > 0
        ? 'syncing'
        : counts.pending - elsewhere > 0
          ? 'waiting'
          : 'idle';
    const now = this.options.clock.now();
    const nextRetry = this.storage ? this.storage.retryAt : this.nextRetryAt(now);
    const lastError = this.storage
      ? storagePauseError(this.storage.code)
      : (this.circuitError() ?? this.lastError);
    const drainDone = open === 0 && this.inFlight.size === 0 ? 0 : this.sentInDrain;
    return {
      counts,
      connectivity: this.connectivity,
      activity,
      ...(pausedReason ? { pausedReason } : {}),
      ...(open > 0 ? { progress: { done: drainDone, total: drainDone + open } } : {}),
      ...(this.lastSuccessfulSyncAt !== undefined
        ? { lastSuccessfulSyncAt: new Date(this.lastSuccessfulSyncAt).toISOString() }
        : {}),
      ...(nextRetry !== undefined &&
      nextRetry > now &&
      (activity === 'waiting' || pausedReason === 'storageFailed')
        ? { nextRetryAt: new Date(nextRetry).toISOString() }
        : {}),
      ...(lastError ? { lastError } : {}),
      ...(elsewhere > 0 ? { waitingForOtherEnvironment: elsewhere } : {}),
    };
  }

  private nextRetryAt(now: number): number | undefined {
    const due = this.options.outbox.nextDueAt();
    if (due === undefined) return undefined;
    let at = Math.max(due, this.holdUntil);
    if (this.connectivity === 'offline') at = Math.max(at, this.nextProbeAt);
    if (this.circuit.kind === 'open') at = Math.max(at, this.circuit.until);
    return at > now ? at : undefined;
  }

  /** While the circuit is not closed, people read why nothing is sent and when it is tried again. */
  private circuitError(): { code: string; message: string } | undefined {
    const { circuit } = this;
    if (circuit.kind === 'closed') return undefined;
    const message =
      circuit.kind === 'open'
        ? describeOpenCircuit(circuit.cause, circuit.until, this.options.clock.timeZone())
        : `Booster is failing (${circuit.cause}); one client is being sent to check whether it works again. Clients stay queued.`;
    return { code: 'boosterFailing', message };
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => this.options.logger.error('sync: tick failed', { error }))
      .finally(() => {
        this.ticking = undefined;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.kick();
        }
      });
  }

  private async tick(): Promise<void> {
    this.clearTimer();
    const { outbox, auth, clock } = this.options;
    if (this.storage) {
      if (clock.now() < this.storage.retryAt) return this.scheduleAt(this.storage.retryAt);
      // Whatever is written next is the check.
      this.storage = { ...this.storage, checking: true };
    }
    // Answers the disk did not take come first; the first that is written ends a storage pause.
    if (this.unwritten.size > 0 && !(await this.writeUnwritten())) return;
    if (this.stopped) return;
    const environment = auth.environment();
    if (!environment) return this.pause('notConfigured');
    if (environment.signInNeeded) return this.pause('signInNeeded');
    this.pausedReason = undefined;
    const force = this.forceNextPass;
    this.forceNextPass = false;
    if (outbox.stateCounts().pending - this.waitingElsewhere() <= 0) return this.notify();

    this.circuit = circuitAt(this.circuit, clock.now());
    const allowance = sendAllowance(this.circuit);
    if (allowance.kind === 'wait') {
      // Open: nothing goes to Booster, not even a probe. Half-open: the one probe is still out.
      return allowance.until !== undefined ? this.scheduleAt(allowance.until) : this.notify();
    }

    if (this.connectivity !== 'online') {
      if (!force && clock.now() < this.nextProbeAt) return this.scheduleAt(this.nextProbeAt);
      // Read-only and credentialed (GET /auth): no failed-auth line in Booster's logs for every look.
      const probe = await this.options.http.probe(
        environment.baseUrl,
        this.abortController.signal,
        await auth.probeAuthorization(),
      );
      if (this.stopped) return;
      if (!probe.reachable) {
        this.connectivity = 'offline';
        this.failedProbes += 1;
        this.nextProbeAt =
          clock.now() +
          Math.max(probeDelayMs(this.failedProbes, this.options.random), probe.retryAfterMs ?? 0);
        this.lastError = {
          code: 'boosterUnreachable',
          message: `Booster cannot be reached (${probe.detail}). Clients stay queued and are sent when it is back.`,
        };
        this.options.logger.info('sync: Booster unreachable', {
          detail: probe.detail,
          retryInMs: this.nextProbeAt - clock.now(),
        });
        return this.scheduleAt(this.nextProbeAt);
      }
      this.observeServerTime(probe.serverTime);
      // Booster is there but refuses the credential: no client's data goes out with it.
      if (probe.credentials === 'refused' && !(await this.renewRefusedCredential(environment))) return;
      this.connectivity = 'online';
      this.failedProbes = 0;
      if (this.lastError?.code === 'boosterUnreachable') this.lastError = undefined;
    }

    const now = clock.now();
    if (!force && this.holdUntil > now) return this.scheduleAt(this.holdUntil);
    // A disk check or a circuit probe is a single send; after a failure, one at a time.
    const capacity = Math.min(
      this.options.concurrency,
      allowance.limit,
      this.storage ? 1 : Number.POSITIVE_INFINITY,
    );
    const free = capacity - this.awaitingAnswer.size;
    if (free > 0) {
      const due = outbox.takeDue(force ? Number.POSITIVE_INFINITY : now, free);
      if (this.storage) {
        // The check's own write ends the pause; until then the next check waits its turn.
        this.storage = { ...this.storage, retryAt: now + storageRetryDelayMs(this.storage.failedChecks) };
      }
      for (const captureId of due) {
        // For another environment: set aside (off the heap, so it cannot spin) until the environment changes.
        if (this.options.belongsHere && !this.options.belongsHere(outbox.environmentOf(captureId))) {
          this.otherEnvironment.add(captureId);
          continue;
        }
        this.otherEnvironment.delete(captureId);
        // At most one send per record, even if the due heap held it twice.
        if (!this.inFlight.has(captureId)) this.startSend(captureId, allowance.probe);
      }
    }
    const next = outbox.nextDueAt();
    if (this.storage) this.scheduleAt(this.storage.retryAt);
    else if (next !== undefined && this.awaitingAnswer.size < capacity)
      this.scheduleAt(Math.max(next, this.holdUntil));
    this.notify();
  }

  /** After the probe's credential was refused: renew it once (credentials: refresh or sign in again), else
   *  pause until a person signs in. True when sending may go on with a renewed credential. */
  private async renewRefusedCredential(probed: EnvironmentConfig): Promise<boolean> {
    const { auth } = this.options;
    const header = await auth.authHeader();
    // Reconfigured meanwhile: the refusal was of the old environment; look again.
    if (this.stopped || auth.environment() !== probed) return this.retickLater();
    const renewed = header.ok ? await auth.onUnauthorized(header.generation) : header.reason;
    if (this.stopped) return false;
    if (renewed === 'retry') return true;
    if (renewed === 'unreachable') {
      this.markOffline('Booster did not answer the sign-in.');
      this.scheduleAt(this.nextProbeAt);
      return false;
    }
    if (renewed === 'notConfigured') {
      this.pause('notConfigured');
      return false;
    }
    await auth.markSignInNeeded();
    this.connectivity = 'online';
    this.lastError = {
      code: 'signInNeeded',
      message: 'Booster refused the sign-in or API key: sign in again. Clients stay queued.',
    };
    this.pause('signInNeeded');
    return false;
  }

  private retickLater(): false {
    this.kick();
    return false;
  }

  /** Writes the answers the disk refused earlier. False when the disk still refuses. */
  private async writeUnwritten(): Promise<boolean> {
    for (const [captureId, result] of [...this.unwritten]) {
      try {
        await this.options.outbox.finishAttempt(captureId, result);
        this.unwritten.delete(captureId);
      } catch (error) {
        if (isStorageFailure(error)) {
          this.onStorageFailure(error);
          return false;
        }
        // Not the disk: the record stays `sending` and is recovered, flagged, at the next start.
        this.unwritten.delete(captureId);
        this.options.logger.error('sync: an answer could not be written', { captureId, error });
      }
    }
    return true;
  }

  /** Logged once when the pause begins, not per failed write. */
  private onStorageFailure(error: StorageFailedError | NamedError): void {
    const first = this.storage === undefined;
    const now = this.options.clock.now();
    this.storage = storagePauseAfterFailure(this.storage, storagePauseCode(error), now);
    if (first)
      this.options.logger.warn('sync: the outbox cannot write to disk; sending is paused', {
        code: storagePauseCode(error),
        retryInMs: this.storage.retryAt - now,
      });
    this.kick();
  }

  private storageRecovered(): void {
    this.storage = undefined;
    this.options.logger.info('sync: the outbox writes to disk again; sending resumes');
    this.kick();
  }

  private pause(reason: NonNullable<SyncStatus['pausedReason']>): void {
    this.pausedReason = reason;
    this.notify();
  }

  private startSend(captureId: string, circuitProbe = false): void {
    if (circuitProbe && this.circuit.kind === 'halfOpen')
      this.circuit = { ...this.circuit, probeInFlight: true };
    this.awaitingAnswer.add(captureId);
    const sending = this.send(captureId)
      .catch((error: unknown) => {
        if (isStorageFailure(error)) {
          // Not marked sending: the record is still pending, due again once the disk works.
          this.options.outbox.release(captureId);
          return this.onStorageFailure(error);
        }
        this.options.logger.error('sync: send failed unexpectedly; the record stays queued', {
          captureId,
          error,
        });
        // Later, not at once: a failure of ours that repeats must not spin.
        const { clock, outbox, retry } = this.options;
        outbox.release(captureId, clock.now() + retry.baseMs);
      })
      .finally(() => {
        this.inFlight.delete(captureId);
        this.awaitingAnswer.delete(captureId);
        // A probe that never reached Booster (paused, nothing to send) gave no verdict: allow another.
        if (circuitProbe && this.circuit.kind === 'halfOpen' && this.circuit.probeInFlight)
          this.circuit = { ...this.circuit, probeInFlight: false };
        const waiting = this.options.outbox.stateCounts().pending - this.waitingElsewhere();
        if (waiting + this.inFlight.size <= 0) this.sentInDrain = 0;
        this.kick();
      });
    this.inFlight.set(captureId, sending);
  }

  /** Frees the send's place among the requests in flight and looks for the next record at once. */
  private answered(captureId: string): void {
    if (this.awaitingAnswer.delete(captureId)) this.kick();
  }

  private async send(captureId: string): Promise<void> {
    const { outbox, auth, clock } = this.options;
    const environment = auth.environment();
    const header = await auth.authHeader();
    if (!environment || !header.ok) {
      outbox.release(captureId);
      if (!header.ok) {
        if (header.reason === 'unreachable') this.markOffline('Booster did not answer the sign-in.');
        else this.pause(header.reason);
      }
      return;
    }
    if (this.stopped) return outbox.release(captureId);
    const limit = this.ambiguousLimit(environment);
    let body: unknown;
    const job = await outbox.beginAttempt(captureId, (candidate) => {
      // Checked again under the entry's lock, just before `sending` is written: a person may have switched
      // Booster (or sent this client to the new one) while the credential was being fetched.
      const belongs = this.options.belongsHere?.(candidate.environmentId) ?? true;
      if (auth.environment() !== environment || !belongs) return { kind: 'notNow' };
      // Answers lost as often as allowed (an interruption counts too): not sent again without a person.
      if (ambiguousBudgetSpent(candidate.ambiguousAttempts, limit))
        return {
          kind: 'attention',
          reason: 'mayAlreadyExist',
          message: mayAlreadyExistMessage(candidate.ambiguousAttempts),
        };
      const plan = this.planSend(candidate);
      if (plan.kind !== 'send') return plan;
      // Encoded before the record is marked sending: a record that cannot be encoded is never sent.
      try {
        body = encodeCreateCustomer(plan.record as CreateCustomerRecord);
      } catch (error) {
        this.options.logger.error('sync: a queued record could not be encoded', { captureId, error });
        return {
          kind: 'attention',
          reason: 'failed',
          message:
            'This client could not be prepared for Booster. Open it, check its fields and send it again.',
        };
      }
      return plan;
    });
    if (!job) {
      // Not begun (a switch meanwhile, or no longer pending): back on the heap if it waits, looked at again.
      outbox.release(captureId);
      return;
    }
    this.notify();
    try {
      await this.sendBegun(job, environment.baseUrl, header, body, limit);
    } catch (error) {
      // A failure of ours after the record was marked sending (the request may have left): it goes back to
      // pending, flagged, rather than waiting in `sending` for a restart. A no-op if its answer was written.
      this.options.logger.error('sync: sending failed unexpectedly; the record is retried, flagged', {
        captureId,
        error,
      });
      await this.finish(captureId, {
        kind: 'retry',
        nextAttemptAt: clock.now() + this.options.retry.baseMs,
        ambiguous: true,
        ambiguousLimit: limit,
        attempt: {
          startedAt: clock.now(),
          finishedAt: clock.now(),
          outcome: 'failed',
          ambiguous: true,
          ambiguity: 'internal',
        },
        lastError: {
          code: 'internal',
          message: 'Sending was interrupted by an error; it will be tried again.',
        },
      });
    }
  }

  private async sendBegun(
    job: SendJob,
    baseUrl: string,
    header: { authorization: string; generation: number },
    body: unknown,
    ambiguousLimit: AmbiguousLimit,
  ): Promise<void> {
    const { auth, http, clock } = this.options;
    const { captureId } = job;
    const post = (authorization: string) =>
      http.postCustomer(baseUrl, authorization, captureId, body, this.abortController.signal);
    let result: PostCustomerResult = await post(header.authorization);
    if (this.closed) return;
    this.observeServerTime(result.serverTime);
    const startedAt = clock.now() - result.latencyMs;

    if (result.outcome.kind === 'unauthorized') {
      const renewed = await auth.onUnauthorized(header.generation);
      if (renewed === 'retry') {
        const again = await auth.authHeader();
        if (again.ok) {
          result = await post(again.authorization);
          if (this.closed) return;
          this.observeServerTime(result.serverTime);
        }
      }
      if (result.outcome.kind === 'unauthorized') {
        // Never a reason to fail or drop a record: back to pending, unchanged.
        this.observeHost(result);
        await this.finish(captureId, {
          kind: 'requeue',
          nextAttemptAt: clock.now(),
          attempt: attemptOf(startedAt, clock.now(), result, 'unauthorized'),
        });
        if (renewed === 'unreachable') this.markOffline('Booster did not answer the sign-in.');
        else {
          await auth.markSignInNeeded();
          this.lastError = { code: 'signInNeeded', message: result.outcome.message };
          this.pause('signInNeeded');
        }
        return;
      }
    }

    this.observeHost(result);
    const decision = decideAfterOutcome(result.outcome, {
      failedAttempts: job.attemptCount,
      random: this.options.random,
      settings: this.options.retry,
    });
    const now = clock.now();
    const attempt = attemptOf(startedAt, now, result, result.outcome.kind);
    let applied: AttemptResult;
    switch (decision.kind) {
      case 'sent':
        applied = { kind: 'sent', boosterCustomerId: decision.boosterCustomerId, attempt };
        break;
      case 'retry':
        applied = {
          kind: 'retry',
          nextAttemptAt: now + decision.delayMs,
          ambiguous: decision.ambiguous,
          ambiguousLimit,
          attempt,
          lastError: decision.error,
        };
        break;
      case 'attention':
        applied = {
          kind: 'attention',
          reason: decision.reason,
          message: decision.message,
          fieldErrors: decision.fieldErrors,
          attempt,
          ...(decision.possibleDuplicate ? { possibleDuplicate: true } : {}),
        };
        break;
      case 'unauthorized':
        // Unreachable: handled above. Kept for exhaustiveness.
        applied = { kind: 'requeue', nextAttemptAt: now, attempt };
        break;
    }
    // What this answer says of the whole queue holds before another record may take its request's place.
    if (decision.kind === 'retry') {
      if (decision.holdQueueMs !== undefined)
        this.holdUntil = Math.max(this.holdUntil, now + decision.holdQueueMs);
      if (decision.suspectOffline) this.markUnsure();
    }
    // The request is over: the next record starts now, its `sending` line sharing a flush with this answer's.
    this.answered(captureId);
    const written = await this.finish(captureId, applied);
    if (decision.kind === 'sent' && written === 'needsAttention') {
      this.options.logger.warn('sync: Booster answered with the id of another client; held for a person', {
        captureId,
        boosterCustomerId: decision.boosterCustomerId,
      });
    }
    if (decision.kind === 'sent') {
      this.lastSuccessfulSyncAt = now;
      this.sentInDrain += 1;
      if (this.lastError?.code !== 'signInNeeded') this.lastError = undefined;
    } else if (decision.kind === 'retry') {
      this.lastError = decision.error;
      if (written === 'needsAttention')
        this.options.logger.warn('sync: answers lost as often as allowed; held for a person', {
          captureId,
          code: decision.error.code,
        });
      else
        this.options.logger.info('sync: attempt failed, will retry', {
          captureId,
          code: decision.error.code,
          ambiguous: decision.ambiguous,
          retryInMs: decision.delayMs,
        });
    } else if (decision.kind === 'attention') {
      this.options.logger.info('sync: record needs attention', { captureId, reason: decision.reason });
    }
  }

  /** Writes an attempt's outcome; if the disk refuses, keeps it for later and pauses (never lost, never
   *  spinning). Answers the state written, or undefined when nothing was written now. */
  private async finish(captureId: string, result: AttemptResult): Promise<OutboxState | undefined> {
    try {
      return await this.options.outbox.finishAttempt(captureId, result);
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      this.unwritten.set(captureId, result);
      this.onStorageFailure(error);
      return undefined;
    }
  }

  /** Feeds the circuit with what this answer says about Booster as a whole; logs when the circuit moves. */
  private observeHost(result: PostCustomerResult): void {
    const before = this.circuit;
    const now = this.options.clock.now();
    this.circuit = circuitAfter(before, hostVerdictOf(result.outcome), {
      now,
      random: this.options.random,
      settings: this.circuitSettings,
    });
    const after = this.circuit;
    if (after.kind === 'open' && before.kind !== 'open') {
      this.options.logger.warn('sync: Booster is failing; every send waits', {
        cause: after.cause,
        retryInMs: after.until - now,
        trips: after.trips,
      });
    } else if (after.kind === 'closed' && before.kind !== 'closed') {
      this.options.logger.info('sync: Booster answers again; sending resumes');
    }
  }

  /** This run's setting wins over the environment's declaration; the default otherwise. */
  private ambiguousLimit(environment: EnvironmentConfig): AmbiguousLimit {
    const given = this.options.duplicates ?? {};
    return ambiguousLimitFor({
      ambiguousAttemptLimit: given.ambiguousAttemptLimit ?? environment.ambiguousAttemptLimit,
      idempotencyKey: given.idempotencyKey ?? environment.idempotencyKey,
    });
  }

  /** Trusted time: fix or stop a record whose registration date came from a wrong clock. */
  private planSend(job: SendJob): SendPlan {
    const registration = job.record.registrationDate;
    const registrationMs = typeof registration === 'string' ? Date.parse(registration) : Number.NaN;
    if (!Number.isFinite(registrationMs)) return { kind: 'send', record: job.record, capture: job.capture };
    const plan = planRegistrationDate(
      registrationMs,
      job.capture,
      {
        deviceNowMs: this.options.clock.now(),
        monotonicNowMs: this.options.clock.monotonic(),
        monotonicEpoch: this.options.monotonicEpoch,
        skewMs: this.skewMs,
      },
      this.options.skewThresholdMs ?? DEFAULT_SKEW_THRESHOLD_MS,
    );
    switch (plan.kind) {
      case 'keep':
        return { kind: 'send', record: job.record, capture: job.capture };
      case 'correct':
        this.options.logger.info('sync: registration date corrected for the device clock', {
          captureId: job.captureId,
          byMs: plan.byMs,
        });
        return {
          kind: 'send',
          record: { ...job.record, registrationDate: new Date(plan.registrationDateMs).toISOString() },
          capture: { ...job.capture, registrationDateConfirmed: true },
        };
      case 'untrusted':
        return {
          kind: 'attention',
          reason: 'clockUntrusted',
          message: plan.message,
          fieldErrors: [{ path: 'registrationDate', code: 'clockUntrusted', message: plan.message }],
        };
    }
  }

  private observeServerTime(serverTime: ServerTime | undefined): void {
    if (serverTime) this.skewMs = measureSkew(serverTime.serverDateMs, serverTime.deviceTimeMs);
  }

  /** Booster answered the probe but not the sign-in: wait like an unreachable Booster, never spin. */
  private markOffline(detail: string): void {
    this.connectivity = 'offline';
    this.failedProbes += 1;
    this.nextProbeAt = this.options.clock.now() + probeDelayMs(this.failedProbes, this.options.random);
    this.lastError = {
      code: 'boosterUnreachable',
      message: `${detail} Clients stay queued and are sent when it answers.`,
    };
  }

  /** A failure that smells of the network: check Booster is there before the next send. */
  private markUnsure(): void {
    if (this.connectivity === 'online') this.connectivity = 'unknown';
  }

  private scheduleAt(at: number): void {
    this.clearTimer();
    if (this.stopped) return;
    const delay = Math.max(0, at - this.options.clock.now());
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
    this.notify();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private notify(): void {
    for (const listener of this.statusListeners) listener();
  }
}

/** Waits for `promise`, at most `ms` (real time: stop() must return even when the fake clock stands still). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

function attemptOf(
  startedAt: number,
  finishedAt: number,
  result: PostCustomerResult,
  outcome: string,
): Attempt {
  const status = 'status' in result.outcome ? result.outcome.status : undefined;
  return {
    startedAt,
    finishedAt,
    latencyMs: result.latencyMs,
    outcome,
    ...(status !== undefined ? { status } : {}),
    ...(result.outcome.kind === 'retryable'
      ? {
          ambiguous: result.outcome.ambiguous,
          detail: result.outcome.reason,
          ...(result.outcome.ambiguous ? { ambiguity: ambiguityOf(result.outcome) } : {}),
        }
      : {}),
  };
}

/** How an answer was lost, in our own terms, for the attempt history. */
function ambiguityOf(outcome: Extract<PostCustomerResult['outcome'], { kind: 'retryable' }>): string {
  if (outcome.reason === 'timeout') return 'timeout';
  if (outcome.reason === 'http') return 'serverError';
  // A network outcome with a status had an answer, but not Booster's (too large, not JSON).
  return outcome.status !== undefined ? 'notBooster' : 'connectionLost';
}

/** A write the outbox could not make: the disk's failure, or the data folder's lock lost to another process
 *  (the store then refuses every write). Both pause sending; neither may spin. */
function isStorageFailure(error: unknown): error is StorageFailedError | NamedError {
  return error instanceof StorageFailedError || (error instanceof NamedError && error.code === 'locked');
}

function storagePauseCode(error: StorageFailedError | NamedError): string | undefined {
  return error instanceof StorageFailedError ? error.storageCode : LOCK_LOST;
}
