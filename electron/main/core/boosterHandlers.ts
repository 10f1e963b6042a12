// The handler tables behind the IPC contract (outbox.*, sync.*, auth.*), one per way the data folder is
// open: reading only, writing without sending, or the whole app. Errors are thrown as NamedErrors.
import type { BoosterHandlers, EnvironmentView, SyncStatus } from '../../../shared/ipc';
import type { BoosterAuth } from './booster/boosterAuth';
import { NamedError } from './errors';
import type { OperationsHandlers } from './operations/operationsHandlers';
import type { EnvironmentSwitchGuard } from './policy/environmentSwitchGuard';
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
  /** A record was queued (or sent again by a person): the engine, when there is one, looks at once. */
  onEnqueued: () => void = () => undefined,
  /** The Booster environment a client queued now is for (undefined: whichever is configured when sent). */
  environmentId: () => string | undefined = () => undefined,
): OutboxHandlers {
  return {
    outbox: {
      enqueue: async ({ captureId, record }) => {
        const summary = await outbox.enqueue(captureId, record, undefined, {
          environmentId: environmentId(),
        });
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
      sendAgain: async ({ captureId }) => {
        const summary = await outbox.sendAgain(captureId);
        onEnqueued();
        return summary;
      },
      recordBoosterId: async ({ captureId, boosterCustomerId }) =>
        outbox.recordBoosterId(captureId, boosterCustomerId),
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
  /** Rescue file, event receipt, diagnostics (operations/). */
  operations: OperationsHandlers;
  /** Environment switches asked first (waiting clients, the staff PIN); absent: any switch is allowed. */
  environmentSwitch?: EnvironmentSwitchGuard;
}): Omit<BoosterHandlers, 'lock' | 'policy' | 'mode' | 'app' | 'consent'> {
  const { engine, auth, status } = parts;
  const environmentChanged = () => {
    engine.environmentChanged();
    parts.onEnvironmentChanged();
  };
  const guard = parts.environmentSwitch;
  const local = createOutboxHandlers(
    parts.outbox,
    status,
    () => engine.wake(),
    () => guard?.currentEnvironmentId(),
  );
  const withId = (view: EnvironmentView): EnvironmentView =>
    guard ? { ...view, environmentId: guard.environmentIdOf(view.baseUrl) } : view;
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
      environment: async () => {
        const view = await auth.view();
        return view && withId(view);
      },
      configure: async ({ pin, queuedClients, ...request }) => {
        // Asked before anything is saved: the PIN, and what becomes of clients waiting for another Booster.
        const authorized = await guard?.authorize({ ...request, pin, queuedClients });
        try {
          const result = await auth.configure(request);
          await authorized?.afterSave();
          return { ...result, environment: withId(result.environment) };
        } finally {
          environmentChanged();
        }
      },
      switchCheck: async (request) =>
        guard?.check(request) ?? {
          kind: 'allowed',
          to: { environmentId: request.baseUrl, label: request.baseUrl },
          needsPin: false,
        },
      signOut: async (request) => {
        await guard?.authorizeSignOut(request?.pin);
        const view = await auth.signOut();
        environmentChanged();
        return view && withId(view);
      },
    },
    drafts: { key: async () => ({ key: await draftKeyBase64(parts.draftKey) }) },
    operations: parts.operations,
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
