// The update decision table, every combination: an update is never installed while a client is sending or a
// draft is open, only when a person asked at a quiet moment; a downloaded version is announced once.
import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  updateViewOf,
  type UpdateMoment,
  type UpdaterState,
} from '../../../electron/main/core/updates/updatePolicy';
import { updateViewSchema } from '../../../shared/ipc';

const HOUR = 3_600_000;
const updaterStates: UpdaterState[] = [
  { kind: 'idle' },
  { kind: 'checking' },
  { kind: 'downloading', version: '1.2.0' },
  { kind: 'downloaded', version: '1.2.0', releaseNotes: 'Faster sync.' },
  { kind: 'error' },
];
const lastChecks = [undefined, 0, 3 * HOUR, 4 * HOUR] as const;

function* moments(): Generator<UpdateMoment> {
  for (const updater of updaterStates)
    for (const sending of [0, 1, 3])
      for (const draftOpen of [false, true])
        for (const toldVersion of [undefined, '1.1.0', '1.2.0'])
          for (const installRequested of [false, true])
            for (const lastCheckAt of lastChecks)
              yield {
                updater,
                app: { sending, draftOpen },
                now: 4 * HOUR,
                lastCheckAt,
                checkIntervalMs: 4 * HOUR,
                toldVersion,
                installRequested,
              };
}

describe('decideUpdate', () => {
  const all = [...moments()];

  it('covers every combination of the table', () => {
    expect(all).toHaveLength(5 * 3 * 2 * 3 * 2 * 4);
  });

  it('decides each combination by the rules', () => {
    for (const moment of all) expectRules(moment);
  });

  function expectRules(moment: UpdateMoment): void {
    const decision = decideUpdate(moment);
    const where = JSON.stringify(moment);
    const quiet = moment.app.sending === 0 && !moment.app.draftOpen;
    const blockers = [
      ...(moment.app.sending > 0 ? ['sending'] : []),
      ...(moment.app.draftOpen ? ['draftOpen'] : []),
    ];
    switch (moment.updater.kind) {
      case 'idle':
      case 'error': {
        const due =
          moment.lastCheckAt === undefined || moment.now - moment.lastCheckAt >= moment.checkIntervalMs;
        expect(decision, where).toEqual(due ? { action: 'checkNow' } : { action: 'wait', waitingFor: [] });
        break;
      }
      case 'checking':
      case 'downloading':
        expect(decision, where).toEqual({ action: 'wait', waitingFor: [] });
        break;
      case 'downloaded':
        if (moment.toldVersion !== '1.2.0')
          expect(decision, where).toEqual({
            action: 'tellUser',
            version: '1.2.0',
            releaseNotes: 'Faster sync.',
          });
        else if (moment.installRequested && quiet) expect(decision, where).toEqual({ action: 'installNow' });
        else expect(decision, where).toEqual({ action: 'wait', waitingFor: blockers });
        break;
    }
    // The rule the whole table exists for.
    if (decision.action === 'installNow') expect(quiet, where).toBe(true);
  }

  it('never installs while sending or with a draft open, even when asked', () => {
    const unsafe = all.filter((moment) => moment.app.sending > 0 || moment.app.draftOpen);
    expect(unsafe.length).toBeGreaterThan(0);
    expect(unsafe.filter((moment) => decideUpdate(moment).action === 'installNow')).toEqual([]);
  });
});

describe('updateViewOf', () => {
  it('offers the restart only at a quiet moment, and says what it waits for', () => {
    const ready: UpdaterState = { kind: 'downloaded', version: '1.2.0', releaseNotes: 'Faster sync.' };
    expect(updateViewOf(ready, { sending: 0, draftOpen: false })).toEqual({
      state: 'ready',
      version: '1.2.0',
      releaseNotes: 'Faster sync.',
      canInstallNow: true,
      waitingFor: [],
    });
    expect(updateViewOf(ready, { sending: 2, draftOpen: true })).toMatchObject({
      canInstallNow: false,
      waitingFor: ['sending', 'draftOpen'],
    });
  });

  it('answers within the contract for every updater state', () => {
    for (const updater of updaterStates)
      for (const draftOpen of [false, true]) {
        const view = updateViewOf(updater, { sending: 1, draftOpen });
        expect(updateViewSchema.safeParse(view).success).toBe(true);
        if (updater.kind !== 'downloaded') expect(view.canInstallNow).toBe(false);
      }
  });
});
