// app-lock.json in the data folder: the PIN's scrypt hash and the wrong-attempt count, so that a restart
// neither forgets the PIN nor resets the throttle. 0600, replaced durably (write, fsync, rename, fsync the
// folder) before main answers. It holds no key: the outbox and drafts are sealed by keys elsewhere, which is
// why IT may delete this file (app closed) to reset a forgotten PIN without losing a client.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { decodeUtf8Strict } from '../../../../shared/text/utf8';
import { isNotFound, writeFileDurably } from '../platform/durableFs';
import { pinHashSchema } from './pinHash';

export const PIN_FILE_NAME = 'app-lock.json';
const MAX_PIN_FILE_BYTES = 64 * 1024;

export const pinFileSchema = z
  .strictObject({
    version: z.literal(1),
    /** 'pin': locked by the hash below; 'off': staff chose no app lock. */
    mode: z.enum(['pin', 'off']),
    pin: pinHashSchema.optional(),
    failures: z.number().int().min(0).max(1_000_000),
    lastFailureAt: z.number().int().nonnegative().optional(),
  })
  .refine(
    (file) => (file.mode === 'pin') === (file.pin !== undefined),
    'a PIN hash goes with mode "pin" only',
  );
export type PinFile = z.infer<typeof pinFileSchema>;

/** 'damaged': the file exists but cannot be read as ours; nothing guessed from it. */
export type PinFileRead =
  { kind: 'absent' } | { kind: 'present'; file: PinFile } | { kind: 'damaged'; reason: string };

export interface PinFileStore {
  read(): Promise<PinFileRead>;
  /** Resolves once the file is on disk. */
  write(file: PinFile): Promise<void>;
}

export function createPinFileStore(dataDir: string): PinFileStore {
  const file = path.join(dataDir, PIN_FILE_NAME);
  return {
    async read() {
      let bytes: Buffer;
      try {
        const handle = await fs.open(file, 'r');
        try {
          const buffer = Buffer.alloc(MAX_PIN_FILE_BYTES + 1);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
          if (bytesRead > MAX_PIN_FILE_BYTES) return { kind: 'damaged', reason: 'larger than 64 KiB' };
          bytes = buffer.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
      } catch (error) {
        if (isNotFound(error)) return { kind: 'absent' };
        throw error;
      }
      const text = decodeUtf8Strict(bytes);
      if (!text.ok) return { kind: 'damaged', reason: 'not UTF-8' };
      let json: unknown;
      try {
        json = JSON.parse(text.text);
      } catch {
        return { kind: 'damaged', reason: 'not JSON' };
      }
      const parsed = pinFileSchema.safeParse(json);
      if (!parsed.success) return { kind: 'damaged', reason: 'unexpected content' };
      return { kind: 'present', file: parsed.data };
    },
    write: (content) => writeFileDurably(file, `${JSON.stringify(content)}\n`, 0o600),
  };
}
