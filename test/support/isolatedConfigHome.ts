// Vitest global setup: the headless hosts keep their data-key files under the user's config folder
// ($XDG_CONFIG_HOME); a test run gets a folder of its own, removed afterwards, so tests never write key
// files into the real home of the person or CI machine running them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const marker = 'BOOSTER_TEST_CONFIG_HOME';

export function setup(): () => void {
  // Each project of the run calls this: they share one folder, removed by the first teardown that runs last.
  const existing = process.env[marker];
  if (existing) return () => undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'booster-test-config-'));
  process.env[marker] = dir;
  process.env['XDG_CONFIG_HOME'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
