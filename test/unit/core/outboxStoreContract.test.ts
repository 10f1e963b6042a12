// One set of scenarios run against the journal on disk and the in-memory fake that unit tests use instead:
// the fake must behave like what it replaces, or tests pass that the app would fail.
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import type { OutboxStore } from '../../../electron/main/core/outbox/store';
import { MAX_JOURNAL_LINE_BYTES } from '../../../electron/main/core/outbox/storeErrors';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { body, displayNameOf, meta } from '../../support/core/journalFixtures';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { makeTempDir } from '../../support/core/tempDir';

interface StoreUnderTest {
  store: OutboxStore;
  /** The same data after a restart: a new instance on the same folder, or the same memory. */
  reopen(): Promise<OutboxStore>;
}

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

const implementations: [string, () => Promise<StoreUnderTest>][] = [
  [
    'FileOutboxStore',
    async () => {
      const dir = await makeTempDir();
      folders.push(dir);
      const logger = createSilentLogger();
      const store = new FileOutboxStore(dir, { logger });
      await store.open();
      return {
        store,
        reopen: async () => {
          await store.close();
          const again = new FileOutboxStore(dir, { logger });
          await again.open();
          return again;
        },
      };
    },
  ],
  [
    'MemoryOutboxStore',
    async () => {
      const store = new MemoryOutboxStore();
      await store.open();
      return { store, reopen: async () => store };
    },
  ],
];

describe.each(implementations)('OutboxStore contract: %s', (_, create) => {
  it('keeps the latest snapshot of each entry and forgets removed ones across a restart', async () => {
    const { store, reopen } = await create();
    await store.put(meta('a', 1), body('first'));
    await store.put(meta('b', 1), body('b'));
    await store.put(meta('a', 2, { state: 'sent' }), body('second'));
    await store.remove('b');
    await store.remove('never-there');

    const again = await reopen();
    expect(again.size).toBe(1);
    expect(again.getMeta('a')).toMatchObject({ version: 2, state: 'sent' });
    expect(displayNameOf(await again.readBody('a'))).toBe('second');
    expect(again.getMeta('b')).toBeUndefined();
    expect(await again.readBody('b')).toBeUndefined();
    expect([...again.metas()].map((entry) => entry.captureId)).toEqual(['a']);
    await again.close();
  });

  it('refuses a record too large to store, naming the problem, without disturbing other writes', async () => {
    const { store, reopen } = await create();
    const huge = body('x'.repeat(MAX_JOURNAL_LINE_BYTES + 1));
    const writes = await Promise.allSettled([
      store.put(meta('small-1', 1), body('one')),
      store.put(meta('huge', 1), huge),
      store.put(meta('small-2', 1), body('two')),
    ]);
    expect(writes.map((write) => write.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((writes[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'invalidRecord',
      message: expect.stringMatching(/too large to store/),
    });
    const again = await reopen();
    expect(again.getMeta('huge')).toBeUndefined();
    expect(displayNameOf(await again.readBody('small-2'))).toBe('two');
    await again.close();
  });

  it('compact keeps every live entry readable, takes writes during and after it, and survives a restart', async () => {
    const { store, reopen } = await create();
    await store.put(meta('a', 1), body('first'));
    await store.put(meta('b', 1), body('b'));
    await store.put(meta('a', 2), body('second'));
    await store.remove('b');
    // A write racing the compaction is neither lost nor torn.
    await Promise.all([store.compact(), store.put(meta('c', 1), body('c'))]);
    await store.compact();
    expect(displayNameOf(await store.readBody('a'))).toBe('second');
    await store.put(meta('a', 3), body('third'));
    const again = await reopen();
    expect([...again.metas()].map((entry) => [entry.captureId, entry.version])).toEqual([
      ['a', 3],
      ['c', 1],
    ]);
    expect(displayNameOf(await again.readBody('a'))).toBe('third');
    expect(displayNameOf(await again.readBody('c'))).toBe('c');
    expect(again.getMeta('b')).toBeUndefined();
    await again.close();
  });

  it('reports no damage for a clean store, and acknowledging nothing is a no-op', async () => {
    const { store } = await create();
    await store.put(meta('a', 1), body('a'));
    expect(store.damage()).toEqual({ lines: 0, bytes: 0, captureIds: [], files: [] });
    expect(await store.acknowledgeDamage()).toBe(0);
    await store.close();
  });
});
