// How a host opens each mode's services from one set of dependencies: real work in the data folder, training
// in its training folder with its own key ring (a rotation of the real keys must not orphan training data),
// and the same staff PIN (app-lock.json of the real folder), so training never asks for a PIN of its own.
import { createPinFileStore } from '../appLock/pinFileStore';
import { openBoosterServices, type BoosterServices, type BoosterServicesDeps } from '../boosterServices';
import type { KeySource } from '../platform/dataKeys';
import { trainingDataDir, type AppMode } from './trainingFolder';

export function modeServicesOpener(
  base: Omit<BoosterServicesDeps, 'mode'>,
  training: { keySource: KeySource },
): (mode: AppMode) => Promise<BoosterServices> {
  return (mode) => {
    if (mode === 'real') return openBoosterServices({ ...base, mode });
    const { environmentStore: _realEnvironment, ...rest } = base;
    return openBoosterServices({
      ...rest,
      mode,
      dataDir: trainingDataDir(base.dataDir),
      keySource: training.keySource,
      appLock: { ...base.appLock, store: base.appLock?.store ?? createPinFileStore(base.dataDir) },
    });
  };
}
