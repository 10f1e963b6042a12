// The data folder is the owner's alone: 0700, and every file in it 0600. New files are created that way;
// this closes what an earlier version left open (0755/0644). POSIX only: Windows has no such modes
// (the user's profile folder's ACL protects it there).
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function tightenDataFolder(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  if (platform === 'win32') return;
  await fs.chmod(dataDir, 0o700);
  for (const entry of await fs.readdir(dataDir, { withFileTypes: true })) {
    const mode = entry.isDirectory() ? 0o700 : entry.isFile() ? 0o600 : undefined;
    // A file another process removed meanwhile (a lock's temporary file) needs nothing.
    if (mode !== undefined) await fs.chmod(path.join(dataDir, entry.name), mode).catch(ignoreNotFound);
  }
}

function ignoreNotFound(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
