// When the journal is rewritten so that personal data left in old snapshots is really gone from disk.
//
// Why a compaction and not per-record keys (crypto-shredding): the journal already knows how to rewrite
// itself safely (live lines copied by byte range, fsync, the lock re-proved, rename, fsync of the folder),
// and a crash at any point leaves either the old or the new journal whole. Per-record keys would have to live
// in a file of their own that must forget a key durably: the same rewrite problem moved to a second file,
// whose loss or damage would make every record unreadable. A sent entry must also shrink to a name, which a
// key cannot do. The cost is a rewrite of the live bytes (small: only unsent clients keep their record).
//
// Every operation that leaves a client's data behind asks for an erasure; the first request fixes when it
// runs (within the delay), later ones join it. Requests made while a compaction runs (their dead lines may
// be written after its copy) arm the next one.
import type { Clock, TimerHandle } from '../platform/clock';
import { LockLostError } from '../platform/dataDirLock';
import type { Logger } from '../platform/logger';

export const DEFAULT_ERASURE_DELAY_MS = 60_000;
/** The promise to a client: none of their personal data is readable from the data folder after this. */
export const MAX_ERASURE_DELAY_MS = 5 * 60_000;
/** A compaction that failed (a full disk) is tried again after this at least. */
const MIN_RETRY_MS = 5_000;

/** The delay actually used: a setting out of range (negative, over 5 minutes, not a number) is clamped. */
export function erasureDelayOf(setting: number | undefined): number {
  if (setting === undefined || Number.isNaN(setting)) return DEFAULT_ERASURE_DELAY_MS;
  return Math.min(MAX_ERASURE_DELAY_MS, Math.max(0, setting));
}

export interface ErasureScheduleOptions {
  clock: Clock;
  delayMs: number;
  /** Rewrites the storage with live entries only (OutboxStore.compact). */
  compact: () => Promise<void>;
  logger: Logger;
}

export class ErasureSchedule {
  /** Monotonic time by which the erasure asked for must have run; undefined when none is pending. */
  private dueAt: number | undefined;
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ErasureScheduleOptions) {}

  /** Some client's personal data was left in old snapshots: erase it within the delay. */
  request(): void {
    if (this.stopped) return;
    const due = this.options.clock.monotonic() + erasureDelayOf(this.options.delayMs);
    if (this.dueAt !== undefined && this.dueAt <= due) return;
    this.dueAt = due;
    if (!this.running) this.arm();
  }

  /** Whether an erasure is asked for and has not run yet. */
  get pending(): boolean {
    return this.dueAt !== undefined;
  }

  /** No more timers; a pending erasure runs now (the journal is closed right after, and a compaction only
   *  copies live bytes, so this is bounded by the size of the unsent backlog). A failure is logged: the next
   *  start asks again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.dueAt !== undefined) await this.run();
  }

  private arm(): void {
    this.options.clock.clearTimeout(this.timer);
    const wait = Math.max(0, (this.dueAt ?? 0) - this.options.clock.monotonic());
    this.timer = this.options.clock.setTimeout(() => void this.run(), wait);
  }

  private run(): Promise<void> {
    this.timer = undefined;
    this.dueAt = undefined;
    const started = this.options
      .compact()
      .catch((error: unknown) => {
        // Another process owns the folder now: nothing here may write, and the store already said so.
        if (error instanceof LockLostError) {
          this.stopped = true;
          return;
        }
        this.options.logger.error('outbox: erasure compaction failed; it is tried again', { error });
        const retryAt =
          this.options.clock.monotonic() + Math.max(MIN_RETRY_MS, erasureDelayOf(this.options.delayMs));
        this.dueAt = Math.min(this.dueAt ?? retryAt, retryAt);
      })
      .finally(() => {
        this.running = undefined;
        if (this.dueAt !== undefined && !this.stopped) this.arm();
      });
    this.running = started;
    return started;
  }
}
