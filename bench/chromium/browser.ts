// What the browser benches share: Debian's Chromium through playwright-core (never a downloaded browser), with
// the flags the end-to-end tests use (test/e2e/support.ts).
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A browser whose contexts are throwaway (their IndexedDB lives in memory): for fresh loads. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * Chromium with a profile on disk, so IndexedDB writes reach LevelDB files as on a staff laptop (an
 * incognito context would keep them in memory and flatter every write).
 */
export function launchChromiumWithProfile(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--disable-background-timer-throttling'],
  });
}
