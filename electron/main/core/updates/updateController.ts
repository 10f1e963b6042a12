// Runs the update policy: asks it at start, on every updater event, when the page opens or closes a draft,
// and on a timer; does what it answers (check, announce, install). The updater itself is an adapter
// (adapters/auto-updater.ts wraps electron-updater); a host without one (web host, CLI, a developer's run)
// still answers app:* with "no update", so the page works the same everywhere.
import type { BoosterHandlers, UpdateView } from '../../../../shared/ipc';
import type { Clock, TimerHandle } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { blockersOf, decideUpdate, updateViewOf, type UpdaterState } from './updatePolicy';

/** What the core needs of an updater; electron-updater behind adapters/auto-updater.ts, a fake in tests. */
export interface Updater {
  /** Called with every state change; returns an unsubscribe function. */
  onState(listener: (state: UpdaterState) => void): () => void;
  /** Looks for an update on the feed; one found is downloaded in the background. */
  check(): Promise<void>;
  /** Quits the app and installs the downloaded update. */
  quitAndInstall(): void;
}

export class UpdateError extends Error {
  override readonly name = 'UpdateError';
  constructor(
    readonly code: 'updateNotSafe' | 'noUpdate',
    message: string,
  ) {
    super(message);
  }
}

export interface UpdateControllerDeps {
  updater?: Updater | undefined;
  /** Clients in `sending` now (the current mode's services). */
  sendingCount: () => Promise<number>;
  clock: Clock;
  logger: Logger;
  /** Default 4 hours. */
  checkIntervalMs?: number;
}

export interface UpdateController {
  handlers: BoosterHandlers['app'];
  stop(): void;
}

const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater, clock, logger } = deps;
  const checkIntervalMs = deps.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
  let state: UpdaterState = { kind: 'idle' };
  let draftOpen = false;
  let lastCheckAt: number | undefined;
  let toldVersion: string | undefined;
  let installRequested = false;
  let timer: TimerHandle | undefined;
  let stopped = false;

  const activity = async () => ({ sending: await deps.sendingCount(), draftOpen });
  const view = async (): Promise<UpdateView> => updateViewOf(state, await activity());

  // One evaluation at a time; a request arriving meanwhile is answered by the next one.
  let evaluating: Promise<void> = Promise.resolve();
  const evaluate = (): Promise<void> => {
    const next = evaluating.then(async () => {
      if (stopped || !updater) return;
      const decision = decideUpdate({
        updater: state,
        app: await activity(),
        now: clock.now(),
        lastCheckAt,
        checkIntervalMs,
        toldVersion,
        installRequested,
      });
      switch (decision.action) {
        case 'checkNow':
          lastCheckAt = clock.now();
          updater.check().catch((error: unknown) => logger.warn('update check failed', { error }));
          break;
        case 'tellUser':
          // The page polls app:update and shows the notice; this marks the version as announced.
          toldVersion = decision.version;
          logger.info('update downloaded; it installs at a quiet moment or on quit', {
            detail: decision.version,
          });
          await evaluateAgainSoon();
          break;
        case 'installNow':
          logger.info('installing the update now', { detail: toldVersion });
          updater.quitAndInstall();
          break;
        case 'wait':
          break;
      }
    });
    evaluating = next.catch((error: unknown) => logger.error('update decision failed', { error }));
    return evaluating;
  };
  // A decision that changed the inputs (the version now told) is followed by another.
  const evaluateAgainSoon = async () => {
    void Promise.resolve().then(evaluate);
  };

  const schedule = () => {
    if (stopped || !updater) return;
    timer = clock.setTimeout(() => {
      void evaluate().finally(schedule);
    }, checkIntervalMs);
  };

  const unsubscribe = updater?.onState((next) => {
    state = next;
    void evaluate();
  });
  void evaluate();
  schedule();

  return {
    handlers: {
      reportDraftOpen: async ({ open }) => {
        draftOpen = open;
        await evaluate();
        return view();
      },
      update: () => view(),
      installUpdate: async () => {
        if (state.kind !== 'downloaded')
          throw new UpdateError('noUpdate', 'No update is ready to install. Nothing was changed.');
        const blockers = blockersOf(await activity());
        if (blockers.length > 0)
          throw new UpdateError(
            'updateNotSafe',
            blockers.includes('sending')
              ? 'A client is being sent to Booster: the update installs once sending is done.'
              : 'A draft is open: finalize it or leave the form, then restart to update.',
          );
        installRequested = true;
        await evaluate();
        return view();
      },
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      unsubscribe?.();
    },
  };
}
