// Finding and reading the IT policy file. Where it may be is a pure function of the OS, the environment and
// the installer's folder; reading it is bounded (256 KiB), strict UTF-8 and strict JSON. A file that exists
// but cannot be used is "broken", never "no policy": IT placed it to restrict the app, so falling back to no
// rules would silently lift them. The app then refuses to configure Booster, with the exact reasons, and
// capture goes on offline.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PolicyView } from '../../../../shared/ipc/policy';
import { parseItPolicy } from '../../../../shared/policy/itPolicy';
import { decodeUtf8Strict } from '../../../../shared/text/utf8';

export const POLICY_FILE_ENV = 'BOOSTER_POLICY_FILE';
export const MAX_POLICY_BYTES = 256 * 1024;
export const POLICY_FILE_NAME = 'policy.json';

export interface PolicyLocation {
  file: string;
  /** An explicit override must exist: a missing file is broken, not absent. */
  mustExist: boolean;
}

/**
 * Where to look, first match wins: the override (tests, IT trying a file), then the per-machine path (IT's
 * deployment tools write it, only administrators can), then beside the installer (shipped with it).
 */
export function policyLocations(options: {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's process.resourcesPath in a packaged app; absent in the web host and CLI. */
  resourcesDir?: string | undefined;
}): PolicyLocation[] {
  const override = options.env[POLICY_FILE_ENV];
  if (override !== undefined && override.trim() !== '') return [{ file: override, mustExist: true }];
  const locations: PolicyLocation[] = [];
  if (options.platform === 'win32') {
    const programData = options.env['ProgramData'] || options.env['PROGRAMDATA'] || 'C:\\ProgramData';
    locations.push({
      file: path.win32.join(programData, 'BoosterCapture', POLICY_FILE_NAME),
      mustExist: false,
    });
  } else if (options.platform === 'darwin') {
    locations.push({
      file: path.posix.join('/Library/Application Support/BoosterCapture', POLICY_FILE_NAME),
      mustExist: false,
    });
  } else {
    locations.push({ file: path.posix.join('/etc/booster-capture', POLICY_FILE_NAME), mustExist: false });
  }
  if (options.resourcesDir)
    locations.push({ file: path.join(options.resourcesDir, POLICY_FILE_NAME), mustExist: false });
  return locations;
}

export type PolicyFileRead = { kind: 'absent' } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'tooLarge' };

/** The one side effect: read at most `limit + 1` bytes of a file. */
export type ReadBounded = (file: string, limit: number) => Promise<PolicyFileRead>;

export const readBoundedFile: ReadBounded = async (file, limit) => {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  try {
    const buffer = Buffer.alloc(limit + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled > limit ? { kind: 'tooLarge' } : { kind: 'bytes', bytes: buffer.subarray(0, filled) };
  } finally {
    await handle.close();
  }
};

/** Decodes and validates a policy file's bytes (pure). */
export function policyFromBytes(source: string, bytes: Uint8Array): PolicyView {
  const text = decodeUtf8Strict(bytes);
  if (!text.ok)
    return broken(
      source,
      `the file is not valid UTF-8 (first bad byte at offset ${text.offset}); save it as UTF-8`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text.text);
  } catch (error) {
    return broken(source, `the file is not valid JSON (${(error as Error).message})`);
  }
  const parsed = parseItPolicy(json);
  return parsed.ok
    ? { state: 'loaded', source, policy: parsed.policy }
    : { state: 'broken', source, problems: parsed.problems.slice(0, 100).map(clip) };
}

export async function loadItPolicy(
  locations: readonly PolicyLocation[],
  read: ReadBounded = readBoundedFile,
): Promise<PolicyView> {
  for (const { file, mustExist } of locations) {
    let result: PolicyFileRead;
    try {
      result = await read(file, MAX_POLICY_BYTES);
    } catch (error) {
      // Present but unreadable (permissions, a folder): IT meant something by it.
      return broken(file, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (result.kind === 'absent') {
      if (mustExist) return broken(file, `${POLICY_FILE_ENV} names a file that does not exist`);
      continue;
    }
    if (result.kind === 'tooLarge')
      return broken(file, `the file is larger than ${MAX_POLICY_BYTES / 1024} KiB`);
    return policyFromBytes(file, result.bytes);
  }
  return { state: 'none' };
}

function broken(source: string, problem: string): PolicyView {
  return { state: 'broken', source, problems: [clip(problem)] };
}

function clip(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}
