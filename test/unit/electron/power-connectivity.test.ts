import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectivityHint } from '../../../electron/main/core/platform/connectivityHints';
import {
  createPowerConnectivityHints,
  hintForOnlineChange,
  type IntervalTimer,
} from '../../../electron/main/adapters/power-connectivity';
import { net, powerMonitor, resetElectronStub } from '../../support/electron-stub';

/** A timer the test ticks by hand: no waiting on the wall clock. */
function manualTimer() {
  const active = new Map<number, () => void>();
  let nextId = 1;
  const timer: IntervalTimer & { tick(): void; active: Map<number, () => void> } = {
    active,
    setInterval: (callback) => {
      const id = nextId++;
      active.set(id, callback);
      return id;
    },
    clearInterval: (handle) => void active.delete(handle as number),
    tick: () => [...active.values()].forEach((callback) => callback()),
  };
  return timer;
}

beforeEach(() => resetElectronStub());

describe('createPowerConnectivityHints', () => {
  it('reports resume from sleep and changes of the online flag, once per change', () => {
    const timer = manualTimer();
    const hints = createPowerConnectivityHints({ powerMonitor, isOnline: () => net.isOnline(), timer });
    const seen: ConnectivityHint[] = [];
    hints.onChange((hint) => seen.push(hint));

    timer.tick();
    net.online = false;
    timer.tick();
    timer.tick();
    net.online = true;
    timer.tick();
    powerMonitor.emit('resume');
    expect(seen).toEqual(['offline', 'online', 'resume']);
  });

  it('watches only while someone listens', () => {
    const timer = manualTimer();
    const hints = createPowerConnectivityHints({ powerMonitor, isOnline: () => net.isOnline(), timer });
    expect(timer.active.size).toBe(0);
    const stopFirst = hints.onChange(() => undefined);
    const stopSecond = hints.onChange(() => undefined);
    expect(timer.active.size).toBe(1);
    expect(powerMonitor.listenerCount('resume')).toBe(1);
    stopFirst();
    expect(timer.active.size).toBe(1);
    stopSecond();
    expect(timer.active.size).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
  });

  it('no longer calls a listener after it unsubscribed', () => {
    const timer = manualTimer();
    const hints = createPowerConnectivityHints({ powerMonitor, isOnline: () => net.isOnline(), timer });
    const seen: ConnectivityHint[] = [];
    const stop = hints.onChange((hint) => seen.push(hint));
    hints.onChange(() => undefined);
    stop();
    powerMonitor.emit('resume');
    expect(seen).toEqual([]);
  });
});

describe('hintForOnlineChange', () => {
  it('gives a hint only when the flag changed', () => {
    expect(hintForOnlineChange(true, true)).toBeUndefined();
    expect(hintForOnlineChange(false, false)).toBeUndefined();
    expect(hintForOnlineChange(true, false)).toBe('offline');
    expect(hintForOnlineChange(false, true)).toBe('online');
  });
});
