// Training data lives apart from real data: its own folder (outbox, lock, ids), marked as such at its first
// open. The marker is what makes the separation a hard rule rather than a convention: the real services refuse
// a marked folder, and training services refuse a real folder, whatever path a host or a typo hands them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EnvironmentConfig, EnvironmentStore } from '../booster/environmentStore';
import { isNotFound, readJsonFile, writeFileDurably } from '../platform/durableFs';
import { createMemorySecretStore, type SecretStore } from '../platform/secretStore';
import { TRAINING_API_KEY, TRAINING_BOOSTER_URL, type TrainingIds } from './trainingBooster';

export type AppMode = 'real' | 'training';

export const TRAINING_FOLDER = 'training';
export const TRAINING_MARKER_FILE = 'training-mode.json';
const IDS_FILE = 'training-booster.json';

/** The training folder of a data folder: inside it, so a backup or an erase of the app's data covers both. */
export function trainingDataDir(dataDir: string): string {
  return path.join(dataDir, TRAINING_FOLDER);
}

export class FolderModeError extends Error {
  readonly code = 'wrongDataFolder';
  override readonly name = 'FolderModeError';
}

/** Refuses a folder of the other mode; marks a new training folder. Called before anything is opened. */
export async function checkFolderMode(dataDir: string, mode: AppMode): Promise<void> {
  const marked = await exists(path.join(dataDir, TRAINING_MARKER_FILE));
  if (mode === 'real') {
    if (marked)
      throw new FolderModeError(
        `The folder '${dataDir}' holds training data (${TRAINING_MARKER_FILE}): it is never sent to a real Booster. Use the app's data folder, not its training folder.`,
      );
    return;
  }
  if (marked) return;
  if (await exists(path.join(dataDir, 'outbox.journal')))
    throw new FolderModeError(
      `The folder '${dataDir}' holds real clients: training mode never opens it. Nothing was changed.`,
    );
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileDurably(path.join(dataDir, TRAINING_MARKER_FILE), JSON.stringify({ training: true }), 0o600);
}

const trainingEnvironment: EnvironmentConfig = { baseUrl: TRAINING_BOOSTER_URL, mode: 'apiKey' };

/** The training environment, fixed: a Booster address cannot be configured in training mode. */
export function createTrainingEnvironmentStore(): EnvironmentStore {
  let config: EnvironmentConfig = { ...trainingEnvironment };
  return {
    load: async () => config,
    save: async (next) => {
      // The engine may mark or clear signInNeeded on the training environment; anything else is refused.
      if (next?.baseUrl !== TRAINING_BOOSTER_URL) throw new TrainingEnvironmentError();
      config = next;
    },
  };
}

export class TrainingEnvironmentError extends Error {
  readonly code = 'trainingMode';
  override readonly name = 'TrainingEnvironmentError';
  constructor() {
    super(
      'In training mode the app uses its built-in training Booster and sends nothing anywhere else. Turn training mode off in Settings to change the Booster environment.',
    );
  }
}

export function createTrainingSecretStore(): SecretStore {
  return createMemorySecretStore({ apiKey: TRAINING_API_KEY });
}

const idsFileSchema = z.object({ nextId: z.number().int().positive() });

/** The training Booster's ids, kept in the training folder (a repeated id would look like a duplicate). */
export function createFileTrainingIds(dataDir: string): TrainingIds {
  const file = path.join(dataDir, IDS_FILE);
  let nextId: number | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  return {
    next() {
      const result = chain.then(async () => {
        if (nextId === undefined) {
          const parsed = idsFileSchema.safeParse(await readJsonFile(file).catch(() => undefined));
          nextId = parsed.success ? parsed.data.nextId : 1;
        }
        const id = nextId;
        // Durable before the id is answered, as Booster's own store would be.
        await writeFileDurably(file, JSON.stringify({ nextId: id + 1 }), 0o600);
        nextId = id + 1;
        return id;
      });
      chain = result.catch(() => undefined);
      return result;
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
