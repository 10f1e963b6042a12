// What electron-builder.yml asks of the installers: the Electron fuses, the targets per OS, signing and
// notarization left to the environment, and asar packing. Read and schema-checked by electron-builder itself.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig, projectRoot } from './builderConfig';

let config: Configuration;
beforeAll(async () => {
  config = await loadBuilderConfig();
});

const targetNames = (target: unknown): string[] =>
  (Array.isArray(target) ? target : [target]).map((entry: unknown) =>
    typeof entry === 'string' ? entry : (entry as { target: string }).target,
  );

describe('electron-builder.yml', () => {
  it('flips every fuse the issue asks for, and no other', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into asar, as the asar-only and integrity fuses require', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack ?? []).toEqual([]);
  });

  it('ships only the electron-vite build and package.json, never maps, .env or the web host build', () => {
    const rules = (config.files as Array<{ filter: string[] }>).flatMap((set) => set.filter);
    const includes = rules.filter((rule) => !rule.startsWith('!'));
    expect(includes.sort()).toEqual(['out/**', 'package.json']);
    expect(rules).toEqual(expect.arrayContaining(['!**/*.map', '!**/.env{,.*}', '!out/web-renderer{,/**}']));
  });

  it('builds an assisted NSIS installer for Windows that can install per user or, elevated, per machine', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.nsis?.deleteAppDataOnUninstall).not.toBe(true);
  });

  it('signs macOS builds with the hardened runtime and notarizes them when the APPLE_* variables are set', async () => {
    expect(targetNames(config.mac?.target).sort()).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // No identity or password in the file: CSC_LINK / CSC_KEY_PASSWORD and APPLE_* come from the environment.
    expect(config.mac?.identity).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/password|apple_?id|@.*\.p12/i);

    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeTypeOf('string');
      const plist = await readFile(path.join(projectRoot, file!), 'utf8');
      const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\s*\/>/g)].map((match) => match[1]);
      // V8's JIT is all Electron needs under the hardened runtime; nothing that weakens it further.
      expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('builds an AppImage and a deb for Linux, with a desktop category and a maintainer', () => {
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBeTruthy();
    expect(config.linux?.maintainer).toMatch(/<[^@>\s]+@[^>\s]+>/);
  });
});
