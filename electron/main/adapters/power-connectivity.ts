// ConnectivityHints from the OS: resume from sleep (powerMonitor) and the network flag (net.isOnline, polled:
// Electron's main process has no online/offline event). Only hints — the sync engine asks Booster itself.
import type { ConnectivityHint, ConnectivityHints } from '../core/platform/connectivityHints';

export interface PowerMonitorLike {
  on(event: 'resume', listener: () => void): unknown;
  removeListener(event: 'resume', listener: () => void): unknown;
}

export interface IntervalTimer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface PowerConnectivityOptions {
  powerMonitor: PowerMonitorLike;
  isOnline(): boolean;
  timer?: IntervalTimer;
  pollIntervalMs?: number;
}

const nodeIntervalTimer: IntervalTimer = {
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Pure: the hint a change of the OS flag gives, if any. */
export function hintForOnlineChange(previous: boolean, current: boolean): ConnectivityHint | undefined {
  if (previous === current) return undefined;
  return current ? 'online' : 'offline';
}

/** Watches the OS only while someone listens. */
export function createPowerConnectivityHints(options: PowerConnectivityOptions): ConnectivityHints {
  const timer = options.timer ?? nodeIntervalTimer;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const listeners = new Set<(hint: ConnectivityHint) => void>();
  let stopWatching: (() => void) | undefined;

  const emit = (hint: ConnectivityHint) => {
    for (const listener of [...listeners]) listener(hint);
  };

  const startWatching = (): (() => void) => {
    let lastOnline = options.isOnline();
    const onResume = () => {
      lastOnline = options.isOnline();
      emit('resume');
    };
    const poll = () => {
      const online = options.isOnline();
      const hint = hintForOnlineChange(lastOnline, online);
      lastOnline = online;
      if (hint) emit(hint);
    };
    options.powerMonitor.on('resume', onResume);
    const handle = timer.setInterval(poll, pollIntervalMs);
    return () => {
      options.powerMonitor.removeListener('resume', onResume);
      timer.clearInterval(handle);
    };
  };

  return {
    onChange(listener) {
      listeners.add(listener);
      stopWatching ??= startWatching();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stopWatching) {
          stopWatching();
          stopWatching = undefined;
        }
      };
    },
  };
}
