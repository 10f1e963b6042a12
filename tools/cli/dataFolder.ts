// Where the CLI's paths point, and whether a folder is a data folder. A wrong --data-dir must not look like
// an empty outbox: reading commands and sync refuse it; only enqueue creates a folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The folder relative paths start from: where the command was typed. Under `npm run cli` the process runs
 *  in the project root and npm puts the caller's folder in INIT_CWD; a CLI started any other way (or by
 *  another npm script that inherited INIT_CWD) uses its own working folder. */
export function callerFolder(env: Record<string, string | undefined>, cwd: string): string {
  const typedFrom = env.INIT_CWD;
  return typedFrom && env.npm_lifecycle_event === 'cli' ? typedFrom : cwd;
}

export function resolveFromCaller(
  input: string,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  return path.resolve(callerFolder(env, cwd), input);
}

export const JOURNAL_FILE = 'outbox.journal';

/** Why `dir` cannot be read as a data folder, or undefined when it can. */
export async function dataFolderProblem(dir: string): Promise<string | undefined> {
  const stat = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (stat instanceof Error) {
    if (stat.code === 'ENOENT')
      return `The data folder '${dir}' does not exist. Check --data-dir (a relative path starts from the folder the command was typed in).`;
    return `The data folder '${dir}' cannot be read (${stat.code ?? stat.message}).`;
  }
  if (!stat.isDirectory()) return `'${dir}' is a file, not a data folder. Check --data-dir.`;
  const journal = await fs.stat(path.join(dir, JOURNAL_FILE)).catch(() => undefined);
  if (!journal?.isFile())
    return `'${dir}' is not a Booster Capture data folder (it has no ${JOURNAL_FILE}). Check --data-dir; 'enqueue' creates a new one.`;
  return undefined;
}
