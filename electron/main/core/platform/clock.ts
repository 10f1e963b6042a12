// Time behind an interface: tests drive a fake clock, production reads the system clocks.
import { performance } from 'node:perf_hooks';

export type TimerHandle = unknown;

export interface Clock {
  /** Device wall-clock time, epoch ms. Not trusted: staff laptops drift or are set wrong. */
  now(): number;
  /** A monotonic reading in ms, comparable only within one run of the process. */
  monotonic(): number;
  /** The device's IANA time zone, e.g. 'Europe/Paris'. */
  timeZone(): string;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export function createNodeClock(): Clock {
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      // Timers never keep a headless process alive on their own.
      handle.unref?.();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}
