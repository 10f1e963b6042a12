// The consent evidence of this installation: an append-only journal, one AES-256-GCM sealed line per tick
// (given or withdrawn), fsync'd before the tick is acknowledged. A line is `<seq>\t<captureId>\t<sealed>\n`:
// the capture id (a random UUID) stays readable so a client's lines can be erased without the key; the rest
// (purpose, text, staff, device, times) is sealed, with seq and capture id as associated data so a line
// cannot be moved to another client. The key is derived from the installation's key ring (HKDF of the
// contact key, which is never rotated), so a data-key rotation never strands evidence.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { consentEvidenceSchema, type ConsentEvidence } from '../../../../shared/ipc/consent';
import { writeFileDurably } from '../platform/durableFs';
import type { Logger } from '../platform/logger';

export const EVIDENCE_FILE = 'consent-evidence.journal';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const storedSchema = z.object({
  evidence: consentEvidenceSchema,
  reading: z.object({
    deviceTimeMs: z.number(),
    monotonicMs: z.number(),
    monotonicEpoch: z.string(),
  }),
});
/** What a line holds: the evidence as recorded, and the clock readings that let its time be corrected. */
export type StoredEvidence = z.infer<typeof storedSchema>;

/** The evidence key: its own purpose, from a key of the ring that is not rotated. */
export function evidenceKeyFrom(contactKey: Uint8Array): Buffer {
  return Buffer.from(
    hkdfSync('sha256', contactKey, Buffer.alloc(0), 'booster-capture consent evidence v1', 32),
  );
}

export class EvidenceStorageError extends Error {
  readonly code = 'storageFailed';
  override readonly name = 'EvidenceStorageError';
}

export class ConsentEvidenceStore {
  readonly #file: string;
  readonly #key: Buffer;
  readonly #logger: Pick<Logger, 'warn' | 'error'>;
  readonly #readOnly: boolean;
  #rows: StoredEvidence[] = [];
  #nextSeq = 1;
  /** Appends and erasures one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();
  #handle: fs.FileHandle | undefined;

  private constructor(
    dataDir: string,
    key: Buffer,
    logger: Pick<Logger, 'warn' | 'error'>,
    readOnly: boolean,
  ) {
    this.#file = path.join(dataDir, EVIDENCE_FILE);
    this.#key = key;
    this.#logger = logger;
    this.#readOnly = readOnly;
  }

  static async open(options: {
    dataDir: string;
    key: Buffer;
    logger: Pick<Logger, 'warn' | 'error'>;
    /** Read without writing (another process may own the folder): a cut last line is skipped, not dropped;
     *  append and erase refuse. */
    readOnly?: boolean;
  }): Promise<ConsentEvidenceStore> {
    const store = new ConsentEvidenceStore(
      options.dataDir,
      options.key,
      options.logger,
      options.readOnly ?? false,
    );
    await store.#load();
    return store;
  }

  async #load(): Promise<void> {
    let content = '';
    try {
      content = await fs.readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const end = content.lastIndexOf('\n') + 1;
    if (end < content.length && !this.#readOnly) {
      // A line cut by a crash was never acknowledged: drop it so the next append starts on a fresh line.
      this.#logger.warn('consent evidence: an unfinished last line was dropped (never acknowledged)');
      await fs.truncate(this.#file, Buffer.byteLength(content.slice(0, end), 'utf8'));
    }
    for (const line of content.slice(0, end).split('\n')) {
      if (line === '') continue;
      const row = this.#open(line);
      if (row) this.#rows.push(row);
      else this.#logger.error('consent evidence: a line cannot be read; it is kept on disk');
      const seq = Number(line.split('\t', 1)[0]);
      if (Number.isSafeInteger(seq) && seq >= this.#nextSeq) this.#nextSeq = seq + 1;
    }
  }

  /** Seals and appends one tick; resolves once it is on disk, with its sequence number. */
  append(entry: {
    evidence: Omit<ConsentEvidence, 'seq'>;
    reading: StoredEvidence['reading'];
  }): Promise<StoredEvidence> {
    return this.#serially(async () => {
      if (this.#readOnly) throw new Error('consent evidence: opened read-only');
      const seq = this.#nextSeq;
      const row: StoredEvidence = { evidence: { ...entry.evidence, seq }, reading: entry.reading };
      const line = `${seq}\t${row.evidence.captureId}\t${this.#seal(row)}\n`;
      try {
        this.#handle ??= await fs.open(this.#file, 'a', 0o600);
        await this.#handle.appendFile(line, 'utf8');
        await this.#handle.datasync();
      } catch (error) {
        await this.#closeHandle();
        throw new EvidenceStorageError(
          'The consent could not be written to disk, so it is not recorded. Free some space or check the disk, then tick it again.',
          { cause: error },
        );
      }
      // On disk first, then in memory.
      this.#nextSeq = seq + 1;
      this.#rows.push(row);
      return row;
    });
  }

  forCapture(captureId: string): StoredEvidence[] {
    return this.#rows.filter((row) => row.evidence.captureId === captureId);
  }

  all(): readonly StoredEvidence[] {
    return this.#rows;
  }

  /** Removes every line of a client from the file (rewritten, fsync'd, renamed over); answers how many. */
  erase(captureId: string): Promise<number> {
    return this.#serially(async () => {
      if (this.#readOnly) throw new Error('consent evidence: opened read-only');
      const before = this.#rows.length;
      const content = await fs.readFile(this.#file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (content === undefined) return 0;
      const kept = content
        .split('\n')
        .filter((line) => line !== '' && line.split('\t')[1] !== captureId)
        .map((line) => `${line}\n`)
        .join('');
      await this.#closeHandle();
      await writeFileDurably(this.#file, kept, 0o600);
      this.#rows = this.#rows.filter((row) => row.evidence.captureId !== captureId);
      return before - this.#rows.length;
    });
  }

  close(): Promise<void> {
    return this.#serially(() => this.#closeHandle());
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  #seal(row: StoredEvidence): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(row.evidence.seq, row.evidence.captureId));
    const sealed = Buffer.concat([
      cipher.update(JSON.stringify(row), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  #open(line: string): StoredEvidence | undefined {
    const [seqText = '', captureId = '', sealedText = '', ...rest] = line.split('\t');
    const [prefix, ivText = '', ctText = ''] = sealedText.split('.');
    if (rest.length > 0 || prefix !== 'v1') return undefined;
    try {
      const iv = Buffer.from(ivText, 'base64url');
      const sealed = Buffer.from(ctText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(Number(seqText), captureId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const parsed = storedSchema.safeParse(JSON.parse(plain));
      return parsed.success && parsed.data.evidence.captureId === captureId ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function associatedData(seq: number, captureId: string): Buffer {
  return Buffer.from(`booster-capture consent evidence\u0000${seq}\u0000${captureId}`, 'utf8');
}
