// The simulator persistence file holds the clients it created (names, emails, phones): its owner's only.
// POSIX modes only: on Windows these tests are skipped (the user profile's ACL protects the file there).
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, postCustomer, startTestBoosterSimulator } from '../../support/booster-sim';
import { validWireCustomer } from './wire-fixtures';

const posixOnly = it.skipIf(process.platform === 'win32');
const skipNote = process.platform === 'win32' ? ' (skipped: Windows has no POSIX file modes)' : '';

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('the simulator persistence file', () => {
  posixOnly(`is written 0600${skipNote}`, async () => {
    const dir = await makeTempDir();
    const dataFile = join(dir.path, 'booster.json');
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      const response = await postCustomer(sim, validWireCustomer(), {
        Authorization: `Bearer ${sim.apiKey}`,
      });
      expect(response.status).toBe(200);
      expect(await modeOf(dataFile)).toBe(0o600);
    } finally {
      await sim.close();
      await dir.cleanup();
    }
  });

  posixOnly(`goes in a folder created 0700 when its folder is missing${skipNote}`, async () => {
    const dir = await makeTempDir();
    const dataFile = join(dir.path, 'sim', 'state', 'booster.json');
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      expect((await postCustomer(sim, validWireCustomer())).status).toBe(200);
      expect(await modeOf(join(dir.path, 'sim'))).toBe(0o700);
      expect(await modeOf(join(dir.path, 'sim', 'state'))).toBe(0o700);
      expect(await modeOf(dataFile)).toBe(0o600);
    } finally {
      await sim.close();
      await dir.cleanup();
    }
  });

  posixOnly(`left readable by others (an older simulator's) is tightened at start${skipNote}`, async () => {
    const dir = await makeTempDir();
    const shared = join(dir.path, 'shared');
    await mkdir(shared, { mode: 0o755 });
    const dataFile = join(shared, 'booster.json');
    await writeFile(dataFile, JSON.stringify({ version: 1, nextId: 5, customers: [] }), { mode: 0o644 });
    expect(await modeOf(dataFile)).toBe(0o644);
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      expect(await modeOf(dataFile)).toBe(0o600);
      // A folder the simulator did not create stays as its owner set it.
      expect(await modeOf(shared)).toBe(0o755);
      const created = (await (await postCustomer(sim, validWireCustomer())).json()) as {
        boosterCustomerId: number;
      };
      expect(created.boosterCustomerId).toBe(5);
      expect(await modeOf(dataFile)).toBe(0o600);
    } finally {
      await sim.close();
      await dir.cleanup();
    }
  });
});
