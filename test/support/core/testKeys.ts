// Data keys for tests: one memory key source per data folder (by absolute path) or per in-memory store, so a
// test that reopens the same outbox gets the same keys, as the app would from its keychain.
import path from 'node:path';
import { createMemoryKeySource, type KeySource } from '../../../electron/main/core/platform/dataKeys';

const byFolder = new Map<string, KeySource>();
const byStore = new WeakMap<object, KeySource>();

export function testKeySource(owner: string | object): KeySource {
  if (typeof owner === 'string') {
    const folder = path.resolve(owner);
    const source = byFolder.get(folder) ?? createMemoryKeySource();
    byFolder.set(folder, source);
    return source;
  }
  const source = byStore.get(owner) ?? createMemoryKeySource();
  byStore.set(owner, source);
  return source;
}
