// Secrets (API key, password, refresh token) behind an async interface. Electron encrypts them with
// safeStorage (adapter in the wiring); headless hosts use a 0600 file, sealed with a key from the data keys,
// or environment variables.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReadOnlyError } from '../errors';
import { readJsonFile, writeFileDurably } from './durableFs';

/** `dataKeys`: the key ring of platform/dataKeys.ts, sealed like the Booster secrets. */
export type SecretName = 'apiKey' | 'password' | 'refreshToken' | 'dataKeys';

export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

const secretFileSchema = z.record(z.string(), z.string());

export interface FileSecretStoreOptions {
  fileName?: string;
  /**
   * Seals every value with AES-256-GCM (the secret's name as associated data), so the file holds no secret in
   * clear; undefined while no key exists yet. Plain values of earlier versions still read, and are sealed at
   * the next write.
   */
  sealingKey?: () => Promise<Uint8Array | undefined>;
}

/** Secrets in one JSON file readable only by its owner, replaced atomically. */
export function createFileSecretStore(dir: string, options: FileSecretStoreOptions = {}): SecretStore {
  const file = path.join(dir, options.fileName ?? 'secrets.json');
  const { sealingKey } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, string>> => {
    const parsed = secretFileSchema.safeParse((await readJsonFile(file)) ?? {});
    if (!parsed.success) return {};
    const key = await sealingKey?.();
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.data)) secrets[name] = openSecret(name, value, key);
    return secrets;
  };
  // Serialised so that two concurrent sets cannot lose one another.
  const update = (change: (secrets: Record<string, string>) => void): Promise<void> => {
    const next = queue.then(async () => {
      await fs.mkdir(dir, { recursive: true });
      const secrets = await read();
      change(secrets);
      const key = await sealingKey?.();
      if (sealingKey && !key)
        throw new Error('The key that seals the Booster secrets does not exist yet; nothing was saved.');
      const stored = Object.fromEntries(
        Object.entries(secrets).map(([name, value]) => [name, key ? sealSecret(name, value, key) : value]),
      );
      await writeFileDurably(file, JSON.stringify(stored), 0o600);
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

const SEALED_PREFIX = 'v1.';

function sealSecret(name: string, value: string, key: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`booster-capture secret\u0000${name}`, 'utf8'));
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

function openSecret(name: string, stored: string, key: Uint8Array | undefined): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  if (!key) throw new Error(`The Booster secret '${name}' is sealed, but the key that opens it is missing.`);
  const [ivText = '', sealedText = ''] = stored.slice(SEALED_PREFIX.length).split('.');
  const sealed = Buffer.from(sealedText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(`booster-capture secret\u0000${name}`, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString(
    'utf8',
  );
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
