// The keys that protect client data at rest, one set per installation, from the CSPRNG:
// - data keys (AES-256-GCM) for the outbox's personal data: the current one, plus during a rotation the
//   previous ones, so every entry stays readable whatever moment a crash picks;
// - the contact key (HMAC-SHA-256) for duplicate-warning hashes (a dictionary cannot reverse them);
// - the draft key, handed to the renderer for the session to encrypt drafts in IndexedDB;
// - the secrets key, sealing the Booster secrets a headless host keeps in a file.
// They are never on disk in clear: a KeySource seals them (Electron safeStorage), or holds them in an
// environment variable or a 0600 key file outside the data folder (CLI, web host).
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { NamedError } from '../errors';
import { isNotFound, writeFileDurably } from './durableFs';
import type { SecretStore } from './secretStore';

export const KEY_BYTES = 32;

export interface DataKey {
  /** Written in every ciphertext's prefix, so a body names the key that opens it. */
  readonly id: string;
  readonly key: Buffer;
}

/** What the stored key ring holds; `dataKeys[0]` is the current data key. */
export interface KeyMaterial {
  dataKeys: Buffer[];
  contactKey: Buffer;
  draftKey: Buffer;
  /** Seals the Booster secrets a headless host keeps in a file (the OS keychain does it in Electron). */
  secretsKey: Buffer;
}

/** The keys of this installation, live: a rotation changes `current()` for every codec that reads it. */
export interface DataKeys {
  /** The data key new writes use. */
  current(): DataKey;
  /** A data key by id: the current one, or an older one a rotation still keeps. */
  byId(id: string): Buffer | undefined;
  /** HMAC-SHA-256 key of the contact hashes. */
  readonly contactKey: Buffer;
  /** 32 bytes for the renderer's draft encryption (WebCrypto AES-GCM), handed over for the session only. */
  readonly draftKey: Uint8Array;
  /** Where the keys live, for messages to a person ("the OS keychain", "the key file /…"). */
  readonly where: string;
  /** Rotation, step 1: a new current data key, stored (sealed) beside the old ones before anything uses it. */
  addDataKey(): Promise<DataKey>;
  /** Rotation, last step: every key but the current one is dropped from the store. */
  dropOldDataKeys(): Promise<void>;
}

/** Where the key ring is kept. `write` is atomic: a crash leaves the old ring or the new one, never half. */
export interface KeySource {
  read(): Promise<string | undefined>;
  /** Absent when the source is read-only (an environment variable). */
  write?(value: string): Promise<void>;
  readonly where: string;
  /** Said once, when this source first creates a key (e.g. that a key file is weaker than the keychain). */
  readonly creationWarning?: string;
}

// Named errors (their message reaches the person); the class says which key problem it is.
export class DataKeyMissingError extends NamedError {
  constructor(where: string) {
    super(
      'notConfigured',
      `The data key for this folder is missing: ${where} holds no key, but the outbox in this folder is encrypted. ` +
        'Without that key its clients cannot be read. Restore the key (or the keychain, or BOOSTER_DATA_KEY) ' +
        'that was used with this folder; nothing was changed.',
    );
  }
}

export class DataKeyMismatchError extends NamedError {
  constructor(where: string, keyId: string) {
    super(
      'notConfigured',
      `The data key from ${where} does not open this folder's outbox (a body was encrypted with key ${keyId}, ` +
        'which it does not hold). Use the key this folder was created with; nothing was changed.',
    );
  }
}

export class DataKeyInvalidError extends NamedError {
  constructor(where: string, problem: string, cause?: unknown) {
    super(
      'notConfigured',
      `The data key in ${where} cannot be used: ${problem}. Restore the right key; nothing was changed.`,
      { cause },
    );
  }
}

export class DataKeyReadOnlyError extends NamedError {
  constructor(where: string) {
    super(
      'readOnly',
      `The data key comes from ${where}, which cannot be changed from here: rotating it is not possible. ` +
        'Unset it to use a key file or the OS keychain, then rotate.',
    );
  }
}

/** A key id says which key, not the key: a short hash under its own label. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('booster-capture data key id\u0000')
    .update(key)
    .digest('base64url')
    .slice(0, 11);
}

const ringSchema = z.object({
  format: z.literal(1),
  dataKeys: z.array(z.string()).min(1),
  contactKey: z.string(),
  draftKey: z.string(),
  secretsKey: z.string(),
});

export function newKeyMaterial(random: (bytes: number) => Buffer = randomBytes): KeyMaterial {
  return {
    dataKeys: [random(KEY_BYTES)],
    contactKey: random(KEY_BYTES),
    draftKey: random(KEY_BYTES),
    secretsKey: random(KEY_BYTES),
  };
}

export function serializeKeyMaterial(material: KeyMaterial): string {
  return JSON.stringify({
    format: 1,
    dataKeys: material.dataKeys.map((key) => key.toString('base64')),
    contactKey: material.contactKey.toString('base64'),
    draftKey: material.draftKey.toString('base64'),
    secretsKey: material.secretsKey.toString('base64'),
  });
}

/**
 * Two forms are accepted: the key ring this module writes (JSON), or — for BOOSTER_DATA_KEY — base64 of
 * 32 random bytes (`openssl rand -base64 32`), from which the three keys are derived with HKDF-SHA-256.
 */
export function parseKeyMaterial(text: string, where: string): KeyMaterial {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const secret = Buffer.from(trimmed, 'base64');
    if (secret.length !== KEY_BYTES || secret.toString('base64') !== normalizeBase64(trimmed))
      throw new DataKeyInvalidError(where, 'it must be base64 of exactly 32 bytes (openssl rand -base64 32)');
    const derive = (label: string) =>
      Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `booster-capture ${label} v1`, KEY_BYTES));
    return {
      dataKeys: [derive('data key')],
      contactKey: derive('contact key'),
      draftKey: derive('draft key'),
      secretsKey: derive('secrets key'),
    };
  }
  let parsed: z.infer<typeof ringSchema>;
  try {
    parsed = ringSchema.parse(JSON.parse(trimmed));
  } catch {
    throw new DataKeyInvalidError(where, 'its content is not a key ring this app wrote');
  }
  const decode = (value: string) => {
    const key = Buffer.from(value, 'base64');
    if (key.length !== KEY_BYTES) throw new DataKeyInvalidError(where, 'a key is not 32 bytes');
    return key;
  };
  return {
    dataKeys: parsed.dataKeys.map(decode),
    contactKey: decode(parsed.contactKey),
    draftKey: decode(parsed.draftKey),
    secretsKey: decode(parsed.secretsKey),
  };
}

function normalizeBase64(text: string): string {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}

export interface OpenDataKeysOptions {
  /** A read-only open never creates or stores a key. */
  access: 'readWrite' | 'readOnly';
  /** The key id of some body of the folder encrypted under a key, if any (then a missing key is an error). */
  someEncryptedKeyId(): Promise<string | undefined>;
  /** Told once when a key was created in a weaker place than the OS keychain. */
  warn?: (message: string) => void;
  random?: (bytes: number) => Buffer;
}

/**
 * The keys of this installation from `source`; created (and stored) on the first writable open of a folder
 * that holds nothing encrypted. A folder with encrypted data and no key, or a key that cannot open it, is
 * refused with a message for a person, before anything is written.
 */
export async function openDataKeys(
  source: KeySource,
  options: OpenDataKeysOptions,
): Promise<{ keys: DataKeys; created: boolean }> {
  const random = options.random ?? randomBytes;
  const stored = await source.read();
  let material: KeyMaterial;
  if (stored === undefined) {
    if ((await options.someEncryptedKeyId()) !== undefined) throw new DataKeyMissingError(source.where);
    material = newKeyMaterial(random);
    // A read-only open writes nothing: its keys live for this run (plain bodies still read).
    if (options.access === 'readWrite') {
      if (!source.write) throw new DataKeyReadOnlyError(source.where);
      await source.write(serializeKeyMaterial(material));
      if (source.creationWarning) options.warn?.(source.creationWarning);
    }
    return { keys: liveKeys(source, material, random), created: true };
  }
  material = parseKeyMaterial(stored, source.where);
  const found = await options.someEncryptedKeyId();
  if (found !== undefined && !material.dataKeys.some((key) => keyIdOf(key) === found))
    throw new DataKeyMismatchError(source.where, found);
  return { keys: liveKeys(source, material, random), created: false };
}

function liveKeys(source: KeySource, initial: KeyMaterial, random: (bytes: number) => Buffer): DataKeys {
  let material = initial;
  let ring = material.dataKeys.map((key) => ({ id: keyIdOf(key), key }));
  // The ring in memory changes only after the store holds it (durable first).
  const store = async (next: KeyMaterial): Promise<void> => {
    if (!source.write) throw new DataKeyReadOnlyError(source.where);
    await source.write(serializeKeyMaterial(next));
    material = next;
    ring = material.dataKeys.map((key) => ({ id: keyIdOf(key), key }));
  };
  return {
    current: () => ring[0]!,
    byId: (id) => ring.find((entry) => entry.id === id)?.key,
    contactKey: material.contactKey,
    draftKey: new Uint8Array(material.draftKey),
    where: source.where,
    async addDataKey() {
      await store({ ...material, dataKeys: [random(KEY_BYTES), ...material.dataKeys] });
      return ring[0]!;
    },
    dropOldDataKeys: () => store({ ...material, dataKeys: material.dataKeys.slice(0, 1) }),
  };
}

/** The key that seals a headless host's Booster secrets file; undefined until the key ring exists. */
export function secretsKeyOf(source: KeySource): () => Promise<Buffer | undefined> {
  return async () => {
    const stored = await source.read();
    return stored === undefined ? undefined : parseKeyMaterial(stored, source.where).secretsKey;
  };
}

/** Keys in memory only: tests, and hosts that must forget everything at exit. */
export function createMemoryKeySource(
  initial?: string,
): KeySource & { value: string | undefined; write(value: string): Promise<void> } {
  const source = {
    value: initial,
    where: 'memory',
    read: async () => source.value,
    write: async (value: string) => void (source.value = value),
  };
  return source;
}

/** Sealed in a SecretStore (Electron: safeStorage, so the OS keychain holds what opens it). */
export function createSecretStoreKeySource(secrets: SecretStore, where = 'the OS keychain'): KeySource {
  return {
    async read() {
      try {
        return await secrets.get('dataKeys');
      } catch (error) {
        // A keychain that cannot unseal the ring is a missing key for a person, never a reason for a new one.
        throw new DataKeyInvalidError(
          where,
          'it could not be unsealed (was the keychain reset or changed?)',
          error,
        );
      }
    },
    write: (value) => secrets.set('dataKeys', value),
    where,
  };
}

export const DATA_KEY_ENV = 'BOOSTER_DATA_KEY';
export const DATA_KEY_FILE_ENV = 'BOOSTER_DATA_KEY_FILE';

export interface HeadlessKeySourceOptions {
  /** The data folder the keys protect (the default key file's name derives from its absolute path). */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

/**
 * CLI and web host: BOOSTER_DATA_KEY when set (read-only), else a 0600 key file outside the data folder
 * (BOOSTER_DATA_KEY_FILE, or one per data folder under the user's config folder), created on first use.
 */
export function createHeadlessKeySource(options: HeadlessKeySourceOptions): KeySource {
  const env = options.env ?? process.env;
  const fromEnv = env[DATA_KEY_ENV];
  if (fromEnv) return { read: async () => fromEnv, where: DATA_KEY_ENV };
  return createKeyFileSource(env[DATA_KEY_FILE_ENV] || defaultKeyFile(options));
}

/** The key file of a data folder: `<config>/booster-capture/keys/<hash of the folder's absolute path>.key`. */
export function defaultKeyFile(options: HeadlessKeySourceOptions): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.homeDir ?? os.homedir();
  const config =
    platform === 'win32'
      ? env['APPDATA'] || path.join(home, 'AppData', 'Roaming')
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : env['XDG_CONFIG_HOME'] || path.join(home, '.config');
  const folder = createHash('sha256').update(path.resolve(options.dataDir)).digest('hex').slice(0, 24);
  return path.join(config, 'booster-capture', 'keys', `${folder}.key`);
}

export function createKeyFileSource(file: string): KeySource {
  return {
    where: `the key file ${file}`,
    creationWarning:
      `Data key created in ${file} (readable only by you). A key file is weaker than the OS keychain: ` +
      'anyone who can read your files can read the outbox. Keep it, or the outbox cannot be read.',
    async read() {
      try {
        return await fs.readFile(file, 'utf8');
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async write(value) {
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileDurably(file, value, 0o600);
    },
  };
}
