// The outbox on disk: an append-only journal of entry snapshots (see journalLine.ts), fsync'd before any
// write is acknowledged, with group commit (writes that arrive during a flush share the next fsync).
// On open a torn tail is cut off; the index keeps only metadata and the byte range of each latest body.
// When dead snapshots dominate, live lines are copied to a new file, fsync'd and renamed into place.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import { fsyncDirectory, isNotFound } from '../platform/durableFs';
import { decodeJournalLine, encodeJournalLine } from './journalLine';
import type { OutboxStore } from './store';
import { storedBodySchema, type EntryMeta, type StoredBody } from './types';

interface IndexEntry {
  meta: EntryMeta;
  lineStart: number;
  lineLength: number;
  bodyStart: number;
  bodyLength: number;
}

interface PendingWrite {
  line: Buffer;
  meta: EntryMeta;
  hasBody: boolean;
  bodyOffsetInLine: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface FileOutboxStoreOptions {
  logger: Logger;
  /** Open without repairing or writing anything (status of a folder another process owns). */
  readOnly?: boolean;
  /** Compact when the file exceeds this and dead bytes are more than half of it. */
  compactMinBytes?: number;
}

const READ_CHUNK = 4 * 1024 * 1024;

export class FileOutboxStore implements OutboxStore {
  private readonly file: string;
  private handle: FileHandle | undefined;
  private readonly index = new Map<string, IndexEntry>();
  private fileSize = 0;
  private liveBytes = 0;
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private swapping: Promise<void> | undefined;
  private readonly compactMinBytes: number;

  constructor(
    dataDir: string,
    private readonly options: FileOutboxStoreOptions,
  ) {
    this.file = path.join(dataDir, 'outbox.journal');
    this.compactMinBytes = options.compactMinBytes ?? 16 * 1024 * 1024;
  }

  get size(): number {
    return this.index.size;
  }

  async open(): Promise<void> {
    const readOnly = this.options.readOnly === true;
    this.index.clear();
    this.liveBytes = 0;
    let created = false;
    if (!readOnly) {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      created = !(await fs.stat(this.file).then(
        () => true,
        () => false,
      ));
    }
    try {
      this.handle = await fs.open(this.file, readOnly ? 'r' : 'a+');
    } catch (error) {
      if (readOnly && isNotFound(error)) return;
      throw error;
    }
    if (!readOnly) {
      // 'a+' only to create it; positional writes need a handle that is not in append mode.
      await this.handle.close();
      this.handle = await fs.open(this.file, 'r+');
      // A new file's directory entry must be durable too, or the first acknowledged writes could vanish.
      if (created) await fsyncDirectory(path.dirname(this.file));
    }
    const validEnd = await this.loadIndex();
    const stat = await this.handle.stat();
    if (validEnd < stat.size) {
      this.options.logger.warn('outbox journal: ignoring a torn or garbled tail', {
        bytes: stat.size - validEnd,
      });
      if (!readOnly) {
        await this.handle.truncate(validEnd);
        await this.handle.sync();
      }
    }
    this.fileSize = validEnd;
    if (!readOnly && this.shouldCompact()) await this.exclusive(() => this.compact());
  }

  metas(): IterableIterator<EntryMeta> {
    const entries = this.index.values();
    return (function* () {
      for (const entry of entries) yield entry.meta;
    })();
  }

  getMeta(captureId: string): EntryMeta | undefined {
    return this.index.get(captureId)?.meta;
  }

  async readBody(captureId: string): Promise<StoredBody | undefined> {
    if (this.swapping) await this.swapping;
    const entry = this.index.get(captureId);
    if (!entry || !this.handle || entry.bodyLength <= 2) return undefined;
    const buffer = Buffer.alloc(entry.bodyLength);
    await this.handle.read(buffer, 0, entry.bodyLength, entry.bodyStart);
    return storedBodySchema.parse(JSON.parse(buffer.toString('utf8')));
  }

  put(meta: EntryMeta, body: StoredBody): Promise<void> {
    return this.append(meta, body);
  }

  async remove(captureId: string): Promise<void> {
    const current = this.index.get(captureId);
    if (!current) return;
    await this.append({ ...current.meta, version: current.meta.version + 1, removed: true }, undefined);
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }

  private append(meta: EntryMeta, body: StoredBody | undefined): Promise<void> {
    if (this.options.readOnly || !this.handle)
      return Promise.reject(new Error('The outbox is open read-only.'));
    const line = encodeJournalLine(meta, body);
    const bodyOffsetInLine = line.indexOf(0x09, 9) + 1;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, meta, hasBody: body !== undefined, bodyOffsetInLine, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      this.kick();
    });
  }

  /** Runs `task` when no flush is running, holding off new flushes meanwhile. */
  private async exclusive(task: () => Promise<void>): Promise<void> {
    while (this.flushing) await this.flushing;
    let done!: () => void;
    this.flushing = new Promise<void>((resolve) => (done = resolve));
    try {
      await task();
    } finally {
      this.flushing = undefined;
      done();
      this.kick();
    }
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const start = this.fileSize;
      const buffer = batch.length === 1 ? batch[0]!.line : Buffer.concat(batch.map((write) => write.line));
      try {
        await writeFully(this.handle!, buffer, start);
        await this.handle!.datasync();
      } catch (error) {
        // Cut what may have reached the file, so a later write does not follow a garbled line.
        await this.handle!.truncate(start).catch(() => undefined);
        for (const write of batch) write.reject(error);
        continue;
      }
      let position = start;
      for (const write of batch) {
        this.applyToIndex(write, position);
        position += write.line.length;
      }
      this.fileSize = position;
      for (const write of batch) write.resolve();
      if (this.shouldCompact()) {
        try {
          await this.compact();
        } catch (error) {
          this.options.logger.error('outbox journal: compaction failed; the journal stays as it was', {
            error,
          });
        }
      }
    }
  }

  private applyToIndex(write: PendingWrite, lineStart: number): void {
    const previous = this.index.get(write.meta.captureId);
    if (previous) this.liveBytes -= previous.lineLength;
    if (write.meta.removed) {
      this.index.delete(write.meta.captureId);
      return;
    }
    const entry: IndexEntry = {
      meta: write.meta,
      lineStart,
      lineLength: write.line.length,
      bodyStart: lineStart + write.bodyOffsetInLine,
      bodyLength: write.line.length - write.bodyOffsetInLine - 1,
    };
    this.index.set(write.meta.captureId, entry);
    this.liveBytes += entry.lineLength;
  }

  /** Reads the journal sequentially; returns the end of the last valid line. */
  private async loadIndex(): Promise<number> {
    const handle = this.handle!;
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    let validEnd = 0;
    let garbled = 0;
    let position = 0;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
          : chunk.subarray(0, bytesRead);
      let lineStartInData = 0;
      for (;;) {
        const newline = data.indexOf(0x0a, lineStartInData);
        if (newline < 0) break;
        const lineStart = carryStart + lineStartInData;
        const decoded = decodeJournalLine(data.subarray(lineStartInData, newline));
        if (decoded) {
          this.loadLine(
            decoded.meta,
            lineStart,
            newline - lineStartInData + 1,
            decoded.bodyStart,
            decoded.bodyLength,
          );
          validEnd = lineStart + newline - lineStartInData + 1;
        } else {
          garbled += 1;
        }
        lineStartInData = newline + 1;
      }
      carry = Buffer.from(data.subarray(lineStartInData));
      carryStart += lineStartInData;
    }
    if (garbled > 0) this.options.logger.warn('outbox journal: skipped garbled lines', { lines: garbled });
    return validEnd;
  }

  private loadLine(
    meta: EntryMeta,
    lineStart: number,
    lineLength: number,
    bodyStart: number,
    bodyLength: number,
  ): void {
    const previous = this.index.get(meta.captureId);
    // Duplicate or stale snapshot lines (e.g. replayed after a crash) never override a newer version.
    if (previous && previous.meta.version > meta.version) return;
    if (previous) this.liveBytes -= previous.lineLength;
    if (meta.removed) {
      this.index.delete(meta.captureId);
      return;
    }
    this.index.set(meta.captureId, {
      meta,
      lineStart,
      lineLength,
      bodyStart: lineStart + bodyStart,
      bodyLength,
    });
    this.liveBytes += lineLength;
  }

  private shouldCompact(): boolean {
    return this.fileSize > this.compactMinBytes && this.liveBytes * 2 < this.fileSize;
  }

  /** Copies the live lines to a new file and swaps it in. Runs with no flush in progress. */
  private async compact(): Promise<void> {
    const started = Date.now();
    const temp = `${this.file}.compact`;
    const liveByStart = new Map<number, IndexEntry>();
    for (const entry of this.index.values()) liveByStart.set(entry.lineStart, entry);
    const out = await fs.open(temp, 'w');
    const moves: { entry: IndexEntry; newStart: number }[] = [];
    let outPosition = 0;
    try {
      let pendingOut: Buffer[] = [];
      let pendingBytes = 0;
      const flushOut = async () => {
        if (pendingBytes === 0) return;
        await writeFully(out, Buffer.concat(pendingOut), outPosition);
        outPosition += pendingBytes;
        pendingOut = [];
        pendingBytes = 0;
      };
      let position = 0;
      while (position < this.fileSize) {
        const { bytesRead, buffer } = await this.handle!.read(
          Buffer.alloc(READ_CHUNK),
          0,
          READ_CHUNK,
          position,
        );
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        let offset = 0;
        let lastNewline = -1;
        for (;;) {
          const newline = chunk.indexOf(0x0a, offset);
          if (newline < 0) break;
          const entry = liveByStart.get(position + offset);
          if (entry) {
            moves.push({ entry, newStart: outPosition + pendingBytes });
            pendingOut.push(Buffer.from(chunk.subarray(offset, newline + 1)));
            pendingBytes += newline + 1 - offset;
          }
          lastNewline = newline;
          offset = newline + 1;
        }
        if (pendingBytes > READ_CHUNK) await flushOut();
        // Lines longer than a chunk are read again from their start.
        position += lastNewline >= 0 ? lastNewline + 1 : bytesRead;
        if (lastNewline < 0) throw new Error('A journal line is larger than the read chunk.');
      }
      await flushOut();
      await out.sync();
    } finally {
      await out.close();
    }
    let release!: () => void;
    this.swapping = new Promise<void>((resolve) => (release = resolve));
    try {
      await this.handle!.close();
      try {
        await fs.rename(temp, this.file);
        await fsyncDirectory(path.dirname(this.file));
      } catch (error) {
        this.handle = await fs.open(this.file, 'r+');
        throw error;
      }
      this.handle = await fs.open(this.file, 'r+');
      for (const { entry, newStart } of moves) {
        entry.bodyStart = newStart + (entry.bodyStart - entry.lineStart);
        entry.lineStart = newStart;
      }
      const before = this.fileSize;
      this.fileSize = outPosition;
      this.liveBytes = outPosition;
      this.options.logger.info('outbox journal compacted', {
        bytesBefore: before,
        bytesAfter: outPosition,
        ms: Date.now() - started,
      });
    } finally {
      this.swapping = undefined;
      release();
    }
  }
}

async function writeFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, written, buffer.length - written, position + written);
    written += bytesWritten;
  }
}
