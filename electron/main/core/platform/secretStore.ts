// Secrets (API key, password, refresh token) behind an async interface. Electron encrypts them with
// safeStorage (adapter in the wiring); headless hosts use a 0600 file or environment variables.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReadOnlyError } from '../errors';
import { readJsonFile, writeFileDurably } from './durableFs';

export type SecretName = 'apiKey' | 'password' | 'refreshToken';

export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

const secretFileSchema = z.record(z.string(), z.string());

/** Secrets in one JSON file readable only by its owner, replaced atomically. */
export function createFileSecretStore(dir: string, fileName = 'secrets.json'): SecretStore {
  const file = path.join(dir, fileName);
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, string>> => {
    const parsed = secretFileSchema.safeParse((await readJsonFile(file)) ?? {});
    return parsed.success ? parsed.data : {};
  };
  // Serialised so that two concurrent sets cannot lose one another.
  const update = (change: (secrets: Record<string, string>) => void): Promise<void> => {
    const next = queue.then(async () => {
      await fs.mkdir(dir, { recursive: true });
      const secrets = await read();
      change(secrets);
      await writeFileDurably(file, JSON.stringify(secrets), 0o600);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    get: async (name) => (await read())[name],
    set: (name, value) => update((secrets) => void (secrets[name] = value)),
    delete: (name) => update((secrets) => void delete secrets[name]),
  };
}

/** Read-only secrets from the environment: prefix 'BOOSTER_' maps apiKey to BOOSTER_API_KEY. */
export function createEnvSecretStore(prefix = 'BOOSTER_', env: NodeJS.ProcessEnv = process.env): SecretStore {
  const variable = (name: SecretName) =>
    prefix + name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
  return {
    get: async (name) => env[variable(name)] || undefined,
    set: async () => {
      throw new ReadOnlyError('The environment secret store');
    },
    delete: async () => undefined,
  };
}

/** Secrets kept only in memory, for one run (e.g. a key passed on the command line) and tests. */
export function createMemorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const secrets = new Map<SecretName, string>(Object.entries(initial) as [SecretName, string][]);
  return {
    get: async (name) => secrets.get(name),
    set: async (name, value) => void secrets.set(name, value),
    delete: async (name) => void secrets.delete(name),
  };
}

/** Reads from the first store that has the secret; writes and deletes go to the first (writable) store. */
export function createCompositeSecretStore(writable: SecretStore, ...fallbacks: SecretStore[]): SecretStore {
  return {
    get: async (name) => {
      for (const store of [writable, ...fallbacks]) {
        const value = await store.get(name);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    set: (name, value) => writable.set(name, value),
    delete: (name) => writable.delete(name),
  };
}
