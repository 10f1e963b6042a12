// A clock whose timers run only when the test says so: no waiting, no real time.
import type { Clock } from '../../../renderer/src/lib/clock';

export class ManualClock implements Clock {
  #now: Date;
  #nextHandle = 1;
  readonly timers = new Map<number, { callback: () => void; ms: number }>();

  constructor(start = '2026-11-28T09:00:00.000Z') {
    this.#now = new Date(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#nextHandle++;
    this.timers.set(handle, { callback, ms });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Run every pending timer (as if their delays had passed). */
  runTimers(): void {
    const due = [...this.timers.entries()];
    this.timers.clear();
    for (const [, timer] of due) timer.callback();
  }
}
