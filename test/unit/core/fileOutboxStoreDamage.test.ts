// Issue 7, items 2 and 8: long lines never strand a folder; damaged bytes are kept and reported, never cut.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { encodeJournalLine } from '../../../electron/main/core/outbox/journalLine';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { body, displayNameOf, lineWithValidChecksum, meta } from '../../support/core/journalFixtures';
import { withTempDir } from '../../support/core/tempDir';

const logger = createSilentLogger();
const MiB = 1024 * 1024;
const posix = process.platform !== 'win32';

async function openStore(dir: string, options: { compactMinBytes?: number; readOnly?: boolean } = {}) {
  const store = new FileOutboxStore(dir, { logger, ...options });
  await store.open();
  return store;
}

const journalOf = (dir: string) => path.join(dir, 'outbox.journal');

async function filesLike(dir: string, pattern: RegExp): Promise<string[]> {
  return (await fs.readdir(dir)).filter((name) => pattern.test(name)).sort();
}

function garble(line: Buffer): Buffer {
  const copy = Buffer.from(line);
  copy[copy.length - 5] = copy[copy.length - 5] === 0x58 ? 0x59 : 0x58;
  return copy;
}

describe('FileOutboxStore: lines of any length (issue 7, item 2)', () => {
  it('opens, compacts and reopens a folder holding 10 MiB lines written by an older version', async () => {
    await withTempDir(async (dir) => {
      const huge = (tag: string) => body(`${tag}:${'x'.repeat(10 * MiB)}`);
      // The current writer refuses such lines; an older one wrote them, so the test writes them itself.
      const lines = [
        encodeJournalLine(meta('small-1'), body('small one')),
        encodeJournalLine(meta('big', 1), huge('big v1')),
        encodeJournalLine(meta('gone', 1), huge('gone')),
        encodeJournalLine(meta('small-2'), body('small two')),
        encodeJournalLine(meta('big', 2, { state: 'sending' }), huge('big v2')),
        encodeJournalLine(meta('gone', 2, { removed: true }), undefined),
        encodeJournalLine(meta('small-3'), body('small three')),
      ];
      expect(lines[1]!.length).toBeGreaterThan(10 * MiB);
      await fs.writeFile(journalOf(dir), Buffer.concat(lines));
      const sizeBefore = (await fs.stat(journalOf(dir))).size;

      // Dead bytes dominate: opening compacts, which used to throw on a line over the 4 MiB read chunk.
      const store = await openStore(dir, { compactMinBytes: 1024 });
      const sizeAfter = (await fs.stat(journalOf(dir))).size;
      expect(sizeAfter).toBeLessThan(sizeBefore / 2);
      await store.put(meta('small-4'), body('small four'));
      expect(displayNameOf(await store.readBody('big'))).toBe(`big v2:${'x'.repeat(10 * MiB)}`);
      await store.close();

      const reopened = await openStore(dir, { compactMinBytes: 1024 });
      expect([...reopened.metas()].map((entry) => entry.captureId).sort()).toEqual([
        'big',
        'small-1',
        'small-2',
        'small-3',
        'small-4',
      ]);
      expect(reopened.getMeta('big')).toMatchObject({ version: 2, state: 'sending' });
      expect(displayNameOf(await reopened.readBody('big'))).toBe(`big v2:${'x'.repeat(10 * MiB)}`);
      for (const [id, name] of [
        ['small-1', 'small one'],
        ['small-2', 'small two'],
        ['small-3', 'small three'],
        ['small-4', 'small four'],
      ] as const)
        expect(displayNameOf(await reopened.readBody(id))).toBe(name);
      expect(reopened.damage().lines).toBe(0);
      await reopened.close();
    });
  });

  it('compacts after writes when a live line is longer than the read chunk', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir, { compactMinBytes: 64 * 1024 });
      // body() holds the note twice: a line of about 5 MiB, over the 4 MiB read chunk.
      await store.put(meta('long'), body('y'.repeat(2.5 * MiB)));
      for (let version = 1; version <= 30; version += 1)
        await store.put(meta('short', version), body('z'.repeat(100 * 1024)));
      // Compaction ran during the writes (the dead versions of `short` outweigh the live lines).
      expect((await fs.stat(journalOf(dir))).size).toBeLessThan(6 * MiB);
      await store.close();
      const reopened = await openStore(dir);
      expect(displayNameOf(await reopened.readBody('long'))).toBe('y'.repeat(2.5 * MiB));
      expect(reopened.getMeta('short')?.version).toBe(30);
      await reopened.close();
    });
  });

  it('refuses a line over the limit before touching the file; the rest of its group commit is written', async () => {
    await withTempDir(async (dir) => {
      const store = await openStore(dir);
      await store.put(meta('first'), body('first'));
      const sizeBefore = (await fs.stat(journalOf(dir))).size;
      const results = await Promise.allSettled([
        store.put(meta('before'), body('before')),
        store.put(meta('too-big'), body('w'.repeat(4.5 * MiB))), // twice in the body: 9 MiB
        store.put(meta('after'), body('after')),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const refusal = (results[1] as PromiseRejectedResult).reason as Error & { code: string };
      expect(refusal).toMatchObject({ name: 'RecordTooLargeError', code: 'invalidRecord' });
      expect(refusal.message).toMatch(/too large to store \(9\.0 MB\); no field should be that long/);
      expect(store.getMeta('too-big')).toBeUndefined();
      expect((await fs.stat(journalOf(dir))).size - sizeBefore).toBeLessThan(2000);
      await store.close();
      const reopened = await openStore(dir);
      expect([...reopened.metas()].map((entry) => entry.captureId)).toEqual(['first', 'before', 'after']);
      await reopened.close();
    });
  });
});

describe('FileOutboxStore: damage is kept and reported (issue 7, item 8)', () => {
  const idB = '0b7c1a52-7d1c-4a54-9d5e-5a0a3f0f0b0b';
  const idD = '0d7c1a52-7d1c-4a54-9d5e-5a0a3f0f0d0d';

  it('copies garbled lines (the last complete one too) aside before removing them, and reports them', async () => {
    await withTempDir(async (dir) => {
      const a = encodeJournalLine(meta('a'), body('a'));
      const b = garble(encodeJournalLine(meta(idB), body('b')));
      const c = encodeJournalLine(meta('c'), body('c'));
      const d = garble(encodeJournalLine(meta(idD), body('d')));
      await fs.writeFile(journalOf(dir), Buffer.concat([a, b, c, d]));

      const store = await openStore(dir);
      expect([...store.metas()].map((entry) => entry.captureId)).toEqual(['a', 'c']);
      const damage = store.damage();
      expect(damage).toMatchObject({ lines: 2, bytes: b.length + d.length, captureIds: [idB, idD] });
      expect(damage.files).toHaveLength(1);
      // The bytes are kept for a person, exactly; the journal no longer holds them.
      expect(await fs.readFile(damage.files[0]!)).toEqual(Buffer.concat([b, d]));
      expect(await fs.readFile(journalOf(dir))).toEqual(Buffer.concat([a, c]));
      const report = JSON.parse(await fs.readFile(`${damage.files[0]!}.json`, 'utf8')) as Record<
        string,
        unknown
      >;
      expect(report).toMatchObject({
        kind: 'damaged',
        lines: 2,
        captureIds: [idB, idD],
        ranges: [
          { offset: a.length, length: b.length, reason: 'checksum', captureId: idB },
          { offset: a.length + b.length + c.length, length: d.length, reason: 'checksum', captureId: idD },
        ],
      });
      expect(path.basename(damage.files[0]!)).toMatch(
        /^outbox\.journal\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/,
      );
      await store.put(meta('e'), body('e'));
      await store.close();

      // Reported until acknowledged, and never copied twice.
      const reopened = await openStore(dir);
      expect(reopened.damage()).toMatchObject({ lines: 2, captureIds: [idB, idD] });
      expect(await filesLike(dir, /damaged/)).toHaveLength(2);
      expect(await reopened.acknowledgeDamage()).toBe(1);
      expect(reopened.damage()).toEqual({ lines: 0, bytes: 0, captureIds: [], files: [] });
      await reopened.close();

      const acknowledged = await openStore(dir, { readOnly: true });
      expect(acknowledged.damage().lines).toBe(0);
      expect([...acknowledged.metas()].map((entry) => entry.captureId)).toEqual(['a', 'c', 'e']);
      await acknowledged.close();
      const names = await filesLike(dir, /damaged/);
      expect(names.some((name) => name.endsWith('.acknowledged.json'))).toBe(true);
      expect(names.filter((name) => !name.endsWith('.json'))).toHaveLength(1); // the bytes stay
    });
  });

  it('keeps a cut-short last write as a copy, not as damage', async () => {
    await withTempDir(async (dir) => {
      const a = encodeJournalLine(meta('a'), body('a'));
      const torn = encodeJournalLine(meta('b'), body('b')).subarray(0, 40);
      await fs.writeFile(journalOf(dir), Buffer.concat([a, torn]));
      const store = await openStore(dir);
      expect(store.damage().lines).toBe(0);
      const [copy] = await filesLike(dir, /^outbox\.journal\.interrupted-/);
      expect(await fs.readFile(path.join(dir, copy!))).toEqual(torn);
      expect(await fs.readFile(journalOf(dir))).toEqual(a);
      await store.close();
    });
  });

  it('read-only: reports the damage it sees and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const content = Buffer.concat([
        encodeJournalLine(meta('a'), body('a')),
        garble(encodeJournalLine(meta(idB), body('b'))),
        Buffer.from('torn'),
      ]);
      await fs.writeFile(journalOf(dir), content);
      const store = await openStore(dir, { readOnly: true });
      expect(store.damage()).toMatchObject({ lines: 1, captureIds: [idB], files: [] });
      expect(await store.acknowledgeDamage()).toBe(0);
      expect(store.damage().lines).toBe(1); // not saved yet, so nothing to acknowledge
      await store.close();
      expect(await fs.readFile(journalOf(dir))).toEqual(content);
      expect(await fs.readdir(dir)).toEqual(['outbox.journal']);
    });
  });

  it('a checksum-valid line of an unexpected shape is damage for that record only', async () => {
    await withTempDir(async (dir) => {
      await fs.writeFile(
        journalOf(dir),
        Buffer.concat([
          encodeJournalLine(meta('a'), body('a')),
          lineWithValidChecksum(JSON.stringify({ captureId: 'odd-meta', version: 'one' }), '{}'),
          lineWithValidChecksum(JSON.stringify({ ...meta('odd-id'), boosterCustomerId: 'x' }), '{}'),
          lineWithValidChecksum(JSON.stringify(meta('odd-body')), JSON.stringify({ personal: 5 })),
          lineWithValidChecksum(JSON.stringify(meta('not-json')), '{"personal":'),
          encodeJournalLine(meta('c'), body('c')),
        ]),
      );
      const store = await openStore(dir);
      expect(store.damage()).toMatchObject({ lines: 2, captureIds: ['odd-meta', 'odd-id'] });
      expect([...store.metas()].map((entry) => entry.captureId)).toEqual(['a', 'odd-body', 'not-json', 'c']);
      // Reading every body (what `list` does) works; the odd ones read as missing and are reported.
      const names = await Promise.all(
        [...store.metas()].map(async (entry) => displayNameOf(await store.readBody(entry.captureId))),
      );
      expect(names).toEqual(['a', undefined, undefined, 'c']);
      expect(store.damage().lines).toBe(4);
      expect(store.damage().captureIds.sort()).toEqual(['not-json', 'odd-body', 'odd-id', 'odd-meta']);
      await store.readBody('odd-body'); // reported once
      expect(store.damage().files).toHaveLength(3);
      const report = JSON.parse(await fs.readFile(`${store.damage().files[0]!}.json`, 'utf8')) as {
        ranges: { reason: string }[];
      };
      expect(report.ranges[0]!.reason).toBe('shape');
      await store.close();

      // Reported once, not again on every start.
      const reopened = await openStore(dir);
      expect(await reopened.readBody('odd-body')).toBeUndefined();
      expect(displayNameOf(await reopened.readBody('c'))).toBe('c');
      expect(reopened.damage().files).toHaveLength(3);
      await reopened.close();
    });
  });

  it.runIf(posix)('creates the data folder 0700 and its files 0600', async () => {
    await withTempDir(async (parent) => {
      const dir = path.join(parent, 'data');
      const store = await openStore(dir);
      await store.put(meta('a'), body('a'));
      await store.close();
      await fs.appendFile(journalOf(dir), garble(encodeJournalLine(meta(idB), body('b'))));
      await fs.chmod(journalOf(dir), 0o600);
      const reopened = await openStore(dir);
      await reopened.close();
      expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
      for (const name of await fs.readdir(dir))
        expect(((await fs.stat(path.join(dir, name))).mode & 0o777).toString(8)).toBe('600');
      expect(await filesLike(dir, /damaged/)).toHaveLength(2);
    });
  });
});
