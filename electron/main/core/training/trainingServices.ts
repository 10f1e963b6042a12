// What a mode changes in the services, decided once when they open. Training's fetch is the in-process
// training Booster whatever the environment says: no configuration, not even a real environment saved
// earlier, can send a training client to a network host.
import type { EnvironmentStore } from '../booster/environmentStore';
import type { Clock } from '../platform/clock';
import type { SecretStore } from '../platform/secretStore';
import { createTrainingBooster } from './trainingBooster';
import {
  createFileTrainingIds,
  createTrainingEnvironmentStore,
  createTrainingSecretStore,
  type AppMode,
} from './trainingFolder';

export interface ModePieces {
  fetch: typeof globalThis.fetch;
  secretStore: SecretStore;
  /** Training: fixed to the training Booster (a test may give its own); real: the host's or the folder's. */
  environmentStore: EnvironmentStore | undefined;
  /** Whether the IT policy's environment list applies (it names real Boosters only). */
  restrictedByPolicy: boolean;
}

export function piecesForMode(
  mode: AppMode,
  given: {
    dataDir: string;
    clock: Clock;
    fetch: typeof globalThis.fetch;
    secretStore: SecretStore;
    environmentStore?: EnvironmentStore | undefined;
  },
): ModePieces {
  if (mode === 'real')
    return {
      fetch: given.fetch,
      secretStore: given.secretStore,
      environmentStore: given.environmentStore,
      restrictedByPolicy: true,
    };
  return {
    // Never given.fetch: the host's network fetch is not even kept.
    fetch: createTrainingBooster({ now: () => given.clock.now(), ids: createFileTrainingIds(given.dataDir) }),
    secretStore: createTrainingSecretStore(),
    environmentStore: given.environmentStore ?? createTrainingEnvironmentStore(),
    restrictedByPolicy: false,
  };
}
