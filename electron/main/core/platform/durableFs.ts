// Small durable file helpers: write, fsync, atomic rename, fsync the folder (crash-safe on all three OSes).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Atomically replaces a small file; resolves only once the content and the rename are on disk. */
export async function writeFileDurably(file: string, content: string, mode = 0o644): Promise<void> {
  await writeFileAtomic(file, content, { fsync: true, mode });
  await fsyncDirectory(path.dirname(file));
}

/** Makes a rename or a new file's directory entry durable. Windows cannot open folders: NTFS journals it. */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
