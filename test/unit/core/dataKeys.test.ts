import { randomBytes } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createHeadlessKeySource,
  createMemoryKeySource,
  createSecretStoreKeySource,
  DataKeyInvalidError,
  DataKeyMissingError,
  DataKeyReadOnlyError,
  defaultKeyFile,
  keyIdOf,
  openDataKeys,
  parseKeyMaterial,
  secretsKeyOf,
} from '../../../electron/main/core/platform/dataKeys';
import {
  createFileSecretStore,
  createMemorySecretStore,
  type SecretStore,
} from '../../../electron/main/core/platform/secretStore';
import { makeTempDir } from '../../support/core/tempDir';

const nothingEncrypted = async () => undefined;

describe('openDataKeys', () => {
  it('creates one set of distinct 32-byte keys on first use, then reads the same ones back', async () => {
    const source = createMemoryKeySource();
    const first = await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted });
    expect(first.created).toBe(true);
    const { keys } = first;
    const material = [keys.current().key, keys.contactKey, Buffer.from(keys.draftKey)];
    for (const key of material) expect(key).toHaveLength(32);
    expect(new Set(material.map((key) => key.toString('hex'))).size).toBe(3);
    expect(keys.current().id).toBe(keyIdOf(keys.current().key));

    const again = await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted });
    expect(again.created).toBe(false);
    expect(again.keys.current()).toEqual(keys.current());
    expect(again.keys.contactKey).toEqual(keys.contactKey);
    expect(again.keys.draftKey).toEqual(keys.draftKey);
  });

  it('a read-only open of a folder with nothing encrypted writes no key', async () => {
    const source = createMemoryKeySource();
    await openDataKeys(source, { access: 'readOnly', someEncryptedKeyId: nothingEncrypted });
    expect(source.value).toBeUndefined();
  });

  it('refuses a folder with encrypted data and no key, before writing anything', async () => {
    const source = createMemoryKeySource();
    const open = openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: async () => 'abc' });
    await expect(open).rejects.toBeInstanceOf(DataKeyMissingError);
    await expect(open).rejects.toThrow('The data key for this folder is missing: memory holds no key');
    expect(source.value).toBeUndefined();
  });

  it('keeps the old data key through a rotation until it is dropped, in the store first', async () => {
    const source = createMemoryKeySource();
    const { keys } = await openDataKeys(source, {
      access: 'readWrite',
      someEncryptedKeyId: nothingEncrypted,
    });
    const old = keys.current();
    const added = await keys.addDataKey();
    expect(keys.current()).toEqual(added);
    expect(keys.byId(old.id)).toEqual(old.key);
    expect(parseKeyMaterial(source.value!, 'memory').dataKeys.map(keyIdOf)).toEqual([added.id, old.id]);
    await keys.dropOldDataKeys();
    expect(keys.byId(old.id)).toBeUndefined();
    expect(parseKeyMaterial(source.value!, 'memory').dataKeys.map(keyIdOf)).toEqual([added.id]);
  });
});

describe('BOOSTER_DATA_KEY', () => {
  const secret = randomBytes(32).toString('base64');

  it('derives the three keys from base64 of 32 bytes, the same every run, and is never written', async () => {
    const dataDir = await makeTempDir();
    const source = createHeadlessKeySource({ dataDir, env: { BOOSTER_DATA_KEY: secret } });
    expect(source.where).toBe('BOOSTER_DATA_KEY');
    const a = (await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted }))
      .keys;
    const b = (await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted }))
      .keys;
    expect(a.current()).toEqual(b.current());
    expect(a.contactKey).toEqual(b.contactKey);
    expect(a.contactKey).not.toEqual(a.current().key);
    await expect(a.addDataKey()).rejects.toBeInstanceOf(DataKeyReadOnlyError);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it.each(['too-short', Buffer.alloc(16).toString('base64'), `${secret}!`])(
    'refuses %j clearly',
    async (value) => {
      const source = createHeadlessKeySource({ dataDir: '/tmp/x', env: { BOOSTER_DATA_KEY: value } });
      await expect(
        openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted }),
      ).rejects.toThrow(/BOOSTER_DATA_KEY cannot be used: it must be base64 of exactly 32 bytes/);
    },
  );
});

describe('the key file', () => {
  it('is created 0600 outside the data folder on first use, with one warning, then reused silently', async () => {
    const home = await makeTempDir();
    const dataDir = path.join(await makeTempDir(), 'data');
    const env = { XDG_CONFIG_HOME: path.join(home, 'config') };
    const options = { dataDir, env, homeDir: home, platform: 'linux' as const };
    const file = defaultKeyFile(options);
    expect(file.startsWith(path.join(home, 'config', 'booster-capture', 'keys') + path.sep)).toBe(true);
    expect(path.relative(dataDir, file).startsWith('..')).toBe(true);

    const warnings: string[] = [];
    const open = () =>
      openDataKeys(createHeadlessKeySource(options), {
        access: 'readWrite',
        someEncryptedKeyId: nothingEncrypted,
        warn: (message) => warnings.push(message),
      });
    const first = await open();
    const second = await open();
    expect(second.keys.current()).toEqual(first.keys.current());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/weaker than the OS keychain/);
    expect(warnings[0]).not.toContain('\n');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
    expect(await readFile(file, 'utf8')).toMatch(/^\{"format":1,/);
  });

  it('BOOSTER_DATA_KEY_FILE chooses it; a damaged one is refused, never replaced', async () => {
    const file = path.join(await makeTempDir(), 'my.key');
    await writeFile(file, 'not a key ring {', { mode: 0o600 });
    const source = createHeadlessKeySource({ dataDir: '/tmp/y', env: { BOOSTER_DATA_KEY_FILE: file } });
    expect(source.where).toBe(`the key file ${file}`);
    await expect(
      openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted }),
    ).rejects.toBeInstanceOf(DataKeyInvalidError);
    expect(await readFile(file, 'utf8')).toBe('not a key ring {');
  });

  it('one folder per key file, named from its absolute path, under each OS config folder', () => {
    const base = { env: {}, homeDir: '/home/ada' };
    const a = defaultKeyFile({ ...base, dataDir: '/srv/a', platform: 'linux' });
    expect(a).toMatch(/^\/home\/ada\/\.config\/booster-capture\/keys\/[0-9a-f]{24}\.key$/);
    expect(defaultKeyFile({ ...base, dataDir: '/srv/b', platform: 'linux' })).not.toBe(a);
    expect(defaultKeyFile({ ...base, dataDir: '/srv/a', platform: 'darwin' })).toMatch(
      /^\/home\/ada\/Library\/Application Support\/booster-capture\//,
    );
    expect(
      defaultKeyFile({
        env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        homeDir: 'C:\\Users\\ada',
        dataDir: '/srv/a',
        platform: 'win32',
      }),
    ).toContain('booster-capture');
  });
});

describe('keys sealed in a secret store', () => {
  it('stores the ring under the dataKeys secret, and an unsealing failure is a key problem, not a new key', async () => {
    const secrets = createMemorySecretStore();
    const source = createSecretStoreKeySource(secrets);
    const { keys } = await openDataKeys(source, {
      access: 'readWrite',
      someEncryptedKeyId: nothingEncrypted,
    });
    expect(parseKeyMaterial((await secrets.get('dataKeys'))!, 'x').dataKeys[0]).toEqual(keys.current().key);

    const broken: SecretStore = {
      get: async () => {
        throw new Error('Error while decrypting the ciphertext');
      },
      set: async () => {
        throw new Error('must not write');
      },
      delete: async () => undefined,
    };
    await expect(
      openDataKeys(createSecretStoreKeySource(broken), {
        access: 'readWrite',
        someEncryptedKeyId: nothingEncrypted,
      }),
    ).rejects.toThrow(/The data key in the OS keychain cannot be used: it could not be unsealed/);
  });
});

describe('the Booster secrets file of a headless host', () => {
  it('holds the secrets sealed with the key ring, reads them back, and still reads a plain file of before', async () => {
    const dir = await makeTempDir();
    const source = createMemoryKeySource();
    await openDataKeys(source, { access: 'readWrite', someEncryptedKeyId: nothingEncrypted });
    const store = createFileSecretStore(dir, { sealingKey: secretsKeyOf(source) });
    await store.set('apiKey', 'sk-live-sealed-123');
    await store.set('password', 'hunter2-sealed');
    const onDisk = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('sk-live-sealed-123');
    expect(onDisk).not.toContain('hunter2-sealed');
    expect(await store.get('apiKey')).toBe('sk-live-sealed-123');
    expect(await createFileSecretStore(dir, { sealingKey: secretsKeyOf(source) }).get('password')).toBe(
      'hunter2-sealed',
    );
    // A sealed value moved to another name does not open.
    const moved = JSON.parse(onDisk) as Record<string, string>;
    await writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiKey: moved['password'] }));
    await expect(store.get('apiKey')).rejects.toThrow();

    await writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiKey: 'plain-of-before' }));
    expect(await store.get('apiKey')).toBe('plain-of-before');
    await store.set('refreshToken', 'r');
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('plain-of-before');
    expect(await store.get('apiKey')).toBe('plain-of-before');
  });

  it('refuses to save a secret in clear while no key exists', async () => {
    const dir = await makeTempDir();
    const store = createFileSecretStore(dir, { sealingKey: secretsKeyOf(createMemoryKeySource()) });
    await expect(store.set('apiKey', 'k')).rejects.toThrow(/nothing was saved/);
    await expect(readFile(path.join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
