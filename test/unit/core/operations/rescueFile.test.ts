import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeRescue,
  encodeRescue,
  MAX_RESCUE_BYTES,
  normalizePassphrase,
  readRescueHeader,
  RescueFileError,
  type RescueRecord,
  type ScryptCost,
} from '../../../../electron/main/core/operations/rescueFile';
import { newCaptureId, sampleRecord } from '../../../support/core/records';

// The lowest cost a file may declare: the format is the same, the tests stay quick on a busy machine.
const cost: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };
const passphrase = 'correct horse battery';

function rescueRecord(index: number, overrides: Partial<RescueRecord> = {}): RescueRecord {
  return {
    captureId: newCaptureId(),
    record: sampleRecord(index, { registrationDate: '2026-11-30T09:00:00.000Z' }),
    capture: {
      deviceTimeMs: Date.parse('2026-11-30T09:00:00.000Z'),
      timeZone: 'Europe/Paris',
      monotonicMs: 1234,
      monotonicEpoch: 'run-1',
      registrationDateFromDevice: true,
    },
    state: 'pending',
    possibleDuplicate: false,
    attemptCount: 0,
    enqueuedAt: Date.parse('2026-11-30T09:00:00.000Z'),
    attempts: [],
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<RescueFileError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RescueFileError);
  return error as RescueFileError;
}

describe('rescue file', () => {
  const records = [
    rescueRecord(0),
    rescueRecord(1, {
      state: 'needsAttention',
      possibleDuplicate: true,
      attemptCount: 2,
      attentionReason: 'mayAlreadyExist',
      attempts: [
        { startedAt: 1, finishedAt: 2, outcome: 'retryable', ambiguous: true, ambiguity: 'timeout' },
      ],
    }),
  ];

  it('round-trips the records exactly, with a header in clear and nothing personal in clear', async () => {
    const file = await encodeRescue(records, passphrase, { cost, now: new Date('2026-11-30T10:00:00Z') });
    expect(await decodeRescue(file, passphrase)).toEqual(records);
    expect(readRescueHeader(file)).toEqual({ createdAt: '2026-11-30T10:00:00.000Z', count: 2 });
    const asText = Buffer.from(file).toString('latin1');
    expect(asText.startsWith('{"format":"booster-capture-rescue","version":1,')).toBe(true);
    for (const value of ['Bianchi0', 'giulia.bianchi1@example.com', '347 123 4567', 'Giulia'])
      expect(asText).not.toContain(value);
  });

  it('uses a fresh salt and nonce for every file', async () => {
    const [a, b] = await Promise.all([
      encodeRescue(records, passphrase, { cost }),
      encodeRescue(records, passphrase, { cost }),
    ]);
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(false);
  });

  it('refuses a wrong passphrase as such, and a short one naming the field', async () => {
    const file = await encodeRescue(records, passphrase, { cost });
    const wrong = await refusal(decodeRescue(file, 'correct horse battery!'));
    expect(wrong.code).toBe('rescueWrongPassphrase');
    expect(wrong.fields[0]?.path).toBe('passphrase');
    const short = await refusal(encodeRescue(records, 'short', { cost }));
    expect(short.message).toMatch(/^passphrase: use at least 12 characters/);
    expect(() => normalizePassphrase(undefined)).toThrow(/passphrase/);
  });

  it('reads a passphrase typed in another Unicode form (NFC)', async () => {
    const composed = 'Crème brûlée à Genève';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const file = await encodeRescue(records, decomposed, { cost });
    expect(await decodeRescue(file, composed)).toEqual(records);
    // Characters, not UTF-16 units or bytes, count toward the minimum.
    expect(() => normalizePassphrase('日本語のパスフレーズです')).not.toThrow();
    expect(() => normalizePassphrase('e\u0301'.repeat(11))).toThrow(
      /at least 12 characters \(this one has 11\)/,
    );
  });

  it('tells a damaged file from a wrong passphrase, whichever byte flipped', async () => {
    const file = Buffer.from(await encodeRescue(records, passphrase, { cost }));
    const newline = file.indexOf(0x0a);
    // Every 7th byte of the header, some of the ciphertext, the tag and the digest.
    const positions = [
      ...Array.from({ length: Math.floor(newline / 7) }, (_, index) => index * 7 + 3),
      newline,
      newline + 1,
      Math.floor((newline + file.length) / 2),
      file.length - 40,
      file.length - 1,
    ];
    for (const position of positions) {
      const flipped = Buffer.from(file);
      flipped[position]! ^= 0x01;
      const error = await refusal(decodeRescue(flipped, passphrase));
      expect(['rescueDamaged', 'rescueNotRescueFile'], `byte ${position}`).toContain(error.code);
      expect(error.message).toMatch(/Nothing was changed/);
    }
  });

  it('refuses a truncated file as incomplete, at any length', async () => {
    const file = Buffer.from(await encodeRescue(records, passphrase, { cost }));
    const newline = file.indexOf(0x0a);
    for (const length of [1, 10, newline, newline + 1, newline + 20, file.length - 33, file.length - 1]) {
      const error = await refusal(decodeRescue(file.subarray(0, length), passphrase));
      expect(['rescueDamaged', 'rescueNotRescueFile'], `length ${length}`).toContain(error.code);
    }
    const cut = await refusal(decodeRescue(file.subarray(0, file.length - 100), passphrase));
    expect(cut.message).toMatch(/incomplete/);
  });

  it('refuses empty input, random bytes, other files and a 10 MB garbage file before any key work', async () => {
    expect((await refusal(decodeRescue(new Uint8Array(0), passphrase))).message).toMatch(/empty/);
    expect((await refusal(decodeRescue(randomBytes(4096), passphrase))).code).toBe('rescueNotRescueFile');
    expect((await refusal(decodeRescue(Buffer.from('{"hello":"world"}\n'), passphrase))).code).toBe(
      'rescueNotRescueFile',
    );
    expect((await refusal(decodeRescue(Buffer.from('{"format":"other"}\n'), passphrase))).code).toBe(
      'rescueNotRescueFile',
    );
    expect((await refusal(decodeRescue(randomBytes(10 * 1024 * 1024), passphrase))).code).toBe(
      'rescueNotRescueFile',
    );
    const noNewline = Buffer.concat([
      Buffer.from('{"format":"booster-capture-rescue"'),
      Buffer.alloc(10 * 1024 * 1024, 0x20),
    ]);
    expect((await refusal(decodeRescue(noNewline, passphrase))).code).toBe('rescueDamaged');
    const tooLarge = new Uint8Array(MAX_RESCUE_BYTES + 1);
    expect((await refusal(decodeRescue(tooLarge, passphrase))).code).toBe('rescueTooLarge');
  });

  it('says a newer format version is newer, and refuses a cost it would not afford', async () => {
    const file = Buffer.from(await encodeRescue(records, passphrase, { cost }));
    const newline = file.indexOf(0x0a);
    const header = JSON.parse(file.subarray(0, newline).toString('utf8')) as Record<string, unknown>;
    const rest = file.subarray(newline);
    const withHeader = (changed: Record<string, unknown>) =>
      Buffer.concat([Buffer.from(JSON.stringify({ ...header, ...changed })), rest]);
    const newer = await refusal(decodeRescue(withHeader({ version: 2 }), passphrase));
    expect(newer.code).toBe('rescueNewerVersion');
    expect(newer.message).toMatch(/newer Booster Capture/);
    const costly = await refusal(
      decodeRescue(withHeader({ kdf: { ...(header.kdf as object), N: 2 ** 24 } }), passphrase),
    );
    expect(costly.code).toBe('rescueDamaged');
    // A header changed but still well formed: caught by the digest, not taken for a wrong passphrase.
    const edited = await refusal(decodeRescue(withHeader({ count: 1 }), passphrase));
    expect(edited.code).toBe('rescueDamaged');
  });

  it('refuses records that are not what the outbox queues', async () => {
    const bad = { ...rescueRecord(0), state: 'sent' } as unknown as RescueRecord;
    await expect(encodeRescue([bad], passphrase, { cost })).rejects.toThrow();
  });
});
