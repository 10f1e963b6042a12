// electron-builder.yml as electron-builder itself reads it: its own loader (YAML, `extends`, defaults) and its own
// schema check, from the pinned electron-builder's app-builder-lib. Nothing is packaged here: that needs
// Electron's binary, which this machine cannot download.
import { fileURLToPath } from 'node:url';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export async function loadBuilderConfig(): Promise<Configuration> {
  const config = await getConfig(projectRoot, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/**
 * The builder's `files` rules as the filter it applies to the app folder: true for a path (absolute, under
 * `appDir`) that would go into app.asar. electron-builder adds package.json and its own exclusions (VCS
 * folders, lock files) on top; those only ever remove more.
 */
export function packFilter(
  config: Configuration,
  appDir: string,
): (absolutePath: string, isDirectory: boolean) => boolean {
  const matchers = getFileMatchers(config, 'files', '/app', {
    macroExpander: (pattern) => pattern,
    customBuildOptions: {},
    globalOutDir: `${appDir}/dist`,
    defaultSrc: appDir,
  });
  if (matchers === null || matchers.length !== 1) {
    throw new Error('electron-builder.yml must have exactly one `files` list (no from/to mappings)');
  }
  const filter = matchers[0]!.createFilter();
  return (absolutePath, isDirectory) =>
    filter(absolutePath, { isDirectory: () => isDirectory } as Parameters<typeof filter>[1]) !== false;
}
