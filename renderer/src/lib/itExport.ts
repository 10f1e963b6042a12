// IT's files from Settings: the event profile as JSON (to set up other laptops the same way) and the IT
// policy in force (for IT to copy; it never holds a secret). Import is checked whole before anything is
// saved: the file's shape here, each value with the capture form's own rules (eventProfileIssues), and every
// problem names its field. Pure, so each rule is tested directly.
import type { FieldIssue } from './db';
import type { EventProfile } from './draftData';
import {
  eventProfileFields,
  eventProfileFrom,
  eventProfileIssues,
  trimmedEventProfile,
} from './eventProfile';

export const EVENT_PROFILE_FILE_KIND = 'booster-capture.eventProfile';
export const EVENT_PROFILE_FILE_VERSION = 1;
/** Far above a real profile: a larger file is not one. */
export const MAX_IMPORT_BYTES = 64 * 1024;

export interface EventProfileFile {
  kind: typeof EVENT_PROFILE_FILE_KIND;
  version: typeof EVENT_PROFILE_FILE_VERSION;
  eventProfile: EventProfile;
}

export function eventProfileFileText(profile: EventProfile): string {
  const file: EventProfileFile = {
    kind: EVENT_PROFILE_FILE_KIND,
    version: EVENT_PROFILE_FILE_VERSION,
    eventProfile: trimmedEventProfile(profile),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type EventProfileImport = { ok: true; profile: EventProfile } | { ok: false; issues: FieldIssue[] };

const issue = (path: string, code: string, message: string): FieldIssue => ({ path, code, message });

/** Reads an exported profile file: every problem, each naming its field; a profile only when there is none. */
export function parseEventProfileFile(text: string): EventProfileImport {
  if (text.length > MAX_IMPORT_BYTES)
    return {
      ok: false,
      issues: [issue('file', 'tooLarge', `the file is larger than ${MAX_IMPORT_BYTES / 1024} KiB`)],
    };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      issues: [
        issue(
          'file',
          'notJson',
          `the file is not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`,
        ),
      ],
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return {
      ok: false,
      issues: [issue('file', 'notObject', 'must be a JSON object exported by Booster Capture')],
    };
  const root = json as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(root))
    if (!['kind', 'version', 'eventProfile'].includes(key))
      issues.push(issue(key, 'unknownField', 'is not part of an event profile file'));
  if (root.kind !== EVENT_PROFILE_FILE_KIND)
    issues.push(
      issue('kind', 'wrongKind', `must be "${EVENT_PROFILE_FILE_KIND}" (a file exported by Settings)`),
    );
  if (root.version !== EVENT_PROFILE_FILE_VERSION)
    issues.push(issue('version', 'wrongVersion', `must be ${EVENT_PROFILE_FILE_VERSION}`));
  const body = root.eventProfile;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    issues.push(issue('eventProfile', 'required', 'must be an object with the profile fields'));
    return { ok: false, issues };
  }
  const values = body as Record<string, unknown>;
  const known: readonly string[] = eventProfileFields;
  for (const key of Object.keys(values))
    if (!known.includes(key)) issues.push(issue(key, 'unknownField', 'is not an event profile field'));
  for (const key of eventProfileFields)
    if (key in values && typeof values[key] !== 'string')
      issues.push(issue(key, 'notText', 'must be a text'));
  if (issues.length > 0) return { ok: false, issues };
  const profile = trimmedEventProfile(
    eventProfileFrom((key) => (typeof values[key] === 'string' ? (values[key] as string) : '')),
  );
  // The same rules as saving the profile in Settings.
  const ruleIssues = eventProfileIssues(profile);
  return ruleIssues.length > 0 ? { ok: false, issues: ruleIssues } : { ok: true, profile };
}

/** The policy in force as IT wrote it (the loader's parsed copy: defaults filled in, nothing secret). */
export function policyFileText(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
