// The status people see: the engine's (or, with no engine, the outbox's counts) plus journal damage.
import path from 'node:path';
import type { SyncStatus } from '../../../shared/ipc';
import type { StateCounts } from './outbox/outbox';
import type { DamageReport } from './outbox/store';

const MAX_DAMAGE_SHOWN = 100;

/** An outbox opened without sending: nothing is known about Booster. */
export function statusWithoutEngine(counts: StateCounts): SyncStatus {
  return { counts, connectivity: 'unknown', activity: counts.pending > 0 ? 'waiting' : 'idle' };
}

/** Journal damage stays in the status until a person acknowledges it: a damaged line may have been a client. */
export function withDamage(status: SyncStatus, damage: DamageReport): SyncStatus {
  if (damage.lines === 0) return status;
  return {
    ...status,
    damage: {
      lines: damage.lines,
      captureIds: damage.captureIds.slice(0, MAX_DAMAGE_SHOWN),
      files: damage.files.map((file) => path.basename(file)).slice(0, MAX_DAMAGE_SHOWN),
    },
  };
}
