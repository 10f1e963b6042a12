// Which Booster to talk to, kept in the data folder as plain JSON: nothing secret in it. Validated with the
// same base-URL rule as the settings form when read, so a hand-edited or old file is reported, never used.
import path from 'node:path';
import { z } from 'zod';
import { authModeSchema, baseUrlSchema } from '../../../../shared/ipc/auth';
import { ambiguousAttemptLimitSchema } from '../../../../shared/ipc/outbox';
import { readJsonFile, writeFileDurably } from '../platform/durableFs';
import { promises as fs } from 'node:fs';

export const environmentConfigSchema = z.object({
  baseUrl: baseUrlSchema,
  mode: authModeSchema,
  userName: z.string().trim().min(1).optional(),
  /** Booster refused the stored secret: sync stays paused until someone signs in again. */
  signInNeeded: z.boolean().optional(),
  /** Lost answers allowed per client before a person decides (1–10; absent: 2). */
  ambiguousAttemptLimit: ambiguousAttemptLimitSchema.optional(),
  /** This Booster honours Idempotency-Key: a lost answer is retried without limit. */
  idempotencyKey: z.boolean().optional(),
});
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

export const ENVIRONMENT_FILE = 'environment.json';

/** environment.json read and checked: absent (undefined config), valid, or a problem a person can act on. */
export type EnvironmentFileRead =
  { ok: true; config: EnvironmentConfig | undefined } | { ok: false; problem: string };

export async function readEnvironmentFile(dataDir: string): Promise<EnvironmentFileRead> {
  const file = path.join(dataDir, ENVIRONMENT_FILE);
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    if (error instanceof SyntaxError)
      return { ok: false, problem: invalidFileMessage(file, 'not valid JSON') };
    throw error;
  }
  if (raw === undefined) return { ok: true, config: undefined };
  const parsed = environmentConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const details = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'the file'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem: invalidFileMessage(file, details) };
}

function invalidFileMessage(file: string, details: string): string {
  return `The Booster environment in '${file}' is not valid (${details}). It is not used: enter the Booster address and sign-in again.`;
}

export interface EnvironmentStore {
  load(): Promise<EnvironmentConfig | undefined>;
  save(config: EnvironmentConfig | undefined): Promise<void>;
}

/** `onInvalid` hears about a file that exists but is not valid (it is then treated as not configured). */
export function createFileEnvironmentStore(
  dataDir: string,
  options: { onInvalid?: (problem: string) => void } = {},
): EnvironmentStore {
  const file = path.join(dataDir, ENVIRONMENT_FILE);
  return {
    load: async () => {
      const read = await readEnvironmentFile(dataDir);
      if (read.ok) return read.config;
      options.onInvalid?.(read.problem);
      return undefined;
    },
    save: async (config) => {
      // 0600 like the other files of the folder that say something about who signs in.
      if (config) await writeFileDurably(file, JSON.stringify(config, null, 2), 0o600);
      else await fs.rm(file, { force: true });
    },
  };
}
