// Start a Booster simulator in-process on a free port, for integration and end-to-end tests.
//   const sim = useBoosterSimulator({ honourIdempotencyKey: true });   // inside a describe()
//   await fetch(`${sim().url}/customer`, ...)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  startBoosterSimulator,
  type BoosterSimulator,
  type SimulatorOptions,
} from '../../tools/booster-sim/index';

export { defaultApiKey as simApiKey, defaultUsers as simUsers } from '../../tools/booster-sim/index';
export type { BoosterSimulator } from '../../tools/booster-sim/index';

/** Always on port 0, so parallel tests never collide. */
export function startTestBoosterSimulator(
  options: Partial<SimulatorOptions> = {},
): Promise<BoosterSimulator> {
  return startBoosterSimulator({ ...options, port: 0 });
}

/** A fresh simulator before each test of the enclosing describe, closed after it. */
export function useBoosterSimulator(
  options: Partial<SimulatorOptions> | (() => Partial<SimulatorOptions>) = {},
): () => BoosterSimulator {
  let simulator: BoosterSimulator | null = null;
  beforeEach(async () => {
    simulator = await startTestBoosterSimulator(typeof options === 'function' ? options() : options);
  });
  afterEach(async () => {
    await simulator?.close();
    simulator = null;
  });
  return () => {
    if (!simulator) throw new Error('The Booster simulator runs only inside a test of this describe block');
    return simulator;
  };
}

/** A temporary folder for one test (e.g. for `dataFile`); remove it with the returned cleanup. */
export async function makeTempDir(
  prefix = 'booster-sim-',
): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** POST a CreateCustomer body (already wire JSON) with the simulator's API key unless headers say otherwise. */
export function postCustomer(
  simulator: BoosterSimulator,
  body: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${simulator.apiKey}` },
): Promise<Response> {
  return fetch(`${simulator.url}/customer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
