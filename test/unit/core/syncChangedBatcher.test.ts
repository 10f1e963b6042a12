import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { OutboxEntrySummary, SyncChanged, SyncStatus } from '../../../shared/ipc';
import type { Logger } from '../../../electron/main/core/platform/logger';
import { createSyncChangedBatcher } from '../../../electron/main/core/syncChangedBatcher';
import { withDamage } from '../../../electron/main/core/serviceStatus';

const idle: SyncStatus = {
  counts: { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 },
  connectivity: 'unknown',
  activity: 'idle',
};

const entry = (captureId: string, state: OutboxEntrySummary['state']): OutboxEntrySummary => ({
  captureId,
  state,
  displayName: 'Dupont, Claire',
  enqueuedAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  attempts: 0,
  possibleDuplicate: false,
});

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = () => undefined;
  return { errors, debug: ignore, info: ignore, warn: ignore, error: (message) => void errors.push(message) };
}

describe('createSyncChangedBatcher', () => {
  it('a burst of changes in one turn is one push with the latest version of each entry', async () => {
    let status = idle;
    const batcher = createSyncChangedBatcher(() => status, recordingLogger());
    const events: SyncChanged[] = [];
    batcher.subscribe((event) => events.push(event));
    batcher.entryChanged(entry('a', 'pending'));
    batcher.entryChanged(entry('b', 'pending'));
    batcher.entryChanged(entry('a', 'sent'));
    status = { ...idle, counts: { ...idle.counts, sent: 1, pending: 1 } };
    batcher.statusMayHaveChanged();
    await nextTurn();
    expect(events).toEqual([{ status, changed: [entry('a', 'sent'), entry('b', 'pending')] }]);
  });

  it('pushes a status only when it differs from the last one pushed', async () => {
    let status = idle;
    const batcher = createSyncChangedBatcher(() => status, recordingLogger());
    const events: SyncChanged[] = [];
    batcher.subscribe((event) => events.push(event));
    batcher.statusMayHaveChanged();
    await nextTurn();
    batcher.statusMayHaveChanged();
    await nextTurn();
    status = { ...idle, activity: 'waiting' };
    batcher.statusMayHaveChanged();
    await nextTurn();
    expect(events.map((event) => event.status.activity)).toEqual(['idle', 'waiting']);
  });

  it('a failing listener is logged and the others still hear', async () => {
    const logger = recordingLogger();
    const batcher = createSyncChangedBatcher(() => idle, logger);
    const heard: SyncChanged[] = [];
    batcher.subscribe(() => {
      throw new Error('renderer gone');
    });
    const unsubscribe = batcher.subscribe((event) => heard.push(event));
    batcher.statusMayHaveChanged();
    await nextTurn();
    expect(heard).toHaveLength(1);
    expect(logger.errors).toEqual(['sync: a status listener failed']);
    unsubscribe();
    batcher.entryChanged(entry('a', 'pending'));
    await nextTurn();
    expect(heard).toHaveLength(1);
  });
});

describe('withDamage', () => {
  it('names the damaged capture ids and the files kept, by file name only', () => {
    expect(withDamage(idle, { lines: 0, bytes: 0, captureIds: [], files: [] })).toBe(idle);
    expect(
      withDamage(idle, {
        lines: 2,
        bytes: 90,
        captureIds: ['a'],
        files: ['/data/outbox.journal.damaged-1'],
      }).damage,
    ).toEqual({ lines: 2, captureIds: ['a'], files: ['outbox.journal.damaged-1'] });
  });
});
