import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createCompositeSecretStore,
  createEnvSecretStore,
  createFileSecretStore,
  createMemorySecretStore,
} from '../../../electron/main/core/platform/secretStore';
import { NamedError, toPersonMessage, InvalidRecordError } from '../../../electron/main/core/errors';
import { MinHeap } from '../../../electron/main/core/outbox/minHeap';
import { withTempDir } from '../../support/core/tempDir';

describe('secret stores', () => {
  it('file store: owner-only file, atomic replace, survives a reopen', async () => {
    await withTempDir(async (dir) => {
      const store = createFileSecretStore(dir);
      await Promise.all([
        store.set('apiKey', 'key-1'),
        store.set('password', 'pw'),
        store.set('refreshToken', 'r'),
      ]);
      await store.delete('password');
      const reopened = createFileSecretStore(dir);
      expect(await reopened.get('apiKey')).toBe('key-1');
      expect(await reopened.get('password')).toBeUndefined();
      expect(await reopened.get('refreshToken')).toBe('r');
      if (process.platform !== 'win32')
        expect((await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    });
  });

  it('env store maps names to BOOSTER_API_KEY etc. and is read-only', async () => {
    const store = createEnvSecretStore('BOOSTER_', {
      BOOSTER_API_KEY: 'from-env',
      BOOSTER_REFRESH_TOKEN: '',
    });
    expect(await store.get('apiKey')).toBe('from-env');
    expect(await store.get('refreshToken')).toBeUndefined();
    await expect(store.set('apiKey', 'x')).rejects.toMatchObject({ code: 'readOnly' });
  });

  it('composite store reads the first that has it and writes to the first', async () => {
    const memory = createMemorySecretStore();
    const store = createCompositeSecretStore(
      memory,
      createEnvSecretStore('BOOSTER_', { BOOSTER_API_KEY: 'env' }),
    );
    expect(await store.get('apiKey')).toBe('env');
    await store.set('apiKey', 'typed');
    expect(await store.get('apiKey')).toBe('typed');
    expect(await memory.get('apiKey')).toBe('typed');
  });
});

describe('errors', () => {
  it('named errors carry a code, fields and a message for a person; others become a generic message', () => {
    const error = new InvalidRecordError([
      { path: 'lastName', code: 'required', message: 'Last name is required.' },
    ]);
    expect(error).toBeInstanceOf(NamedError);
    expect(error).toMatchObject({
      code: 'invalidRecord',
      name: 'InvalidRecordError',
      fields: [{ path: 'lastName' }],
    });
    expect(toPersonMessage(error)).toMatch(/Correct them/);
    expect(toPersonMessage(new Error('ECONNRESET at socket 0x1f'))).not.toMatch(/ECONNRESET/);
  });
});

describe('MinHeap', () => {
  it('pops in key order', () => {
    const heap = new MinHeap<number>((value) => value);
    for (const value of [5, 3, 9, 1, 7, 1, 8]) heap.push(value);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([1, 1, 3, 5, 7, 8, 9]);
  });
});
