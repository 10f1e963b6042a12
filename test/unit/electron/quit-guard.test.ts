import { describe, expect, it } from 'vitest';
import { createQuitGuard } from '../../../electron/main/quit-guard';
import { recordingLogger } from './fake-handlers';

function quitEvent() {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

describe('createQuitGuard', () => {
  it('holds the first quit until stop() finished, then quits once and lets that quit through', async () => {
    const steps: string[] = [];
    let finishStop: () => void = () => undefined;
    const guard = createQuitGuard({
      stop: () => new Promise<void>((resolve) => (finishStop = () => (steps.push('stopped'), resolve()))),
      quit: () => steps.push('quit'),
      logger: recordingLogger(),
    });
    const first = quitEvent();
    guard(first);
    const again = quitEvent();
    guard(again); // a second Cmd+Q while stopping
    expect([first.prevented, again.prevented]).toEqual([true, true]);
    expect(steps).toEqual([]);
    finishStop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['stopped', 'quit']);
    const final = quitEvent();
    guard(final);
    expect(final.prevented).toBe(false);
  });

  it('still quits when stop() fails, and logs why', async () => {
    const logger = recordingLogger();
    let quits = 0;
    const guard = createQuitGuard({
      stop: () => Promise.reject(new Error('disk gone')),
      quit: () => void quits++,
      logger,
    });
    guard(quitEvent());
    await new Promise((resolve) => setImmediate(resolve));
    expect(quits).toBe(1);
    expect(logger.lines[0]?.level).toBe('error');
  });
});
