// What the per-event receipt says of consents: for each client, each purpose's last answer (a later untick
// withdraws an earlier tick), who gave it, the text version and language, and when. Pure.
import type { ConsentEvidence } from '../../../../shared/ipc/consent';
import type { ConsentPurpose } from '../../../../shared/consent/catalogue';

export interface ConsentSummaryLine {
  purpose: ConsentPurpose;
  given: boolean;
  tickedBy: ConsentEvidence['tickedBy'];
  textId: string;
  version: number;
  language: string;
  textHash: string;
  at: string;
  /** How many ticks and unticks led to this answer. */
  changes: number;
}

/** One entry per asked capture id (none recorded: an empty list), purposes in the order they were first ticked. */
export function consentSummaryFor(
  evidence: readonly ConsentEvidence[],
  captureIds: readonly string[],
): Map<string, ConsentSummaryLine[]> {
  const wanted = new Set(captureIds);
  const byCapture = new Map<string, Map<ConsentPurpose, ConsentSummaryLine>>(
    captureIds.map((id) => [id, new Map()]),
  );
  const ordered = [...evidence].filter((row) => wanted.has(row.captureId)).sort((a, b) => a.seq - b.seq);
  for (const row of ordered) {
    const lines = byCapture.get(row.captureId)!;
    const changes = (lines.get(row.purpose)?.changes ?? 0) + 1;
    lines.set(row.purpose, {
      purpose: row.purpose,
      given: row.given,
      tickedBy: row.tickedBy,
      textId: row.textId,
      version: row.version,
      language: row.language,
      textHash: row.textHash,
      at: row.at,
      changes,
    });
  }
  return new Map([...byCapture].map(([id, lines]) => [id, [...lines.values()]]));
}
