// The sync engine: takes due records from the outbox, sends each to Booster at most once at a time, with
// bounded concurrency, and applies the retry policy. Booster's own answer decides reachability (probe before
// sending after any doubt); OS hints only make it look sooner. Auth failures pause the queue, never a record.
import { encodeCreateCustomer, type CreateCustomerRecord } from '../../../../shared/booster';
import type { SyncStatus } from '../../../../shared/ipc';
import type { BoosterAuth } from '../booster/boosterAuth';
import type { BoosterHttp, PostCustomerResult, ServerTime } from '../booster/boosterHttp';
import type { AttemptResult, Outbox, SendJob, SendPlan } from '../outbox/outbox';
import type { Attempt } from '../outbox/types';
import type { Clock, TimerHandle } from '../platform/clock';
import type { ConnectivityHint } from '../platform/connectivityHints';
import type { Logger } from '../platform/logger';
import { decideAfterOutcome, probeDelayMs, type RetrySettings } from './retryPolicy';
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
}

type Connectivity = SyncStatus['connectivity'];

export class SyncEngine {
  private stopped = true;
  private readonly inFlight = new Map<string, Promise<void>>();
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

  constructor(private readonly options: SyncEngineOptions) {}

  start(): void {
    this.stopped = false;
    this.abortController = new AbortController();
    this.kick();
  }

  /** Stops taking records; waits up to `boundMs` for answers in flight, then abandons them (they are
   *  recovered as possible duplicates at the next start, or written back by their abort). */
  async stop(boundMs = 3_000): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    const settled = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    await Promise.race([settled, bound]);
    clearTimeout(timer);
    this.abortController.abort();
    await Promise.allSettled([...this.inFlight.values()]);
    await this.ticking;
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
    this.kick();
  }

  onHint(hint: ConnectivityHint): void {
    // A hint is not the truth: it only makes the next look happen sooner.
    this.connectivity = 'unknown';
    this.nextProbeAt = 0;
    this.failedProbes = 0;
    if (hint !== 'offline') this.kick();
    this.notify();
  }

  status(): SyncStatus {
    const counts = this.options.outbox.stateCounts();
    const open = counts.pending + counts.sending;
    if (open === 0 && this.inFlight.size === 0) this.sentInDrain = 0;
    const activity: SyncStatus['activity'] = this.pausedReason
      ? 'paused'
      : this.inFlight.size > 0
        ? 'syncing'
        : counts.pending > 0
          ? 'waiting'
          : 'idle';
    const now = this.options.clock.now();
    const nextRetry = this.nextRetryAt(now);
    return {
      counts,
      connectivity: this.connectivity,
      activity,
      ...(this.pausedReason ? { pausedReason: this.pausedReason } : {}),
      ...(open > 0 ? { progress: { done: this.sentInDrain, total: this.sentInDrain + open } } : {}),
      ...(this.lastSuccessfulSyncAt !== undefined
        ? { lastSuccessfulSyncAt: new Date(this.lastSuccessfulSyncAt).toISOString() }
        : {}),
      ...(nextRetry !== undefined && activity === 'waiting'
        ? { nextRetryAt: new Date(nextRetry).toISOString() }
        : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Booster's clock minus ours, from the latest answer (for diagnostics and tests). */
  clockSkewMs(): number | undefined {
    return this.skewMs;
  }

  private nextRetryAt(now: number): number | undefined {
    const due = this.options.outbox.nextDueAt();
    if (due === undefined) return undefined;
    let at = Math.max(due, this.holdUntil);
    if (this.connectivity === 'offline') at = Math.max(at, this.nextProbeAt);
    return at > now ? at : undefined;
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
    const environment = auth.environment();
    if (!environment) return this.pause('notConfigured');
    if (environment.signInNeeded) return this.pause('signInNeeded');
    this.pausedReason = undefined;
    const force = this.forceNextPass;
    this.forceNextPass = false;
    if (outbox.stateCounts().pending === 0) return this.notify();

    if (this.connectivity !== 'online') {
      if (!force && clock.now() < this.nextProbeAt) return this.scheduleAt(this.nextProbeAt);
      const probe = await this.options.http.probe(environment.baseUrl, this.abortController.signal);
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
      this.connectivity = 'online';
      this.failedProbes = 0;
      if (this.lastError?.code === 'boosterUnreachable') this.lastError = undefined;
      this.observeServerTime(probe.serverTime);
    }

    const now = clock.now();
    if (!force && this.holdUntil > now) return this.scheduleAt(this.holdUntil);
    const free = this.options.concurrency - this.inFlight.size;
    if (free > 0) {
      for (const captureId of outbox.takeDue(force ? Number.POSITIVE_INFINITY : now, free)) {
        // At most one send per record, even if the due heap held it twice.
        if (!this.inFlight.has(captureId)) this.startSend(captureId);
      }
    }
    const next = outbox.nextDueAt();
    if (next !== undefined && this.inFlight.size < this.options.concurrency)
      this.scheduleAt(Math.max(next, this.holdUntil));
    this.notify();
  }

  private pause(reason: NonNullable<SyncStatus['pausedReason']>): void {
    this.pausedReason = reason;
    this.notify();
  }

  private startSend(captureId: string): void {
    const sending = this.send(captureId)
      .catch((error: unknown) => {
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
        this.kick();
      });
    this.inFlight.set(captureId, sending);
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
    let body: unknown;
    const job = await outbox.beginAttempt(captureId, (candidate) => {
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
    if (!job) return;
    this.notify();
    try {
      await this.sendBegun(job, environment.baseUrl, header, body);
    } catch (error) {
      // A failure of ours after the record was marked sending (the request may have left): it goes back to
      // pending, flagged, rather than waiting in `sending` for a restart. A no-op if its answer was written.
      this.options.logger.error('sync: sending failed unexpectedly; the record is retried, flagged', {
        captureId,
        error,
      });
      await outbox.finishAttempt(captureId, {
        kind: 'retry',
        nextAttemptAt: clock.now() + this.options.retry.baseMs,
        ambiguous: true,
        attempt: { startedAt: clock.now(), finishedAt: clock.now(), outcome: 'failed', ambiguous: true },
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
  ): Promise<void> {
    const { outbox, auth, http, clock } = this.options;
    const { captureId } = job;
    const post = (authorization: string) =>
      http.postCustomer(baseUrl, authorization, captureId, body, this.abortController.signal);
    let result: PostCustomerResult = await post(header.authorization);
    this.observeServerTime(result.serverTime);
    const startedAt = clock.now() - result.latencyMs;

    if (result.outcome.kind === 'unauthorized') {
      const renewed = await auth.onUnauthorized(header.generation);
      if (renewed === 'retry') {
        const again = await auth.authHeader();
        if (again.ok) {
          result = await post(again.authorization);
          this.observeServerTime(result.serverTime);
        }
      }
      if (result.outcome.kind === 'unauthorized') {
        // Never a reason to fail or drop a record: back to pending, unchanged.
        await outbox.finishAttempt(captureId, {
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
        };
        break;
      case 'unauthorized':
        // Unreachable: handled above. Kept for exhaustiveness.
        applied = { kind: 'requeue', nextAttemptAt: now, attempt };
        break;
    }
    await outbox.finishAttempt(captureId, applied);
    if (decision.kind === 'sent') {
      this.lastSuccessfulSyncAt = now;
      this.sentInDrain += 1;
      if (this.lastError?.code !== 'signInNeeded') this.lastError = undefined;
    } else if (decision.kind === 'retry') {
      this.lastError = decision.error;
      if (decision.holdQueueMs !== undefined)
        this.holdUntil = Math.max(this.holdUntil, now + decision.holdQueueMs);
      if (decision.suspectOffline) this.markUnsure();
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
      ? { ambiguous: result.outcome.ambiguous, detail: result.outcome.reason }
      : {}),
  };
}
