// Personal data on its way to and from disk. Written as AES-256-GCM with a random 96-bit IV per write and the
// capture UUID and entry version as associated data, so a body cannot be moved to another entry or replayed
// as another version of its own: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url). Plain JSON written by
// earlier versions still reads, and is encrypted at the entry's next write.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKeys } from '../platform/dataKeys';
import { personalDataSchema, type PersonalData } from './types';

/** What binds a body to its entry. */
export interface BodyContext {
  captureId: string;
  version: number;
}

export interface PayloadCodec {
  encode(data: PersonalData, context: BodyContext): string;
  decode(encoded: string, context: BodyContext): PersonalData;
}

export class BodyUnreadableError extends Error {
  readonly code = 'bodyUnreadable';
  override readonly name = 'BodyUnreadableError';
  constructor(captureId: string, reason: string) {
    super(`The stored data of client ${captureId} cannot be read: ${reason}.`);
  }
}

const PREFIX = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Plain JSON: what earlier versions wrote (and unit tests that look at bodies). */
export const plainJsonCodec: PayloadCodec = {
  encode: (data) => JSON.stringify(data),
  decode: (encoded) => personalDataSchema.parse(JSON.parse(encoded)),
};

/** The key id an encrypted body names, or undefined for a plain JSON body. */
export function keyIdOfBody(encoded: string): string | undefined {
  if (!encoded.startsWith(`${PREFIX}.`)) return undefined;
  return encoded.split('.', 3)[1];
}

export function createEncryptingCodec(keys: Pick<DataKeys, 'current' | 'byId'>): PayloadCodec {
  return {
    encode(data, context) {
      const { id, key } = keys.current();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(context));
      const sealed = Buffer.concat([
        cipher.update(JSON.stringify(data), 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [PREFIX, id, iv.toString('base64url'), sealed.toString('base64url')].join('.');
    },
    decode(encoded, context) {
      if (!encoded.startsWith(`${PREFIX}.`)) return plainJsonCodec.decode(encoded, context);
      const [, keyId = '', ivText = '', sealedText = '', ...rest] = encoded.split('.');
      const key = keys.byId(keyId);
      if (!key)
        throw new BodyUnreadableError(
          context.captureId,
          `it was encrypted with key ${keyId}, which is not held`,
        );
      const iv = Buffer.from(ivText, 'base64url');
      const sealed = Buffer.from(sealedText, 'base64url');
      if (rest.length > 0 || iv.length !== IV_BYTES || sealed.length < TAG_BYTES)
        throw new BodyUnreadableError(context.captureId, 'it is not in the expected form');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      let plain: string;
      try {
        plain = Buffer.concat([
          decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new BodyUnreadableError(
          context.captureId,
          'it fails its integrity check (changed, or moved from another entry)',
        );
      }
      return personalDataSchema.parse(JSON.parse(plain));
    },
  };
}

function associatedData({ captureId, version }: BodyContext): Buffer {
  return Buffer.from(`booster-capture outbox body\u0000${captureId}\u0000${version}`, 'utf8');
}
