// The handler tables behind the IPC contract (outbox.*, sync.*, auth.*), one per way the data folder is
// open: reading only, writing without sending, or the whole app. Errors are thrown as NamedErrors.
import type { BoosterHandlers, SyncStatus } from '../../../shared/ipc';
import type { BoosterAuth } from './booster/boosterAuth';
import { NamedError } from './errors';
import type { Outbox } from './outbox/outbox';
import type { SyncEngine } from './sync/syncEngine';

/** A folder opened for writing without sending (the CLI's enqueue). */
export interface OutboxHandlers {
  outbox: BoosterHandlers['outbox'];
  sync: Pick<BoosterHandlers['sync'], 'status'>;
}

/** A folder opened read-only: lists, contact matches and the status, nothing that writes. */
export interface ReadOnlyHandlers {
  outbox: Pick<OutboxHandlers['outbox'], 'list' | 'findMatches'>;
  sync: OutboxHandlers['sync'];
}

export function createOutboxHandlers(
  outbox: Outbox,
  status: () => SyncStatus,
  /** A record was queued: the engine, when there is one, looks at once. */
  onEnqueued: () => void = () => undefined,
): OutboxHandlers {
  return {
    outbox: {
      enqueue: async ({ captureId, record }) => {
        const summary = await outbox.enqueue(captureId, record);
        onEnqueued();
        return summary;
      },
      list: async (request) => outbox.list(request),
      reopen: async ({ captureId }) => ({ captureId, ...(await outbox.reopen(captureId)) }),
      discard: async ({ captureId }) => ({ discarded: await outbox.discard(captureId) }),
      erase: async ({ captureId, confirmUnsent }) => ({
        erased: await outbox.erase(captureId, { confirmUnsent }),
      }),
      findMatches: async (request) => ({ matches: await outbox.findMatches(request) }),
    },
    sync: { status: async () => status() },
  };
}

export function createReadOnlyHandlers(outbox: Outbox, status: () => SyncStatus): ReadOnlyHandlers {
  const {
    outbox: { list, findMatches },
    sync,
  } = createOutboxHandlers(outbox, status);
  return { outbox: { list, findMatches }, sync };
}

export function createBoosterHandlers(parts: {
  outbox: Outbox;
  engine: SyncEngine;
  auth: BoosterAuth;
  status: () => SyncStatus;
  /** The environment changed: the status may have too. */
  onEnvironmentChanged: () => void;
  /** The installation's 32-byte draft key, handed to the renderer for its session (absent: drafts:key fails). */
  draftKey?: () => Promise<Uint8Array>;
}): BoosterHandlers {
  const { engine, auth, status } = parts;
  const environmentChanged = () => {
    engine.environmentChanged();
    parts.onEnvironmentChanged();
  };
  const local = createOutboxHandlers(parts.outbox, status, () => engine.wake());
  return {
    outbox: local.outbox,
    sync: {
      ...local.sync,
      now: async () => {
        engine.syncNow();
        return status();
      },
    },
    auth: {
      environment: async () => auth.view(),
      configure: async (request) => {
        try {
          return await auth.configure(request);
        } finally {
          environmentChanged();
        }
      },
      signOut: async () => {
        const view = await auth.signOut();
        environmentChanged();
        return view;
      },
    },
    drafts: { key: async () => ({ key: await draftKeyBase64(parts.draftKey) }) },
  };
}

async function draftKeyBase64(draftKey: (() => Promise<Uint8Array>) | undefined): Promise<string> {
  const key = draftKey ? await draftKey() : undefined;
  if (key?.length !== 32)
    throw new NamedError(
      'internal',
      'Booster Capture cannot open its draft key, so drafts cannot be saved. Restart Booster Capture.',
    );
  return Buffer.from(key).toString('base64');
}
