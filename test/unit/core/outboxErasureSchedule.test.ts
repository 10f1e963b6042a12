// The erasure schedule on a fake clock: a compaction within the delay of the first request, many requests
// coalesced into one, never later than 5 minutes, paused while one runs, and run on stop when pending.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ERASURE_DELAY_MS,
  ErasureSchedule,
  MAX_ERASURE_DELAY_MS,
  erasureDelayOf,
} from '../../../electron/main/core/outbox/erasureSchedule';
import { LockLostError } from '../../../electron/main/core/platform/dataDirLock';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';

/** A compaction the test finishes (or fails) by hand, so "while one runs" is observable. */
function manualCompaction() {
  const runs: { finish: () => void; fail: (error: Error) => void }[] = [];
  const compact = () => new Promise<void>((resolve, reject) => runs.push({ finish: resolve, fail: reject }));
  return { runs, compact };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function scheduleWith(delayMs: number) {
  const clock = new FakeClock();
  const compaction = manualCompaction();
  const schedule = new ErasureSchedule({
    clock,
    delayMs,
    compact: compaction.compact,
    logger: createSilentLogger(),
  });
  return { clock, schedule, runs: compaction.runs };
}

describe('erasureDelayOf', () => {
  it('defaults to 60 s and never exceeds 5 minutes', () => {
    expect(erasureDelayOf(undefined)).toBe(DEFAULT_ERASURE_DELAY_MS);
    expect(DEFAULT_ERASURE_DELAY_MS).toBe(60_000);
    expect(erasureDelayOf(24 * 3_600_000)).toBe(MAX_ERASURE_DELAY_MS);
    expect(MAX_ERASURE_DELAY_MS).toBe(300_000);
    expect(erasureDelayOf(-5)).toBe(0);
    expect(erasureDelayOf(Number.NaN)).toBe(DEFAULT_ERASURE_DELAY_MS);
    expect(erasureDelayOf(250)).toBe(250);
  });
});

describe('ErasureSchedule', () => {
  it('compacts once within the delay of the first request, however many operations asked', () => {
    const { clock, schedule, runs } = scheduleWith(60_000);
    schedule.request();
    clock.advance(30_000);
    for (let index = 0; index < 100; index += 1) schedule.request();
    clock.advance(29_999);
    expect(runs).toHaveLength(0);
    clock.advance(1);
    expect(runs).toHaveLength(1);
    clock.advance(10 * 60_000);
    expect(runs).toHaveLength(1);
  });

  it('a setting over 5 minutes still erases within 5 minutes', () => {
    const { clock, schedule, runs } = scheduleWith(60 * 60_000);
    schedule.request();
    clock.advance(MAX_ERASURE_DELAY_MS);
    expect(runs).toHaveLength(1);
  });

  it('pauses while a compaction runs, then erases what was asked meanwhile within its own delay', async () => {
    const { clock, schedule, runs } = scheduleWith(1_000);
    schedule.request();
    clock.advance(1_000);
    expect(runs).toHaveLength(1);
    // An operation during the compaction: its dead lines may land after the copy, so another one is due.
    schedule.request();
    clock.advance(5_000);
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await settle();
    clock.advance(0);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await settle();
    expect(schedule.pending).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a compaction that failed (full disk) is tried again', async () => {
    const { clock, schedule, runs } = scheduleWith(1_000);
    schedule.request();
    clock.advance(1_000);
    runs[0]!.fail(new Error('ENOSPC'));
    await settle();
    expect(schedule.pending).toBe(true);
    clock.advance(5_000);
    expect(runs).toHaveLength(2);
  });

  it('stops for good once the data folder lock is lost (nothing here may write any more)', async () => {
    const { clock, schedule, runs } = scheduleWith(1_000);
    schedule.request();
    clock.advance(1_000);
    runs[0]!.fail(new LockLostError());
    await settle();
    schedule.request();
    clock.advance(60 * 60_000);
    expect(runs).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('on stop runs a pending erasure at once, and arms nothing after', async () => {
    const { clock, schedule, runs } = scheduleWith(60_000);
    schedule.request();
    const stopped = schedule.stop();
    await settle();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await stopped;
    schedule.request();
    expect(clock.pendingTimers()).toBe(0);
    expect(schedule.pending).toBe(false);
  });

  it('on stop with nothing pending, compacts nothing', async () => {
    const { schedule, runs } = scheduleWith(60_000);
    await schedule.stop();
    expect(runs).toHaveLength(0);
  });
});
