import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyByteRanges,
  scanJournalLines,
  type ScannedLine,
} from '../../../electron/main/core/outbox/journalScan';
import { withTempDir } from '../../support/core/tempDir';

function randomContent(seed: number, lines: number): Buffer {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const parts: string[] = [];
  for (let i = 0; i < lines; i += 1) parts.push(`${i}:${'x'.repeat(next() % 60)}\n`);
  return Buffer.from(`${parts.join('')}torn-tail`, 'latin1');
}

async function scan(file: string, chunkBytes: number, maxLineBytes: number) {
  const handle = await fs.open(file, 'r');
  const lines: (Omit<ScannedLine, 'bytes' | 'head'> & { text?: string; head: string })[] = [];
  try {
    const result = await scanJournalLines(handle, { chunkBytes, maxLineBytes }, (line) =>
      lines.push({
        start: line.start,
        length: line.length,
        text: line.bytes?.toString('latin1'),
        head: line.head.toString('latin1'),
      }),
    );
    return { lines, ...result };
  } finally {
    await handle.close();
  }
}

describe('scanJournalLines', () => {
  it('finds every line whatever the chunk size, with its offset, and leaves the tail', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'journal');
      const content = randomContent(7, 200);
      await fs.writeFile(file, content);
      const expected = content.toString('latin1').split('\n').slice(0, -1);
      for (const chunkBytes of [1, 2, 7, 64, 4096]) {
        const { lines, completeEnd, end } = await scan(file, chunkBytes, 1024);
        expect(lines.map((line) => line.text)).toEqual(expected);
        let offset = 0;
        for (const line of lines) {
          expect(line.start).toBe(offset);
          offset += line.length;
        }
        expect(completeEnd).toBe(content.length - 'torn-tail'.length);
        expect(end).toBe(content.length);
      }
    });
  });

  it('reports a line longer than the limit by position only, keeping its head', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'journal');
      await fs.writeFile(file, `short\n{"captureId":"c-1"}${'y'.repeat(500)}\nafter\n`);
      const { lines } = await scan(file, 16, 100);
      expect(lines.map((line) => line.text)).toEqual(['short', undefined, 'after']);
      expect(lines[1]).toMatchObject({ start: 6, length: 520 });
      expect(lines[1]!.head.startsWith('{"captureId":"c-1"}')).toBe(true);
    });
  });
});

describe('copyByteRanges', () => {
  it('copies ranges in order whatever the buffer size', async () => {
    await withTempDir(async (dir) => {
      const from = path.join(dir, 'from');
      const to = path.join(dir, 'to');
      const content = randomContent(3, 50);
      await fs.writeFile(from, content);
      const ranges = [
        { start: 0, length: 10 },
        { start: 100, length: 333 },
        { start: 500, length: 1 },
      ];
      const expected = Buffer.concat(
        ranges.map((range) => content.subarray(range.start, range.start + range.length)),
      );
      for (const chunkBytes of [1, 5, 4096]) {
        const input = await fs.open(from, 'r');
        const output = await fs.open(to, 'w');
        const written = await copyByteRanges(input, ranges, output, 0, chunkBytes);
        await input.close();
        await output.close();
        expect(written).toBe(expected.length);
        expect(await fs.readFile(to)).toEqual(expected);
      }
    });
  });
});
