// When to check for, announce and install an update: pure decisions from the updater's state and the app's.
// An update restarts the app, so it is never installed while a client is being sent (the answer could be
// lost, and the client flagged a possible duplicate) or while a draft is open in the form (staff are typing).
// It installs when a person asks at such a quiet moment, or when the app quits (electron-updater's
// autoInstallOnAppQuit: by then the quit guard has stopped sending and the page has written its draft).

/** What the updater is doing, as electron-updater's events tell it (adapters/auto-updater.ts). */
export type UpdaterState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version?: string }
  | { kind: 'downloaded'; version: string; releaseNotes?: string }
  | { kind: 'error' };

export interface AppActivity {
  /** Clients in `sending` now. */
  sending: number;
  /** The page reported a draft open in the form. */
  draftOpen: boolean;
}

export type WaitingFor = 'sending' | 'draftOpen';

export interface UpdateMoment {
  updater: UpdaterState;
  app: AppActivity;
  now: number;
  /** Epoch ms of the last check started; undefined before the first. */
  lastCheckAt: number | undefined;
  checkIntervalMs: number;
  /** The version a person has already been told about (the notice shown). */
  toldVersion: string | undefined;
  /** A person pressed "Restart to update". */
  installRequested: boolean;
}

export type UpdateDecision =
  | { action: 'checkNow' }
  | { action: 'tellUser'; version: string; releaseNotes: string | undefined }
  | { action: 'installNow' }
  | { action: 'wait'; waitingFor: WaitingFor[] };

/** What stands in the way of a restart now (empty: a quiet moment). */
export function blockersOf(app: AppActivity): WaitingFor[] {
  const blockers: WaitingFor[] = [];
  if (app.sending > 0) blockers.push('sending');
  if (app.draftOpen) blockers.push('draftOpen');
  return blockers;
}

export function decideUpdate(moment: UpdateMoment): UpdateDecision {
  const { updater } = moment;
  switch (updater.kind) {
    case 'idle':
    case 'error': {
      const due =
        moment.lastCheckAt === undefined || moment.now - moment.lastCheckAt >= moment.checkIntervalMs;
      return due ? { action: 'checkNow' } : { action: 'wait', waitingFor: [] };
    }
    case 'checking':
    case 'downloading':
      return { action: 'wait', waitingFor: [] };
    case 'downloaded': {
      if (moment.toldVersion !== updater.version)
        return { action: 'tellUser', version: updater.version, releaseNotes: updater.releaseNotes };
      const waitingFor = blockersOf(moment.app);
      if (moment.installRequested && waitingFor.length === 0) return { action: 'installNow' };
      return { action: 'wait', waitingFor };
    }
  }
}

/** What the page shows: the notice, and whether "Restart to update" may be pressed now. */
export function updateViewOf(updater: UpdaterState, app: AppActivity) {
  const waitingFor = blockersOf(app);
  if (updater.kind === 'downloaded')
    return {
      state: 'ready' as const,
      version: updater.version,
      ...(updater.releaseNotes ? { releaseNotes: updater.releaseNotes } : {}),
      canInstallNow: waitingFor.length === 0,
      waitingFor,
    };
  if (updater.kind === 'downloading')
    return {
      state: 'downloading' as const,
      ...(updater.version ? { version: updater.version } : {}),
      canInstallNow: false,
      waitingFor: [],
    };
  return { state: 'none' as const, canInstallNow: false, waitingFor: [] };
}
