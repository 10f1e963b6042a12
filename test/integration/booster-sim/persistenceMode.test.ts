// The simulator's persistence file holds the clients it created (names, emails, phones): its owner's only.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, postCustomer, startTestBoosterSimulator } from '../../support/booster-sim';
import { validWireCustomer } from './wire-fixtures';

describe('the simulator persistence file', () => {
  it.skipIf(process.platform === 'win32')('is written 0600', async () => {
    const dir = await makeTempDir();
    const dataFile = join(dir.path, 'booster.json');
    const sim = await startTestBoosterSimulator({ dataFile });
    try {
      const response = await postCustomer(sim, validWireCustomer(), {
        Authorization: `Bearer ${sim.apiKey}`,
      });
      expect(response.status).toBe(200);
      expect((await stat(dataFile)).mode & 0o777).toBe(0o600);
    } finally {
      await sim.close();
      await dir.cleanup();
    }
  });
});
