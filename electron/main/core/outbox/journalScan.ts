// Sequential reading and byte-range copying of the journal with bounded memory. Lines may be longer than
// a read chunk (a folder written before the line limit existed): they are carried across chunks, and a
// line beyond `maxLineBytes` is reported by position only, never held whole in memory.
import type { FileHandle } from 'node:fs/promises';

export interface ScannedLine {
  /** Byte offset of the line in the file. */
  start: number;
  /** Length including the newline. */
  length: number;
  /** The line without its newline; undefined when it is longer than `maxLineBytes`. Like `head`, valid only
   *  during the callback (the read buffer is reused). */
  bytes: Buffer | undefined;
  /** The first bytes of the line (where the metadata, and so the captureId, sits). */
  head: Buffer;
}

export interface ScanResult {
  /** End of the last complete (newline-terminated) line. */
  completeEnd: number;
  /** End of the file as read. */
  end: number;
}

const HEAD_BYTES = 64 * 1024;

/** Calls `onLine` for every newline-terminated line in file order; bytes after the last newline are the tail. */
export async function scanJournalLines(
  handle: Pick<FileHandle, 'read'>,
  options: { chunkBytes: number; maxLineBytes: number },
  onLine: (line: ScannedLine) => void,
): Promise<ScanResult> {
  const chunk = Buffer.alloc(options.chunkBytes);
  let pieces: Buffer[] = [];
  let pendingBytes = 0;
  /** The first bytes of an oversized line, kept while the rest is skipped. */
  let head: Buffer = Buffer.alloc(0);
  let oversized = false;
  let lineStart = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const data = chunk.subarray(0, bytesRead);
    let offset = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, offset);
      if (newline < 0) break;
      const piece = data.subarray(offset, newline);
      const length = pendingBytes + piece.length + 1;
      let bytes: Buffer | undefined;
      if (!oversized && length - 1 <= options.maxLineBytes)
        bytes = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece]);
      const lineHead = bytes ? bytes.subarray(0, HEAD_BYTES) : headOf(head, piece);
      onLine({ start: lineStart, length, bytes, head: lineHead });
      lineStart += length;
      pieces = [];
      pendingBytes = 0;
      head = Buffer.alloc(0);
      oversized = false;
      offset = newline + 1;
    }
    if (offset < bytesRead) {
      // Copied: `chunk` is reused for the next read.
      const rest = Buffer.from(data.subarray(offset));
      head = headOf(head, rest);
      pendingBytes += rest.length;
      if (pendingBytes > options.maxLineBytes) {
        oversized = true;
        pieces = [];
      } else {
        pieces.push(rest);
      }
    }
    position += bytesRead;
  }
  return { completeEnd: lineStart, end: position };
}

function headOf(head: Buffer, more: Buffer): Buffer {
  return head.length >= HEAD_BYTES ? head : Buffer.concat([head, more.subarray(0, HEAD_BYTES - head.length)]);
}

export interface ByteRange {
  start: number;
  length: number;
}

/** Copies byte ranges of `from`, in order, to `to` starting at `toPosition`; returns the bytes written. */
export async function copyByteRanges(
  from: Pick<FileHandle, 'read'>,
  ranges: readonly ByteRange[],
  to: Pick<FileHandle, 'write'>,
  toPosition: number,
  chunkBytes: number,
): Promise<number> {
  const buffer = Buffer.alloc(chunkBytes);
  let filled = 0;
  let outPosition = toPosition;
  const drain = async () => {
    await writeFully(to, buffer.subarray(0, filled), outPosition);
    outPosition += filled;
    filled = 0;
  };
  for (const range of ranges) {
    let copied = 0;
    while (copied < range.length) {
      if (filled === buffer.length) await drain();
      const wanted = Math.min(buffer.length - filled, range.length - copied);
      const { bytesRead } = await from.read(buffer, filled, wanted, range.start + copied);
      if (bytesRead === 0) throw new Error('The journal ended before a range being copied.');
      filled += bytesRead;
      copied += bytesRead;
    }
  }
  if (filled > 0) await drain();
  return outPosition - toPosition;
}

export async function writeFully(
  handle: Pick<FileHandle, 'write'>,
  buffer: Buffer,
  position: number,
): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, written, buffer.length - written, position + written);
    written += bytesWritten;
  }
}
