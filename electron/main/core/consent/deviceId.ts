// A stable id for this installation (a random UUID, made once, names no one): evidence says which laptop a
// consent was given on. Kept in the data folder, durably, 0600.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isNotFound, writeFileDurably } from '../platform/durableFs';

const FILE = 'device-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function readOrCreateDeviceId(
  dataDir: string,
  newId: () => string = randomUUID,
): Promise<string> {
  const file = path.join(dataDir, FILE);
  try {
    const stored = (await fs.readFile(file, 'utf8')).trim();
    if (UUID.test(stored)) return stored;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  // Missing or unreadable (a crash before the first write finished): a new id, replaced atomically.
  const id = newId();
  await writeFileDurably(file, `${id}\n`, 0o600);
  return id;
}
