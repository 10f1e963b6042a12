import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BodyUnreadableError,
  createEncryptingCodec,
  keyIdOfBody,
  plainJsonCodec,
} from '../../../electron/main/core/outbox/payloadCodec';
import { keyIdOf } from '../../../electron/main/core/platform/dataKeys';
import type { PersonalData } from '../../../electron/main/core/outbox/types';

const personal: PersonalData = {
  displayName: 'Zanetti, Ottavia',
  record: { lastName: 'Zanetti', emails: [{ email: 'ottavia.zanetti@example.com' }] },
};
const context = { captureId: '6f1c9a52-0d5e-4a8e-9b1e-3c7f1d2a4b5c', version: 3 };

function ringOf(...keys: Buffer[]) {
  const ring = keys.map((key) => ({ id: keyIdOf(key), key }));
  return { current: () => ring[0]!, byId: (id: string) => ring.find((entry) => entry.id === id)?.key };
}

describe('the encrypting payload codec', () => {
  const key = randomBytes(32);
  const codec = createEncryptingCodec(ringOf(key));

  it('round-trips, names its key, and never shows the data', () => {
    const encoded = codec.encode(personal, context);
    expect(encoded).toMatch(/^v1\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(keyIdOfBody(encoded)).toBe(keyIdOf(key));
    expect(encoded).not.toContain('Zanetti');
    expect(codec.decode(encoded, context)).toEqual(personal);
  });

  it('uses a fresh IV for every write', () => {
    const ivs = new Set(Array.from({ length: 50 }, () => codec.encode(personal, context).split('.')[2]));
    expect(ivs.size).toBe(50);
  });

  it('refuses a body moved to another entry or another version (associated data)', () => {
    const encoded = codec.encode(personal, context);
    expect(() =>
      codec.decode(encoded, { ...context, captureId: 'a0000000-0000-4000-8000-000000000000' }),
    ).toThrow(BodyUnreadableError);
    expect(() => codec.decode(encoded, { ...context, version: 4 })).toThrow(/integrity/);
  });

  it('refuses a body under a key it does not hold, or under the same id with another key', () => {
    const encoded = codec.encode(personal, context);
    expect(() => createEncryptingCodec(ringOf(randomBytes(32))).decode(encoded, context)).toThrow(/not held/);
    const impostor = {
      current: () => ({ id: keyIdOf(key), key: randomBytes(32) }),
      byId: () => randomBytes(32),
    };
    expect(() => createEncryptingCodec(impostor).decode(encoded, context)).toThrow(/integrity/);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const encoded = codec.encode(personal, context);
    const [prefix, id, iv, sealed] = encoded.split('.') as [string, string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at]! ^= 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [prefix, id, iv, flip(sealed, 0)],
      [prefix, id, iv, flip(sealed, Buffer.from(sealed, 'base64url').length - 1)],
      [prefix, id, flip(iv, 5), sealed],
      [prefix, id, iv, sealed, 'extra'],
      [prefix, id, iv, sealed.slice(0, 10)],
    ])
      expect(() => codec.decode(tampered.join('.'), context)).toThrow(BodyUnreadableError);
  });

  it('still reads the plain JSON an earlier version wrote', () => {
    const plain = plainJsonCodec.encode(personal, context);
    expect(keyIdOfBody(plain)).toBeUndefined();
    expect(codec.decode(plain, context)).toEqual(personal);
  });

  it('reads a body written under an older key the ring still keeps (mid-rotation)', () => {
    const old = codec.encode(personal, context);
    const rotated = createEncryptingCodec(ringOf(randomBytes(32), key));
    expect(rotated.decode(old, context)).toEqual(personal);
    expect(keyIdOfBody(rotated.encode(personal, context))).not.toBe(keyIdOf(key));
  });
});
