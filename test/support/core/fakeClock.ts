// A clock the test drives: wall time and monotonic time move only when told, timers fire on advance().
import type { Clock, TimerHandle } from '../../../electron/main/core/platform/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private wall: number;
  private mono = 1_000;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(
    start = Date.UTC(2026, 10, 28, 10, 0, 0),
    private readonly zone = 'Europe/Paris',
  ) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  timeZone(): string {
    return this.zone;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.mono + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Sets the wall clock (as a person or NTP would); monotonic time is not affected. */
  setWallClock(ms: number): void {
    this.wall = ms;
  }

  /** Moves both clocks forward and fires the timers that fall due, in order. */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.wall += due.at - this.mono;
      this.mono = due.at;
      due.callback();
    }
    this.wall += target - this.mono;
    this.mono = target;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
