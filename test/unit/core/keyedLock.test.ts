// The per-entry lock: tasks on one key run one at a time in call order, other keys are not held up.
import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../../electron/main/core/outbox/keyedLock';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('KeyedLock', () => {
  it('runs tasks on one key one after the other, in call order', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const log: string[] = [];
    const first = lock.run('a', async () => {
      log.push('first starts');
      await gate.promise;
      log.push('first ends');
      return 1;
    });
    const second = lock.run('a', async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first starts']);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first starts', 'first ends', 'second']);
  });

  it('does not hold one key up behind another', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const held = lock.run('a', () => gate.promise);
    expect(await lock.run('b', async () => 'b ran')).toBe('b ran');
    gate.resolve();
    await held;
  });

  it('a failed task answers its error and does not block the next one', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('a', async () => {
      throw new Error('disk full');
    });
    const next = lock.run('a', async () => 'next ran');
    await expect(failing).rejects.toThrow('disk full');
    expect(await next).toBe('next ran');
  });

  it('idle() waits for every task queued', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    let done = false;
    void lock.run('a', async () => {
      await gate.promise;
      done = true;
    });
    void lock.run('b', async () => undefined);
    const idle = lock.idle();
    gate.resolve();
    await idle;
    expect(done).toBe(true);
  });
});
