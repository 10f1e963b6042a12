// How `npm start` decides between Electron and the browser, from what is on disk, without loading the
// `electron` module (which would try to download the binary).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without types (tools/start.mjs), run by `npm start` before any build.
import { decideStart as untypedDecideStart } from '../../../tools/start.mjs';

type Decision =
  | { kind: 'electron'; binary: string }
  | { kind: 'web'; reason: string }
  | { kind: 'badOverride'; folder: string; reason: string };
const decideStart = untypedDecideStart as (probe: {
  packageDir: string | undefined;
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  readText: (file: string) => string;
}) => Decision;

const packageDir = path.join('/project', 'node_modules', 'electron');
const pathTxt = path.join(packageDir, 'path.txt');

/** A disk holding exactly these files. */
function disk(files: Record<string, string>) {
  return {
    exists: (file: string) => Object.hasOwn(files, file),
    readText: (file: string) => {
      if (!Object.hasOwn(files, file)) throw new Error(`ENOENT: ${file}`);
      return files[file]!;
    },
  };
}

describe('decideStart (npm start)', () => {
  it('runs Electron when path.txt names a binary that is there', () => {
    const binary = path.join(packageDir, 'dist', 'electron');
    const decision = decideStart({
      packageDir,
      env: {},
      ...disk({ [pathTxt]: 'electron\n', [binary]: '' }),
    });
    expect(decision).toEqual({ kind: 'electron', binary });
  });

  it('follows the relative path path.txt names (macOS app bundle)', () => {
    const relative = 'Electron.app/Contents/MacOS/Electron';
    const binary = path.join(packageDir, 'dist', relative);
    const decision = decideStart({ packageDir, env: {}, ...disk({ [pathTxt]: relative, [binary]: '' }) });
    expect(decision).toEqual({ kind: 'electron', binary });
  });

  it('falls back to the browser when path.txt is missing (the download was blocked or skipped)', () => {
    const decision = decideStart({ packageDir, env: {}, ...disk({}) });
    expect(decision.kind).toBe('web');
    expect((decision as { reason: string }).reason).toMatch(/path\.txt/);
  });

  it('falls back to the browser when path.txt points to a file that is not there', () => {
    const decision = decideStart({ packageDir, env: {}, ...disk({ [pathTxt]: 'electron' }) });
    expect(decision.kind).toBe('web');
    expect((decision as { reason: string }).reason).toContain(path.join(packageDir, 'dist', 'electron'));
  });

  it('falls back to the browser when path.txt is empty', () => {
    const decision = decideStart({ packageDir, env: {}, ...disk({ [pathTxt]: '  \n' }) });
    expect(decision.kind).toBe('web');
  });

  it('falls back to the browser when the electron package is not installed at all', () => {
    const decision = decideStart({ packageDir: undefined, env: {}, ...disk({}) });
    expect(decision.kind).toBe('web');
  });

  it('runs Electron from ELECTRON_OVERRIDE_DIST_PATH when the binary is there', () => {
    const folder = path.join('/opt', 'electron');
    const binary = path.join(folder, 'electron');
    const decision = decideStart({
      packageDir,
      env: { ELECTRON_OVERRIDE_DIST_PATH: folder },
      ...disk({ [binary]: '' }),
    });
    expect(decision).toEqual({ kind: 'electron', binary });
  });

  it('refuses, rather than quietly running the browser, when ELECTRON_OVERRIDE_DIST_PATH has no Electron', () => {
    const folder = path.join('/opt', 'empty');
    const decision = decideStart({
      packageDir,
      env: { ELECTRON_OVERRIDE_DIST_PATH: folder },
      ...disk({ [pathTxt]: 'electron', [path.join(packageDir, 'dist', 'electron')]: '' }),
    });
    expect(decision).toMatchObject({ kind: 'badOverride', folder });
  });
});
