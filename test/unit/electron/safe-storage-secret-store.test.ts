import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSafeStorageSecretStore,
  judgeEncryption,
  SecretStorageUnavailableError,
} from '../../../electron/main/adapters/safe-storage-secret-store';
import {
  createSecretStoreKeySource,
  openDataKeys,
  parseKeyMaterial,
} from '../../../electron/main/core/platform/dataKeys';
import { resetElectronStub, safeStorage } from '../../support/electron-stub';

let dir: string;

beforeEach(async () => {
  resetElectronStub();
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'booster-secrets-')), 'secrets');
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('createSafeStorageSecretStore', () => {
  it('stores only ciphertext, reads it back, and deletes it', async () => {
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'darwin' });
    await expect(store.get('apiKey')).resolves.toBeUndefined();
    await store.set('apiKey', 'sk-live-123');
    await expect(store.get('apiKey')).resolves.toBe('sk-live-123');

    const files = await readdir(dir);
    expect(files).toEqual(['apiKey.secret']);
    const onDisk = await readFile(path.join(dir, 'apiKey.secret'), 'utf8');
    expect(onDisk).not.toContain('sk-live-123');
    if (process.platform !== 'win32')
      expect((await stat(path.join(dir, 'apiKey.secret'))).mode & 0o077).toBe(0);

    await store.delete('apiKey');
    await store.delete('apiKey');
    await expect(store.get('apiKey')).resolves.toBeUndefined();
  });

  it('refuses to store when the OS offers no encryption', async () => {
    safeStorage.state.available = false;
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'win32' });
    await expect(store.set('password', 'hunter2')).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("refuses Linux's basic_text fallback unless it was explicitly accepted", async () => {
    safeStorage.state.backend = 'basic_text';
    const refusing = createSafeStorageSecretStore({ dir, safeStorage, platform: 'linux' });
    await expect(refusing.set('apiKey', 'k')).rejects.toMatchObject({ reason: 'weakFallback' });

    const accepting = createSafeStorageSecretStore({
      dir,
      safeStorage,
      platform: 'linux',
      acceptWeakPlatformFallback: true,
    });
    await accepting.set('apiKey', 'k');
    await expect(accepting.get('apiKey')).resolves.toBe('k');
  });

  it('re-encrypts a secret when the OS asks for it after a key change', async () => {
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'linux' });
    await store.set('refreshToken', 'r1');
    expect(safeStorage.state.encryptCalls).toBe(1);
    safeStorage.state.shouldReEncrypt = true;
    await expect(store.get('refreshToken')).resolves.toBe('r1');
    expect(safeStorage.state.encryptCalls).toBe(2);
  });

  it('fails loudly on a ciphertext it cannot decrypt rather than answering a wrong secret', async () => {
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'linux' });
    await store.set('apiKey', 'k');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'apiKey.secret'), Buffer.from('garbage').toString('base64'));
    await expect(store.get('apiKey')).rejects.toThrow(/decrypt/);
  });
});

describe('judgeEncryption', () => {
  it('classifies what safeStorage offers', () => {
    expect(judgeEncryption(false, 'darwin', undefined)).toBe('unavailable');
    expect(judgeEncryption(true, 'win32', undefined)).toBe('secure');
    expect(judgeEncryption(true, 'linux', 'gnome_libsecret')).toBe('secure');
    expect(judgeEncryption(true, 'linux', 'kwallet6')).toBe('secure');
    expect(judgeEncryption(true, 'linux', 'basic_text')).toBe('weakFallback');
    expect(judgeEncryption(true, 'linux', 'unknown')).toBe('weakFallback');
  });
});

describe('the data keys sealed with safeStorage', () => {
  const nothingEncrypted = async () => undefined;

  it('writes only what safeStorage sealed, beside the Booster secrets, and reads the same keys back', async () => {
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'linux' });
    const source = createSecretStoreKeySource(store);
    const { keys } = await openDataKeys(source, {
      access: 'readWrite',
      someEncryptedKeyId: nothingEncrypted,
    });
    expect(await readdir(dir)).toEqual(['dataKeys.secret']);
    const onDisk = await readFile(path.join(dir, 'dataKeys.secret'), 'utf8');
    for (const key of [keys.current().key, keys.contactKey, Buffer.from(keys.draftKey)])
      expect(onDisk).not.toContain(key.toString('base64'));
    if (process.platform !== 'win32')
      expect((await stat(path.join(dir, 'dataKeys.secret'))).mode & 0o777).toBe(0o600);

    const reopened = await openDataKeys(source, {
      access: 'readWrite',
      someEncryptedKeyId: nothingEncrypted,
    });
    expect(reopened.created).toBe(false);
    expect(reopened.keys.current()).toEqual(keys.current());
    expect(parseKeyMaterial((await store.get('dataKeys'))!, 'x').contactKey).toEqual(keys.contactKey);
  });

  it("refuses to create the keys on Linux's basic_text unless allowed, and writes nothing", async () => {
    safeStorage.state.backend = 'basic_text';
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'linux' });
    await expect(
      openDataKeys(createSecretStoreKeySource(store), {
        access: 'readWrite',
        someEncryptedKeyId: nothingEncrypted,
      }),
    ).rejects.toMatchObject({
      reason: 'weakFallback',
      message: expect.stringMatching(/encrypts client data/),
    });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a keychain that can no longer unseal the keys is reported, never answered with new keys', async () => {
    const store = createSafeStorageSecretStore({ dir, safeStorage, platform: 'darwin' });
    const source = createSecretStoreKeySource(store);
    await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted });
    const sealed = await readFile(path.join(dir, 'dataKeys.secret'), 'utf8');
    safeStorage.state.available = false;
    await expect(
      openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted }),
    ).rejects.toThrow(/could not be unsealed/);
    expect(await readFile(path.join(dir, 'dataKeys.secret'), 'utf8')).toBe(sealed);
  });
});
