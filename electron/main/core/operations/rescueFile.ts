// The rescue file: the clients Booster does not have yet, as one file a person can carry to another laptop
// (or to `cli import`) when this one breaks. Versioned and self-describing:
//
//   <header JSON, UTF-8>\n<AES-256-GCM ciphertext of the records><16-byte tag><SHA-256 of everything before>
//
// The header (in clear: format, version, created time, count, scrypt parameters and salt, nonce, a passphrase
// check value, the ciphertext's length) is the cipher's associated data, so it cannot be changed without the
// tag failing. The trailing digest tells a damaged or truncated file from a wrong passphrase before any key is
// derived; the check value (HMAC under a second half of the scrypt output) tells a wrong passphrase from an
// altered ciphertext. Sizes and scrypt costs are bounded before any work. No I/O here: bytes in, bytes out.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';
import { decodeUtf8Strict } from '../../../../shared/text/utf8';
import { attemptSchema, captureClockSchema } from '../outbox/types';

export const RESCUE_FORMAT = 'booster-capture-rescue';
export const RESCUE_VERSION = 1;
/** Refused before anything else is read: a rescue of an event is a few MB at most. */
export const MAX_RESCUE_BYTES = 64 * 1024 * 1024;
export const MAX_RESCUE_RECORDS = 100_000;
export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;
const MAX_HEADER_BYTES = 4096;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const DIGEST_BYTES = 32;
const CHECK_BYTES = 16;
const formatPrefix = Buffer.from('{"format":');

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 32 MiB and a fraction of a second: a passphrase guess costs the same to whoever finds the file. */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
// What a file may ask of us: enough for a stronger cost, not enough to exhaust memory (128 MiB).
const costLimits = { minLogN: 14, maxLogN: 17, maxR: 8, maxP: 4 } as const;

/** One client as it was queued: its record exactly as validated at enqueue, and what keeps its history. */
export const rescueRecordSchema = z.object({
  captureId: z.string().min(1).max(100),
  record: z.record(z.string(), z.unknown()),
  capture: captureClockSchema,
  state: z.enum(['pending', 'sending', 'needsAttention']),
  possibleDuplicate: z.boolean(),
  attemptCount: z.number().int().nonnegative(),
  enqueuedAt: z.number(),
  attentionReason: z.string().max(100).optional(),
  attempts: z.array(attemptSchema).max(100).optional(),
});
export type RescueRecord = z.infer<typeof rescueRecordSchema>;

const headerSchema = z.object({
  format: z.literal(RESCUE_FORMAT),
  version: z.literal(RESCUE_VERSION),
  createdAt: z.iso.datetime(),
  count: z.number().int().nonnegative().max(MAX_RESCUE_RECORDS),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int().min(1).max(costLimits.maxR),
    p: z.number().int().min(1).max(costLimits.maxP),
    salt: z.base64().refine((text) => Buffer.from(text, 'base64').length === SALT_BYTES),
  }),
  cipher: z.object({
    name: z.literal('aes-256-gcm'),
    nonce: z.base64().refine((text) => Buffer.from(text, 'base64').length === NONCE_BYTES),
  }),
  check: z.base64().refine((text) => Buffer.from(text, 'base64').length === CHECK_BYTES),
  /** Length of ciphertext + tag: tells a truncated file from an altered one. */
  bytes: z.number().int().nonnegative().max(MAX_RESCUE_BYTES),
});
type RescueHeader = z.infer<typeof headerSchema>;

export type RescueErrorCode =
  | 'rescueTooLarge'
  | 'rescueNotRescueFile'
  | 'rescueNewerVersion'
  | 'rescueDamaged'
  | 'rescueWrongPassphrase'
  | 'invalidRequest';

/** Every refusal names what is wrong and says nothing was changed; `fields` names the request field. */
export class RescueFileError extends Error {
  override readonly name = 'RescueFileError';
  readonly fields: { path: string; code: string; message: string }[];
  constructor(
    readonly code: RescueErrorCode,
    message: string,
    field = code === 'rescueWrongPassphrase' || code === 'invalidRequest' ? 'passphrase' : 'file',
  ) {
    super(message);
    this.fields = [{ path: field, code, message }];
  }
}

/** The passphrase as both sides use it (NFC: the same characters typed on macOS and Windows), or why not. */
export function normalizePassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string')
    throw new RescueFileError('invalidRequest', 'passphrase: a passphrase is required.');
  const normalized = passphrase.normalize('NFC');
  const length = [...normalized].length;
  if (length < MIN_PASSPHRASE_LENGTH)
    throw new RescueFileError(
      'invalidRequest',
      `passphrase: use at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${length}).`,
    );
  if (length > MAX_PASSPHRASE_LENGTH)
    throw new RescueFileError(
      'invalidRequest',
      `passphrase: use at most ${MAX_PASSPHRASE_LENGTH} characters.`,
    );
  return normalized;
}

export interface EncodeOptions {
  now?: Date;
  cost?: ScryptCost;
  random?: (bytes: number) => Buffer;
}

export async function encodeRescue(
  records: readonly RescueRecord[],
  passphrase: string,
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  const secret = normalizePassphrase(passphrase);
  if (records.length > MAX_RESCUE_RECORDS)
    throw new RescueFileError(
      'rescueTooLarge',
      `file: at most ${MAX_RESCUE_RECORDS} clients fit in one rescue file.`,
    );
  const random = options.random ?? randomBytes;
  const cost = checkedCost(options.cost ?? defaultScryptCost);
  const salt = random(SALT_BYTES);
  const nonce = random(NONCE_BYTES);
  const keys = await deriveKeys(secret, salt, cost);
  const plaintext = Buffer.from(
    JSON.stringify(records.map((record) => rescueRecordSchema.parse(record))),
    'utf8',
  );
  const header: RescueHeader = {
    format: RESCUE_FORMAT,
    version: RESCUE_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    count: records.length,
    kdf: { name: 'scrypt', ...cost, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
    check: checkValue(keys.checkKey).toString('base64'),
    bytes: plaintext.length + TAG_BYTES,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(headerBytes);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const body = Buffer.concat([headerBytes, Buffer.from('\n'), sealed]);
  const file = Buffer.concat([body, createHash('sha256').update(body).digest()]);
  if (file.length > MAX_RESCUE_BYTES)
    throw new RescueFileError(
      'rescueTooLarge',
      'file: these clients do not fit in one rescue file (64 MiB).',
    );
  return file;
}

/** The header of a rescue file, read without the passphrase (how many clients, when); throws like decode. */
export function readRescueHeader(bytes: Uint8Array): { createdAt: string; count: number } {
  const { header } = parseFrame(bytes);
  return { createdAt: header.createdAt, count: header.count };
}

export async function decodeRescue(bytes: Uint8Array, passphrase: string): Promise<RescueRecord[]> {
  const { header, headerBytes, sealed } = parseFrame(bytes);
  const secret = normalizePassphrase(passphrase);
  const salt = Buffer.from(header.kdf.salt, 'base64');
  const keys = await deriveKeys(secret, salt, { N: header.kdf.N, r: header.kdf.r, p: header.kdf.p });
  if (!timingSafeEqual(checkValue(keys.checkKey), Buffer.from(header.check, 'base64')))
    throw new RescueFileError(
      'rescueWrongPassphrase',
      'passphrase: this is not the passphrase the rescue file was made with. Nothing was changed.',
    );
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keys.encryptionKey,
      Buffer.from(header.cipher.nonce, 'base64'),
      {
        authTagLength: TAG_BYTES,
      },
    );
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plaintext = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw damaged('its content was altered');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw damaged('its content is not readable');
  }
  const records = z.array(rescueRecordSchema).max(MAX_RESCUE_RECORDS).safeParse(parsed);
  if (!records.success || records.data.length !== header.count) throw damaged('its content is not readable');
  return records.data;
}

/** Checks everything that needs no passphrase: size, header, version, length and digest. */
function parseFrame(bytes: Uint8Array): { header: RescueHeader; headerBytes: Buffer; sealed: Buffer } {
  if (bytes.length > MAX_RESCUE_BYTES)
    throw new RescueFileError(
      'rescueTooLarge',
      'file: this file is larger than any rescue file (64 MiB). Nothing was changed.',
    );
  if (bytes.length === 0) throw notRescue('the file is empty');
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const newline = file.subarray(0, MAX_HEADER_BYTES + 1).indexOf(0x0a);
  if (!file.subarray(0, formatPrefix.length).equals(formatPrefix))
    throw notRescue('it does not start like one');
  if (newline < 0) throw damaged('its header is cut off');
  const headerBytes = file.subarray(0, newline);
  const text = decodeUtf8Strict(headerBytes);
  let raw: unknown;
  try {
    raw = text.ok ? JSON.parse(text.text) : undefined;
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null) throw damaged('its header is not readable');
  const { format, version } = raw as { format?: unknown; version?: unknown };
  if (format !== RESCUE_FORMAT) throw notRescue('it names another format');
  if (typeof version === 'number' && Number.isInteger(version) && version > RESCUE_VERSION)
    throw new RescueFileError(
      'rescueNewerVersion',
      `file: this rescue file was made by a newer Booster Capture (format version ${version}; this one reads version ${RESCUE_VERSION}). Update Booster Capture, then import it again. Nothing was changed.`,
    );
  const header = headerSchema.safeParse(raw);
  if (!header.success || !costWithinLimits(header.data.kdf)) throw damaged('its header is not valid');
  const bodyEnd = file.length - DIGEST_BYTES;
  const expectedEnd = newline + 1 + header.data.bytes;
  if (bodyEnd < expectedEnd) throw damaged('it is incomplete (cut short while it was copied)');
  const digest = createHash('sha256').update(file.subarray(0, bodyEnd)).digest();
  if (bodyEnd !== expectedEnd || !timingSafeEqual(digest, file.subarray(bodyEnd)))
    throw damaged('its bytes changed since it was made');
  if (header.data.bytes < TAG_BYTES) throw damaged('its content is missing');
  return { header: header.data, headerBytes, sealed: file.subarray(newline + 1, bodyEnd) };
}

function costWithinLimits(cost: ScryptCost): boolean {
  const logN = Math.log2(cost.N);
  return (
    Number.isInteger(logN) &&
    logN >= costLimits.minLogN &&
    logN <= costLimits.maxLogN &&
    cost.r >= 1 &&
    cost.r <= costLimits.maxR &&
    cost.p >= 1 &&
    cost.p <= costLimits.maxP
  );
}

function checkedCost(cost: ScryptCost): ScryptCost {
  if (!costWithinLimits(cost)) throw new Error('rescueFile: scrypt cost outside the accepted limits');
  return { N: cost.N, r: cost.r, p: cost.p };
}

async function deriveKeys(
  passphrase: string,
  salt: Buffer,
  cost: ScryptCost,
): Promise<{ encryptionKey: Buffer; checkKey: Buffer }> {
  // maxmem from the (bounded) cost itself: Node's default (32 MiB) refuses N = 2^15 with r = 8.
  const maxmem = 128 * cost.N * cost.r * 2 + 1024 * 1024;
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase, salt, 64, { ...cost, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return { encryptionKey: derived.subarray(0, 32), checkKey: derived.subarray(32) };
}

function checkValue(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey)
    .update('booster-capture rescue passphrase check')
    .digest()
    .subarray(0, CHECK_BYTES);
}

function notRescue(why: string): RescueFileError {
  return new RescueFileError(
    'rescueNotRescueFile',
    `file: this is not a Booster Capture rescue file (${why}). Choose the .boosterrescue file made by "Rescue export". Nothing was changed.`,
  );
}

function damaged(why: string): RescueFileError {
  return new RescueFileError(
    'rescueDamaged',
    `file: this rescue file is damaged: ${why}. Copy it again from where it was saved, or export it again from the other laptop. Nothing was changed.`,
  );
}
