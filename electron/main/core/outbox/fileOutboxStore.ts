// The outbox on disk: an append-only journal of entry snapshots (see journalLine.ts), fsync'd before any
// write is acknowledged, with group commit (writes that arrive during a flush share the next fsync).
// The index keeps only metadata and the byte range of each latest body. On open, skipped bytes (garbled
// lines, a torn tail) are first copied aside and reported (journalDamage.ts), then removed. When dead
// snapshots dominate, live lines are copied by byte range to a new file, fsync'd and renamed into place.
// Before every flush (and compaction's rename) the store checks that the data folder's lock is still its
// own; once it is not, nothing more is written.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import { LockLostError, type DataDirLockGuard } from '../platform/dataDirLock';
import { fsyncDirectory, isNotFound } from '../platform/durableFs';
import {
  acknowledgeReports,
  combineDamage,
  findCaptureId,
  quarantineDamage,
  readDamageReports,
  readReportedUnreadableBodies,
  saveJournalBytes,
  summarizeDamage,
  type DamagedLine,
  type FolderDamage,
} from './journalDamage';
import { decodeJournalLine, encodeJournalLine, hasValidChecksum } from './journalLine';
import { copyByteRanges, scanJournalLines, writeFully, type ScannedLine } from './journalScan';
import type { DamageReport, OutboxStore } from './store';
import { MAX_JOURNAL_LINE_BYTES, RecordTooLargeError } from './storeErrors';
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
  /** The data folder's lock, checked before every flush; without it (tests, read-only) nothing is checked. */
  lock?: DataDirLockGuard;
  /** Refuse lines larger than this (default MAX_JOURNAL_LINE_BYTES). */
  maxLineBytes?: number;
  now?: () => Date;
}

const READ_CHUNK = 4 * 1024 * 1024;
/** Lines up to this are decoded on open (folders written before the write limit); longer ones are damage. */
const MAX_READABLE_LINE = 64 * 1024 * 1024;

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
  private lockLost: LockLostError | undefined;
  /** Unacknowledged damage reports in the folder. */
  private savedDamage: FolderDamage[] = [];
  /** Damage seen but not saved (read-only opens, or saving failed). */
  private unsavedDamage: DamagedLine[] = [];
  /** Entries whose body turned out unreadable, each reported once (loaded from the reports when needed). */
  private unreadableBodies: Promise<Set<string>> | undefined;

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
    this.unsavedDamage = [];
    let created = false;
    if (!readOnly) {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      created = !(await fs.stat(this.file).then(
        () => true,
        () => false,
      ));
    }
    this.savedDamage = await readDamageReports(path.dirname(this.file));
    try {
      this.handle = await fs.open(this.file, readOnly ? 'r' : 'a+', 0o600);
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
      // A compaction cut short by a crash leaves its copy behind: it may hold clients erased since.
      await fs.rm(`${this.file}.compact`, { force: true });
    }
    const { damaged, completeEnd, end } = await this.loadIndex();
    this.fileSize = completeEnd;
    const tailBytes = end - completeEnd;
    if (damaged.length > 0)
      this.options.logger.error('outbox journal: damaged lines found; their bytes are kept for a person', {
        ...summarizeDamage(damaged),
      });
    if (readOnly) {
      // A tail is expected here: the owner of the folder may be writing right now.
      this.unsavedDamage = damaged;
      return;
    }
    if (damaged.length > 0 || tailBytes > 0) await this.verifyLock();
    // Copies first: nothing leaves the journal before its copy is on disk.
    if (tailBytes > 0) {
      const copy = await saveJournalBytes(
        this.handle,
        path.dirname(this.file),
        'interrupted',
        [{ start: completeEnd, length: tailBytes }],
        this.now(),
        READ_CHUNK,
      );
      this.options.logger.warn('outbox journal: a write cut short by a crash (never acknowledged) was kept', {
        file: copy,
        bytes: tailBytes,
      });
    }
    if (damaged.length > 0) {
      const saved = await this.saveDamage(damaged).then(
        () => true,
        (error: unknown) => {
          // Left in place (harmless between valid lines) and reported as unsaved; tried again next open.
          this.options.logger.error('outbox journal: could not save a copy of the damaged lines', { error });
          this.unsavedDamage = damaged;
          return false;
        },
      );
      // Rewriting the journal with the live lines only drops the damaged ones (and the tail). If that
      // fails (a full disk), they stay where they are, skipped as before: the folder still opens.
      const rewritten =
        saved &&
        (await this.exclusive(() => this.rewriteLiveLines()).then(
          () => true,
          (error: unknown) => {
            if (error instanceof LockLostError) throw error;
            this.options.logger.error('outbox journal: could not rewrite it without the damaged lines', {
              error,
            });
            return false;
          },
        ));
      if (rewritten) return;
    }
    if (tailBytes > 0) {
      await this.handle.truncate(completeEnd);
      await this.handle.sync();
    }
    if (this.shouldCompact()) await this.exclusive(() => this.rewriteLiveLines());
  }

  /** Erasure: rewrites the journal now if any dead snapshot is left in it (a no-op otherwise), under the same
   *  lock check and fsyncs as the size-triggered compaction; writes wait meanwhile. */
  async compact(): Promise<void> {
    if (this.options.readOnly || !this.handle) throw new Error('The outbox is open read-only.');
    if (this.lockLost) throw this.lockLost;
    await this.exclusive(async () => {
      if (this.fileSize === this.liveBytes) return;
      // Damaged lines whose copy could not be saved at open are kept in place until a copy exists.
      if (this.unsavedDamage.length > 0) {
        await this.saveDamage(this.unsavedDamage);
        this.unsavedDamage = [];
      }
      await this.rewriteLiveLines();
    });
  }

  damage(): DamageReport {
    const unsaved = { ...summarizeDamage(this.unsavedDamage), files: [] };
    return combineDamage([...this.savedDamage.map((saved) => saved.damage), unsaved]);
  }

  async acknowledgeDamage(): Promise<number> {
    const acknowledged = await acknowledgeReports(this.savedDamage.map((saved) => saved.reportFile));
    this.savedDamage = [];
    return acknowledged;
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
    return (await this.readEntry(captureId))?.body;
  }

  async readEntry(captureId: string): Promise<{ meta: EntryMeta; body: StoredBody } | undefined> {
    while (this.swapping) await this.swapping;
    const entry = this.index.get(captureId);
    if (!entry || !this.handle || entry.bodyLength <= 2) return undefined;
    // Taken before the read: a write landing meanwhile moves the entry on, never these bytes (the journal is
    // append-only, and a compaction's close waits for reads in flight on the old file).
    const { meta, bodyStart, bodyLength } = entry;
    const buffer = Buffer.allocUnsafe(bodyLength);
    const { bytesRead } = await this.handle.read(buffer, 0, bodyLength, bodyStart);
    const parsed = storedBodySchema.safeParse(parseJson(buffer.toString('utf8', 0, bytesRead)));
    if (parsed.success) return { meta, body: parsed.data };
    // A checksum-valid line of an unexpected shape: damage for this one entry, not an error for every reader.
    await this.reportUnreadableBody(entry);
    return undefined;
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
    if (this.lockLost) return Promise.reject(this.lockLost);
    const line = encodeJournalLine(meta, body);
    // Refused before it joins a batch: the other writes of the same group commit go ahead.
    if (line.length > (this.options.maxLineBytes ?? MAX_JOURNAL_LINE_BYTES))
      return Promise.reject(new RecordTooLargeError(line.length));
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
      try {
        await this.verifyLock();
      } catch (error) {
        // Not ours any more: this batch and everything queued after it fail; nothing reaches the file.
        const refused = [...batch, ...this.queue];
        this.queue = [];
        for (const write of refused) write.reject(error);
        continue;
      }
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
          await this.rewriteLiveLines();
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

  /** Reads the journal sequentially into the index; returns the lines that could not be used. */
  private async loadIndex(): Promise<{ damaged: DamagedLine[]; completeEnd: number; end: number }> {
    const damaged: DamagedLine[] = [];
    const { completeEnd, end } = await scanJournalLines(
      this.handle!,
      { chunkBytes: READ_CHUNK, maxLineBytes: MAX_READABLE_LINE },
      (line) => {
        const decoded = line.bytes ? decodeJournalLine(line.bytes) : undefined;
        if (decoded)
          this.loadLine(decoded.meta, line.start, line.length, decoded.bodyStart, decoded.bodyLength);
        else damaged.push(describeDamagedLine(line));
      },
    );
    return { damaged, completeEnd, end };
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

  /** Copies the live lines, by byte range, to a new file and swaps it in. Runs with no flush in progress. */
  private async rewriteLiveLines(): Promise<void> {
    const started = Date.now();
    const temp = `${this.file}.compact`;
    const live = [...this.index.values()].sort((a, b) => a.lineStart - b.lineStart);
    const moves: { entry: IndexEntry; newStart: number }[] = [];
    let outPosition = 0;
    for (const entry of live) {
      moves.push({ entry, newStart: outPosition });
      outPosition += entry.lineLength;
    }
    try {
      const out = await fs.open(temp, 'w', 0o600);
      try {
        const ranges = live.map((entry) => ({ start: entry.lineStart, length: entry.lineLength }));
        await copyByteRanges(this.handle!, ranges, out, 0, READ_CHUNK);
        await out.sync();
      } finally {
        await out.close();
      }
      // Another writer may own the folder now: then the journal is theirs, never replace it.
      await this.verifyLock();
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
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

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Throws LockLostError (and remembers it) once the data folder's lock is not ours. */
  private async verifyLock(): Promise<void> {
    if (this.lockLost) throw this.lockLost;
    if (!this.options.lock) return;
    try {
      await this.options.lock.verify();
    } catch (error) {
      this.lockLost = error instanceof LockLostError ? error : new LockLostError(error);
      this.options.logger.error('outbox journal: the data folder lock is no longer ours; writing stopped', {
        reason: this.lockLost.message,
      });
      throw this.lockLost;
    }
  }

  /** Copies the damaged lines and their report durably beside the journal. */
  private async saveDamage(damaged: readonly DamagedLine[]): Promise<void> {
    const dir = path.dirname(this.file);
    const { reportFile, report } = await quarantineDamage(this.handle!, dir, damaged, this.now(), READ_CHUNK);
    this.savedDamage.push({
      reportFile,
      damage: {
        lines: report.lines,
        bytes: report.bytes,
        captureIds: report.captureIds,
        files: [path.join(dir, report.copy)],
      },
    });
  }

  private async reportUnreadableBody(entry: IndexEntry): Promise<void> {
    const captureId = entry.meta.captureId;
    this.unreadableBodies ??= readReportedUnreadableBodies(path.dirname(this.file)).catch(() => new Set());
    const reported = await this.unreadableBodies;
    if (reported.has(captureId)) return;
    reported.add(captureId);
    const line: DamagedLine = {
      start: entry.lineStart,
      length: entry.lineLength,
      reason: 'unreadableBody',
      captureId,
    };
    this.options.logger.error('outbox journal: an entry has an unreadable body; its bytes are kept', {
      captureId,
    });
    if (this.options.readOnly) {
      this.unsavedDamage.push(line);
      return;
    }
    try {
      await this.saveDamage([line]);
    } catch (error) {
      this.options.logger.error('outbox journal: could not save a copy of a damaged entry', { error });
      this.unsavedDamage.push(line);
    }
  }
}

function describeDamagedLine(line: ScannedLine): DamagedLine {
  const reason = !line.bytes ? 'tooLong' : hasValidChecksum(line.bytes) ? 'shape' : 'checksum';
  const captureId = findCaptureId(line.head);
  return { start: line.start, length: line.length, reason, ...(captureId ? { captureId } : {}) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
