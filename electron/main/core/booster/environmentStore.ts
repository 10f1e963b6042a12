// Which Booster to talk to, kept in the data folder as plain JSON: nothing secret in it.
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileDurably } from '../platform/durableFs';
import { promises as fs } from 'node:fs';

export const environmentConfigSchema = z.object({
  baseUrl: z.string().min(1),
  mode: z.enum(['apiKey', 'credentials']),
  userName: z.string().optional(),
  /** Booster refused the stored secret: sync stays paused until someone signs in again. */
  signInNeeded: z.boolean().optional(),
});
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

export interface EnvironmentStore {
  load(): Promise<EnvironmentConfig | undefined>;
  save(config: EnvironmentConfig | undefined): Promise<void>;
}

export function createFileEnvironmentStore(dataDir: string): EnvironmentStore {
  const file = path.join(dataDir, 'environment.json');
  return {
    load: async () => {
      const parsed = environmentConfigSchema.safeParse(await readJsonFile(file));
      return parsed.success ? parsed.data : undefined;
    },
    save: async (config) => {
      if (config) await writeFileDurably(file, JSON.stringify(config, null, 2));
      else await fs.rm(file, { force: true });
    },
  };
}

export function createMemoryEnvironmentStore(initial?: EnvironmentConfig): EnvironmentStore {
  let current = initial;
  return {
    load: async () => current,
    save: async (config) => void (current = config),
  };
}
