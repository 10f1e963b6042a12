// Drafts to and from their stored, sealed form, and the one-time sealing of rows written in clear by
// versions 1–2 of the database.
import { seal, unseal } from './draftCrypto';
import type { CaptureDb, DraftContent, DraftRow, PlainDraftRow, StoredDraftRow } from './db';

export async function sealRow(key: CryptoKey, row: DraftRow): Promise<StoredDraftRow> {
  const content: DraftContent = { data: row.data, fieldErrors: row.fieldErrors };
  return {
    captureId: row.captureId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sealed: await seal(key, row.captureId, content),
  };
}

function isContent(value: unknown): value is DraftContent {
  if (typeof value !== 'object' || value === null) return false;
  const { data, fieldErrors } = value as Partial<DraftContent>;
  return typeof data === 'object' && data !== null && Array.isArray(fieldErrors);
}

/** The draft in a stored row, or undefined when it cannot be opened with this key (another key, damage). */
export async function openRow(key: CryptoKey, stored: StoredDraftRow): Promise<DraftRow | undefined> {
  let content: unknown;
  try {
    content = await unseal(key, stored.captureId, stored.sealed);
  } catch {
    return undefined;
  }
  if (!isContent(content)) return undefined;
  return {
    captureId: stored.captureId,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    data: content.data,
    fieldErrors: content.fieldErrors,
  };
}

/** A row written in clear by versions 1–2 (IndexedDB may hand back bytes from another realm, so the test is
 *  on the plain field, not on `instanceof`). */
export function isPlain(row: StoredDraftRow | PlainDraftRow): row is PlainDraftRow {
  const { data } = row as Partial<PlainDraftRow>;
  return typeof data === 'object' && data !== null;
}

/**
 * Seal every row still in clear (written before version 3), replacing it whole so no plain field remains.
 * Rows that were only marked deleted are dropped instead. Sealing happens outside the write transaction
 * (IndexedDB commits a transaction that waits on anything else); a row changed meanwhile is left for the
 * next start. Returns how many rows were sealed.
 */
export async function sealPlainDrafts(
  db: CaptureDb,
  key: CryptoKey,
  /** The plain rows, when the caller has just read the table (DraftStore reads it once at start). */
  plainRows?: PlainDraftRow[],
): Promise<number> {
  const plain =
    plainRows ?? ((await db.drafts.toArray()) as (StoredDraftRow | PlainDraftRow)[]).filter(isPlain);
  if (plain.length === 0) return 0;
  const kept = plain.filter((row) => row.deletedAt === undefined);
  const sealed = await Promise.all(
    kept.map((row) => sealRow(key, { ...row, fieldErrors: row.fieldErrors ?? [] })),
  );
  const sealedById = new Map(sealed.map((row) => [row.captureId, row]));
  return db.transaction('rw', db.drafts, async () => {
    let written = 0;
    for (const row of plain) {
      const current = (await db.drafts.get(row.captureId)) as StoredDraftRow | PlainDraftRow | undefined;
      if (!current || !isPlain(current) || current.updatedAt !== row.updatedAt) continue;
      const replacement = sealedById.get(row.captureId);
      if (replacement) {
        await db.drafts.put(replacement);
        written += 1;
      } else await db.drafts.delete(row.captureId);
    }
    return written;
  });
}
