// SecretStore on Electron's safeStorage (async API, Electron 45): each secret is encrypted by the OS keychain
// (DPAPI, Keychain, libsecret/kwallet) and only its ciphertext is written, one file per secret under userData.
// Without real encryption it refuses to store, unless the weak platform fallback was explicitly accepted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { NamedError } from '../core/errors';
import type { SecretName, SecretStore } from '../core/platform/secretStore';
import { fsyncDirectory, isNotFound, writeFileDurably } from '../core/platform/durableFs';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface SafeStorageSecretStoreOptions {
  /** Folder for the ciphertext files (created on first write). */
  dir: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /**
   * Linux without a keyring falls back to 'basic_text': encrypted with a key every copy of Chromium knows.
   * Storing secrets that way needs an explicit yes from whoever runs the app.
   */
  acceptWeakPlatformFallback?: boolean;
}

/** Also what stops the app's first start: the keys that encrypt client data are sealed the same way. */
export class SecretStorageUnavailableError extends NamedError {
  constructor(readonly reason: 'noEncryption' | 'weakFallback') {
    super(
      'notConfigured',
      reason === 'noEncryption'
        ? 'This computer offers no way to store the Booster key and the key that encrypts client data securely, so they were not saved. Ask IT to enable the system keychain.'
        : 'This computer has no keyring (such as GNOME Keyring or KWallet) to store the Booster key and the key that encrypts client data securely, so they were not saved. Install or unlock one, or ask IT to allow the weaker fallback (--accept-weak-secret-storage).',
    );
  }
}

export type EncryptionVerdict = 'secure' | 'weakFallback' | 'unavailable';

/** Pure decision about the encryption safeStorage offers on this machine. */
export function judgeEncryption(
  available: boolean,
  platform: NodeJS.Platform,
  backend: ReturnType<SafeStorage['getSelectedStorageBackend']> | undefined,
): EncryptionVerdict {
  if (!available) return 'unavailable';
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) return 'weakFallback';
  return 'secure';
}

const secretNamePattern = /^[A-Za-z][A-Za-z0-9]*$/;

export function createSafeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { dir, safeStorage } = options;
  const fileFor = (name: SecretName): string => {
    // Names come from our code, but a name is also a file name: keep it boring.
    if (!secretNamePattern.test(name)) throw new Error(`Invalid secret name: ${name}`);
    return path.join(dir, `${name}.secret`);
  };

  const assertCanEncrypt = async (): Promise<void> => {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const backend = options.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
    const verdict = judgeEncryption(available, options.platform, backend);
    if (verdict === 'unavailable') throw new SecretStorageUnavailableError('noEncryption');
    if (verdict === 'weakFallback' && !options.acceptWeakPlatformFallback) {
      throw new SecretStorageUnavailableError('weakFallback');
    }
  };

  const write = async (name: SecretName, value: string): Promise<void> => {
    await assertCanEncrypt();
    const ciphertext = await safeStorage.encryptStringAsync(value);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileDurably(fileFor(name), ciphertext.toString('base64'), 0o600);
  };

  return {
    async get(name) {
      let stored: string;
      try {
        stored = await fs.readFile(fileFor(name), 'utf8');
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
        Buffer.from(stored.trim(), 'base64'),
      );
      // The OS rotated its key: store the secret again under the new one.
      if (shouldReEncrypt) await write(name, result);
      return result;
    },
    set: write,
    async delete(name) {
      try {
        await fs.rm(fileFor(name));
        await fsyncDirectory(dir);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
