// IPC domain `consent`: the consent texts a client reads, and the evidence of each consent given or withdrawn.
// The page says what was shown and who ticked; main stamps the time (trusted time), the device, the staff
// member and the text's hash itself, so the page cannot misstate any of them, and keeps the evidence
// encrypted with the installation's keys. What goes to Booster stays the CreateCustomer contract.
import { z } from 'zod';
import { consentPurposeSchema, consentTextSchema, countryRuleSchema } from '../consent/catalogue';
import { invokeChannel } from './contract';
import { captureIdSchema } from './outbox';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** A text as main serves it: with the SHA-256 (hex) of its exact `text`, computed by main. */
export const servedConsentTextSchema = consentTextSchema.extend({ hash: sha256Hex });
export type ServedConsentText = z.infer<typeof servedConsentTextSchema>;

export const consentCatalogueViewSchema = z.object({
  texts: z.array(servedConsentTextSchema),
  countryRules: z.array(countryRuleSchema),
});
export type ConsentCatalogueView = z.infer<typeof consentCatalogueViewSchema>;

export const tickedBySchema = z.enum(['client', 'staff']);
export type TickedBy = z.infer<typeof tickedBySchema>;

export const consentRecordRequestSchema = z.object({
  captureId: captureIdSchema,
  purpose: consentPurposeSchema,
  /** false: the box was unticked, recorded as a withdrawal. */
  given: z.boolean(),
  textId: z.string().min(1).max(80),
  version: z.number().int().min(1),
  /** The language of the text shown (English when the client's language has none). */
  language: z.string().min(2).max(8),
  tickedBy: tickedBySchema,
  /** Who staff are when Booster does not say (API key mode): the event profile's sales representative. */
  staffHint: z.string().trim().max(255).optional(),
});
export type ConsentRecordRequest = z.infer<typeof consentRecordRequestSchema>;

export const consentEvidenceSchema = z.object({
  /** Order of recording on this installation. */
  seq: z.number().int().min(1),
  captureId: captureIdSchema,
  purpose: consentPurposeSchema,
  given: z.boolean(),
  textId: z.string(),
  version: z.number().int(),
  language: z.string(),
  textHash: sha256Hex,
  tickedBy: tickedBySchema,
  staff: z.object({ name: z.string(), source: z.enum(['boosterUser', 'eventProfile', 'unknown']) }),
  deviceId: z.string(),
  /** Trusted time: the device clock corrected by Booster's, as registration time is (timeSource says how). */
  at: z.iso.datetime(),
  timeSource: z.enum(['booster', 'corrected', 'device']),
  /** The device clock and zone at the tick, kept as read. */
  deviceAt: z.iso.datetime(),
  timeZone: z.string(),
});
export type ConsentEvidence = z.infer<typeof consentEvidenceSchema>;

export const consentExportSchema = z.object({
  fileName: z.string(),
  document: z.object({
    kind: z.literal('booster-capture/consent-evidence'),
    version: z.literal(1),
    captureId: captureIdSchema,
    exportedAt: z.iso.datetime(),
    evidence: z.array(consentEvidenceSchema),
    /** Each text the evidence names, in full, as it was shown. */
    texts: z.array(servedConsentTextSchema),
  }),
});
export type ConsentExport = z.infer<typeof consentExportSchema>;

const byCapture = z.object({ captureId: captureIdSchema });

export const consentChannels = {
  /** The texts (newest version per language, with their hashes) and the country rules. */
  catalogue: invokeChannel('consent:catalogue', z.undefined(), consentCatalogueViewSchema),
  /** Errors: 'unknownConsentText' (id, version and language name no text main holds), 'storageFailed'. */
  record: invokeChannel('consent:record', consentRecordRequestSchema, consentEvidenceSchema),
  listForCapture: invokeChannel(
    'consent:listForCapture',
    byCapture,
    z.object({ evidence: z.array(consentEvidenceSchema) }),
  ),
  /** A JSON document for a data-subject request: every evidence row and the texts shown. */
  export: invokeChannel('consent:export', byCapture, consentExportSchema),
};
