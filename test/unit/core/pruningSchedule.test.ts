import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { schedulePruning } from '../../../electron/main/core/pruningSchedule';
import { FakeClock } from '../../support/core/fakeClock';

const HOUR = 3_600_000;

describe('schedulePruning', () => {
  it('deletes what is past retention every six hours until cancelled', async () => {
    const clock = new FakeClock();
    const cutoffs: number[] = [];
    const outbox = { pruneSent: async (olderThanMs: number) => (cutoffs.push(olderThanMs), 0) };
    const cancel = schedulePruning({ outbox, clock, logger: createSilentLogger(), retentionDays: 30 });
    clock.advance(6 * HOUR - 1);
    expect(cutoffs).toEqual([]);
    clock.advance(1);
    clock.advance(6 * HOUR);
    expect(cutoffs).toEqual([clock.now() - 6 * HOUR - 30 * 24 * HOUR, clock.now() - 30 * 24 * HOUR]);
    cancel();
    clock.advance(24 * HOUR);
    expect(cutoffs).toHaveLength(2);
  });
});
