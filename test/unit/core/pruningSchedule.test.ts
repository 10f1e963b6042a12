import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContactSalt } from '../../../electron/main/core/contactSalt';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { schedulePruning } from '../../../electron/main/core/pruningSchedule';
import { FakeClock } from '../../support/core/fakeClock';
import { makeTempDir } from '../../support/core/tempDir';

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

describe('loadContactSalt', () => {
  it('is created once (0600) by a writable open and kept', async () => {
    const dataDir = await makeTempDir();
    const salt = await loadContactSalt(dataDir, 'readWrite');
    expect(salt.length).toBeGreaterThanOrEqual(16);
    expect(await loadContactSalt(dataDir, 'readWrite')).toBe(salt);
    expect(await loadContactSalt(dataDir, 'readOnly')).toBe(salt);
    if (process.platform !== 'win32')
      expect((await stat(path.join(dataDir, 'contact-salt.json'))).mode & 0o777).toBe(0o600);
  });

  it('a read-only open writes nothing', async () => {
    const dataDir = await makeTempDir();
    expect(await loadContactSalt(dataDir, 'readOnly')).toBeTruthy();
    expect(await readdir(dataDir)).toEqual([]);
  });
});
