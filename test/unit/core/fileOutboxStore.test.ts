import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { encodeJournalLine } from '../../../electron/main/core/outbox/journalLine';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { body, meta } from '../../support/core/journalFixtures';
import { withTempDir } from '../../support/core/tempDir';

const logger = createSilentLogger();

async function openStore(dir: string, options: { compactMinBytes?: number } = {}) {
  const store = new FileOutboxStore(dir, { logger, ...options });
  await store.open();
  return store;
}

describe('FileOutboxStore', () => {
  it('keeps every acknowledged write across a reopen, with bodies read by offset', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.put(meta(`id-${i}`), body(`name ${i} – ünïcødé`))),
      );
      await store.put(meta('id-3', 2, { state: 'sent' }), body('three v2'));
      await store.remove('id-4');
      await store.close();

      const reopened = await openStore(dir);
      expect(reopened.size).toBe(49);
      expect(reopened.getMeta('id-3')?.state).toBe('sent');
      expect(reopened.getMeta('id-4')).toBeUndefined();
      expect(JSON.parse((await reopened.readBody('id-3'))!.personal).displayName).toBe('three v2');
      expect(JSON.parse((await reopened.readBody('id-7'))!.personal).displayName).toBe('name 7 – ünïcødé');
      expect([...reopened.metas()].map((entry) => entry.captureId).slice(0, 3)).toEqual([
        'id-0',
        'id-1',
        'id-2',
      ]);
      await reopened.close();
    });
  });

  it('ignores and cuts off a torn tail (a crash in the middle of a write)', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      await store.put(meta('a'), body('a'));
      await store.put(meta('b'), body('b'));
      await store.close();
      const file = path.join(dir, 'outbox.journal');
      const torn = encodeJournalLine(meta('c'), body('c')).subarray(0, 40);
      await fs.appendFile(file, torn);
      const sizeWithTail = (await fs.stat(file)).size;

      const reopened = await openStore(dir);
      expect([...reopened.metas()].map((entry) => entry.captureId)).toEqual(['a', 'b']);
      expect((await fs.stat(file)).size).toBe(sizeWithTail - torn.length);
      // Appends after the repair land on a clean line boundary.
      await reopened.put(meta('d'), body('d'));
      await reopened.close();
      const again = await openStore(dir);
      expect([...again.metas()].map((entry) => entry.captureId)).toEqual(['a', 'b', 'd']);
      await again.close();
    });
  });

  it('rejects a line whose checksum does not match (garbled bytes) and keeps the lines after it', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'outbox.journal');
      const good = encodeJournalLine(meta('a'), body('a'));
      const garbled = Buffer.from(encodeJournalLine(meta('b'), body('b')));
      garbled[garbled.length - 5] = 0x58;
      const after = encodeJournalLine(meta('c'), body('c'));
      await fs.writeFile(file, Buffer.concat([good, garbled, after]));
      const store = await openStore(dir);
      expect([...store.metas()].map((entry) => entry.captureId)).toEqual(['a', 'c']);
      await store.close();
    });
  });

  it('treats duplicate snapshot lines as one, and never lets an older version win', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'outbox.journal');
      const v1 = encodeJournalLine(meta('a', 1), body('v1'));
      const v2 = encodeJournalLine(meta('a', 2, { state: 'sending' }), body('v2'));
      await fs.writeFile(file, Buffer.concat([v1, v2, v2, v1]));
      const store = await openStore(dir);
      expect(store.size).toBe(1);
      expect(store.getMeta('a')).toMatchObject({ version: 2, state: 'sending' });
      expect(JSON.parse((await store.readBody('a'))!.personal).displayName).toBe('v2');
      await store.close();
    });
  });

  it('compacts when dead snapshots dominate, keeping the latest of each entry', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir, { compactMinBytes: 20_000 });
      for (let version = 1; version <= 40; version += 1) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.put(meta(`id-${i}`, version), body(`v${version}`))),
        );
      }
      const size = (await fs.stat(path.join(dir, 'outbox.journal'))).size;
      expect(size).toBeLessThan(40 * 10 * 200);
      expect(JSON.parse((await store.readBody('id-9'))!.personal).displayName).toBe('v40');
      await store.close();
      const reopened = await openStore(dir);
      expect(reopened.size).toBe(10);
      expect(reopened.getMeta('id-0')?.version).toBe(40);
      expect(JSON.parse((await reopened.readBody('id-0'))!.personal).displayName).toBe('v40');
      await reopened.close();
    });
  });

  it('read-only: reads a journal without repairing it', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      await store.put(meta('a'), body('a'));
      await store.close();
      const file = path.join(dir, 'outbox.journal');
      await fs.appendFile(file, 'garbage-without-newline');
      const before = (await fs.stat(file)).size;
      const readOnly = new FileOutboxStore(dir, { logger, readOnly: true });
      await readOnly.open();
      expect(readOnly.size).toBe(1);
      await expect(readOnly.put(meta('b'), body('b'))).rejects.toThrow(/read-only/);
      await readOnly.close();
      expect((await fs.stat(file)).size).toBe(before);
    });
  });
});

describe('FileOutboxStore group commit', () => {
  it('a failed flush rejects its whole batch, changes nothing, and is cut off; the next writes land cleanly', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      await store.put(meta('kept'), body('kept'));
      const handle = (store as unknown as { handle: { datasync(): Promise<void> } }).handle;
      const datasync = handle.datasync.bind(handle);
      let failures = 1;
      handle.datasync = () =>
        failures-- > 0 ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) : datasync();
      // Written together: they share one flush, so one fsync failure rejects them all.
      const batch = await Promise.allSettled([
        store.put(meta('lost-1'), body('x')),
        store.put(meta('lost-2'), body('y')),
      ]);
      expect(batch.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(store.getMeta('lost-1')).toBeUndefined();
      expect(store.getMeta('lost-2')).toBeUndefined();
      await store.put(meta('after'), body('after'));
      await store.close();

      const reopened = await openStore(dir);
      expect([...reopened.metas()].map((entry) => entry.captureId)).toEqual(['kept', 'after']);
      expect(JSON.parse((await reopened.readBody('after'))!.personal).displayName).toBe('after');
      await reopened.close();
    });
  });

  it('writes arriving during a flush are all acknowledged, each only after its own fsync', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      const handle = (store as unknown as { handle: { datasync(): Promise<void> } }).handle;
      const datasync = handle.datasync.bind(handle);
      let syncs = 0;
      handle.datasync = async () => {
        await datasync();
        syncs += 1;
      };
      const acknowledgedAfterSyncs: number[] = [];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.put(meta(`id-${i}`), body(`n${i}`)).then(() => acknowledgedAfterSyncs.push(syncs)),
        ),
      );
      expect(acknowledgedAfterSyncs.every((count) => count >= 1)).toBe(true);
      expect(syncs).toBeLessThan(20);
      await store.close();
      const reopened = await openStore(dir);
      expect(reopened.size).toBe(20);
      await reopened.close();
    });
  });
});
