// The salt of the contact hashes: random per data folder, so hashes of one laptop say nothing on another.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileDurably } from './platform/durableFs';

const saltSchema = z.object({ salt: z.string().min(16) });

/** A read-only open of a folder that never had a salt matches no contact (nothing is hashed there yet). */
const UNSALTED_READ_ONLY = 'read-only';

/** Reads `contact-salt.json`; a writable open creates it (0600) the first time. */
export async function loadContactSalt(dataDir: string, access: 'readWrite' | 'readOnly'): Promise<string> {
  const file = path.join(dataDir, 'contact-salt.json');
  const parsed = saltSchema.safeParse(await readJsonFile(file));
  if (parsed.success) return parsed.data.salt;
  if (access === 'readOnly') return UNSALTED_READ_ONLY;
  const salt = randomBytes(32).toString('base64url');
  await writeFileDurably(file, JSON.stringify({ salt }), 0o600);
  return salt;
}
