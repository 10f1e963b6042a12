// IPC domain `operations`: what a store manager and IT need when something goes wrong. The event receipt
// (rows and CSV), the rescue file (the unsent clients under a passphrase, to carry to another laptop) and the
// diagnostics text for IT (no personal data). The rescue file crosses as base64; its import is the one
// request allowed to be large (electron/main/core/ipc-request-budget.ts, the web host's body limit).
import { z } from 'zod';
import { consentPurposeSchema } from '../consent/catalogue';
import { tickedBySchema } from './consent';
import { invokeChannel, noRequest } from './contract';
import { outboxStateSchema } from './outbox';

/** The largest rescue file accepted over IPC, as base64 (24 MiB of file: tens of thousands of clients). */
export const MAX_RESCUE_BASE64_CHARS = 32 * 1024 * 1024;
export const RESCUE_IMPORT_CHANNEL = 'operations:importRescue';

// Length rules are checked again (NFC, ≥ 12 characters) by the core, which names the field in its message.
const passphraseSchema = z
  .string('passphrase: a passphrase is required')
  .min(1, 'passphrase: a passphrase is required')
  .max(4096, 'passphrase: use at most 1,024 characters');

const isoDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'give a calendar date as YYYY-MM-DD');

export const receiptRequestSchema = z.object({
  posCode: z.string().trim().min(1, 'give the point of sale code of the event').max(64),
  from: isoDaySchema,
  to: isoDaySchema,
});
export type ReceiptRequest = z.infer<typeof receiptRequestSchema>;

/** A client's consent to one purpose as evidenced: its last answer, who gave it, the language and text version
 *  shown; 'none' when nothing was recorded for it on this laptop. */
export const receiptConsentSchema = z.object({
  purpose: consentPurposeSchema,
  answer: z.enum(['given', 'withdrawn', 'none']),
  tickedBy: tickedBySchema.optional(),
  language: z.string().max(8).optional(),
  version: z.number().int().optional(),
});
export type ReceiptConsent = z.infer<typeof receiptConsentSchema>;

export const receiptRowSchema = z.object({
  captureId: z.string().max(100),
  capturedAt: z.iso.datetime(),
  displayName: z.string().max(1000),
  state: outboxStateSchema,
  boosterCustomerId: z.number().int().optional(),
  possibleDuplicate: z.boolean(),
  attempts: z.number().int().nonnegative(),
  consents: z.array(receiptConsentSchema).max(consentPurposeSchema.options.length),
});
export type ReceiptRow = z.infer<typeof receiptRowSchema>;

export const rescueImportResultSchema = z.object({
  /** Clients in the file. */
  inFile: z.number().int().nonnegative(),
  /** Newly queued here. */
  imported: z.number().int().nonnegative(),
  /** Their capture id is already in this outbox (imported before, or never left): skipped, not duplicated. */
  alreadyPresent: z.number().int().nonnegative(),
  /** Imported clients an earlier attempt may have created in Booster: a person should check them. */
  possibleDuplicates: z.number().int().nonnegative(),
  refused: z
    .array(
      z.object({
        captureId: z.string().max(100),
        reasons: z.array(z.string().max(2000)).max(50),
      }),
    )
    .max(1000),
});
export type RescueImportResult = z.infer<typeof rescueImportResultSchema>;

export const operationsChannels = {
  /** Every client Booster does not have yet, encrypted under the passphrase. */
  exportRescue: invokeChannel(
    'operations:exportRescue',
    z.object({ passphrase: passphraseSchema }),
    z.object({
      fileName: z.string().max(200),
      contentBase64: z.string().max(MAX_RESCUE_BASE64_CHARS),
      count: z.number().int().nonnegative(),
      /** Unsent clients whose stored data could not be read (they stay in the outbox, reported to IT). */
      unreadable: z.number().int().nonnegative(),
    }),
  ),
  /** All or nothing: every record is checked before the first is queued. */
  importRescue: invokeChannel(
    RESCUE_IMPORT_CHANNEL,
    z.object({
      contentBase64: z
        .string()
        .min(1, 'file: choose a rescue file')
        .max(MAX_RESCUE_BASE64_CHARS, 'file: this file is larger than any rescue file'),
      passphrase: passphraseSchema,
    }),
    rescueImportResultSchema,
  ),
  receipt: invokeChannel(
    'operations:receipt',
    receiptRequestSchema,
    z.object({ rows: z.array(receiptRowSchema).max(100_000), csv: z.string() }),
  ),
  diagnostics: invokeChannel('operations:diagnostics', noRequest, z.object({ text: z.string() })),
};
