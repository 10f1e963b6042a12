// The staff PIN as an scrypt hash (node:crypto): a random 16-byte salt per PIN, and parameters stored with
// the hash so that a later version may raise them. Parameters read back from the file are bounded: an
// edited file must not make main spend minutes or gigabytes on one attempt.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** ~32 MiB and well under a second on a staff laptop; a six-digit PIN's million guesses take days. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const KEY_BYTES = 32;

export const pinHashSchema = z.object({
  algorithm: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  salt: z.base64().refine((text) => Buffer.from(text, 'base64').length === 16, 'salt must be 16 bytes'),
  hash: z
    .base64()
    .refine((text) => Buffer.from(text, 'base64').length === KEY_BYTES, 'hash must be 32 bytes'),
});
export type PinHash = z.infer<typeof pinHashSchema>;

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that at N=2^15, r=8.
  const maxmem = 128 * params.N * params.r * 2;
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_BYTES, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string, params: ScryptParams = defaultScryptParams): Promise<PinHash> {
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, params);
  return {
    algorithm: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
  };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(pin, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
