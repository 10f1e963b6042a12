// Damage in the journal is kept and reported, never silently dropped. Skipped bytes are first copied,
// fsync'd, to `outbox.journal.damaged-<time>` with a report `outbox.journal.damaged-<time>.json` beside
// it; only then may the journal lose them. A person acknowledges a report (renamed to
// `….acknowledged.json`); the damaged bytes stay. A tail without a newline is a write cut short by a crash
// (never acknowledged, so nothing confirmed is lost): it is kept as `outbox.journal.interrupted-<time>`
// and logged, not reported as damage.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory, isNotFound, writeFileDurably } from '../platform/durableFs';
import type { DamageReport } from './store';
import { copyByteRanges, type ByteRange } from './journalScan';

export type DamageReason = 'checksum' | 'shape' | 'tooLong' | 'unreadableBody';

export interface DamagedLine extends ByteRange {
  reason: DamageReason;
  captureId?: string;
}

export interface DamageReportFile {
  kind: 'damaged';
  detectedAt: string;
  journal: string;
  /** File name (in the data folder) of the copy of the damaged bytes. */
  copy: string;
  lines: number;
  bytes: number;
  captureIds: string[];
  ranges: { offset: number; length: number; reason: DamageReason; captureId?: string }[];
}

const JOURNAL = 'outbox.journal';
const REPORT = /^outbox\.journal\.damaged-[^/\\]+\.json$/;
const ACKNOWLEDGED = /\.acknowledged\.json$/;

/** A filename-safe UTC time: 2026-11-30T05-07-59-123Z. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

const CAPTURE_ID = /"captureId":"([^"\\]{1,200})"/;

/** The captureId of a line even when its checksum fails (the metadata comes first in a line). */
export function findCaptureId(head: Buffer): string | undefined {
  return CAPTURE_ID.exec(head.toString('utf8'))?.[1];
}

export function summarizeDamage(lines: readonly DamagedLine[]): Omit<DamageReport, 'files'> {
  const captureIds = [...new Set(lines.flatMap((line) => (line.captureId ? [line.captureId] : [])))];
  return {
    lines: lines.length,
    bytes: lines.reduce((sum, line) => sum + line.length, 0),
    captureIds,
  };
}

/** Adds reports together (the folder's unacknowledged reports and what this process saw but did not save). */
export function combineDamage(parts: readonly DamageReport[]): DamageReport {
  return {
    lines: parts.reduce((sum, part) => sum + part.lines, 0),
    bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
    captureIds: [...new Set(parts.flatMap((part) => part.captureIds))],
    files: parts.flatMap((part) => part.files),
  };
}

async function createExclusive(dir: string, baseName: string): Promise<{ name: string; handle: FileHandle }> {
  for (let attempt = 0; ; attempt += 1) {
    const name = attempt === 0 ? baseName : `${baseName}-${attempt}`;
    try {
      return { name, handle: await fs.open(path.join(dir, name), 'wx', 0o600) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

/** Durably copies `ranges` of the journal to a new file beside it; returns its name. */
export async function saveJournalBytes(
  journal: Pick<FileHandle, 'read'>,
  dir: string,
  kind: 'damaged' | 'interrupted',
  ranges: readonly ByteRange[],
  now: Date,
  chunkBytes: number,
): Promise<string> {
  const { name, handle } = await createExclusive(dir, `${JOURNAL}.${kind}-${fileTimestamp(now)}`);
  try {
    await copyByteRanges(journal, ranges, handle, 0, chunkBytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDirectory(dir);
  return name;
}

/** Copies the damaged lines and writes their report, both durably, before the journal may drop them. */
export async function quarantineDamage(
  journal: Pick<FileHandle, 'read'>,
  dir: string,
  lines: readonly DamagedLine[],
  now: Date,
  chunkBytes: number,
): Promise<{ reportFile: string; report: DamageReportFile }> {
  const copy = await saveJournalBytes(journal, dir, 'damaged', lines, now, chunkBytes);
  const report: DamageReportFile = {
    kind: 'damaged',
    detectedAt: now.toISOString(),
    journal: JOURNAL,
    copy,
    ...summarizeDamage(lines),
    ranges: lines.map((line) => ({
      offset: line.start,
      length: line.length,
      reason: line.reason,
      ...(line.captureId ? { captureId: line.captureId } : {}),
    })),
  };
  const reportFile = path.join(dir, `${copy}.json`);
  await writeFileDurably(reportFile, `${JSON.stringify(report, null, 2)}\n`, 0o600);
  return { reportFile, report };
}

export interface FolderDamage {
  reportFile: string;
  damage: DamageReport;
}

/** The unacknowledged reports in the folder. An unreadable report still counts: a person must look. */
export async function readDamageReports(dir: string): Promise<FolderDamage[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const reports: FolderDamage[] = [];
  for (const name of names.sort()) {
    if (!REPORT.test(name) || ACKNOWLEDGED.test(name)) continue;
    const reportFile = path.join(dir, name);
    reports.push({ reportFile, damage: await readReport(reportFile) });
  }
  return reports;
}

/** Capture ids already reported (acknowledged or not) as having an unreadable body: reported once, ever. */
export async function readReportedUnreadableBodies(dir: string): Promise<Set<string>> {
  const reported = new Set<string>();
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return reported;
    throw error;
  }
  for (const name of names) {
    if (!REPORT.test(name)) continue;
    try {
      const report = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as Partial<DamageReportFile>;
      for (const range of Array.isArray(report.ranges) ? report.ranges : [])
        if (range.reason === 'unreadableBody' && typeof range.captureId === 'string')
          reported.add(range.captureId);
    } catch {
      // an unreadable report is counted by readDamageReports
    }
  }
  return reported;
}

async function readReport(reportFile: string): Promise<DamageReport> {
  const copyFile = reportFile.slice(0, -'.json'.length);
  try {
    const report = JSON.parse(await fs.readFile(reportFile, 'utf8')) as Partial<DamageReportFile>;
    const captureIds = Array.isArray(report.captureIds)
      ? report.captureIds.filter((id): id is string => typeof id === 'string')
      : [];
    return {
      lines: typeof report.lines === 'number' ? report.lines : 0,
      bytes: typeof report.bytes === 'number' ? report.bytes : 0,
      captureIds,
      files: [copyFile],
    };
  } catch {
    return { lines: 0, bytes: 0, captureIds: [], files: [copyFile] };
  }
}

/** Marks reports as seen by a person: `X.json` becomes `X.acknowledged.json`. Returns how many. */
export async function acknowledgeReports(reportFiles: readonly string[]): Promise<number> {
  let acknowledged = 0;
  for (const reportFile of reportFiles) {
    try {
      await fs.rename(reportFile, `${reportFile.slice(0, -'.json'.length)}.acknowledged.json`);
      acknowledged += 1;
    } catch (error) {
      if (!isNotFound(error)) throw error; // another process acknowledged it first
    }
  }
  if (reportFiles.length > 0) await fsyncDirectory(path.dirname(reportFiles[0]!));
  return acknowledged;
}
