// A complete BoosterHandlers whose every method answers a valid value unless a test replaces it.
import type { BoosterHandlers, LockStatus, OutboxEntrySummary, SyncStatus } from '../../../shared/ipc';

export const idleStatus: SyncStatus = {
  counts: { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 },
  connectivity: 'unknown',
  activity: 'idle',
};

export const openLock: LockStatus = {
  state: 'off',
  policyPresent: false,
  idleLockMinutes: 5,
  attemptsBeforeWait: 3,
};

export const captureId = '2f1d3c4b-5a69-4d7e-8f90-a1b2c3d4e5f6';

export const pendingEntry: OutboxEntrySummary = {
  captureId,
  state: 'pending',
  displayName: 'Dupont, Claire',
  enqueuedAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  attempts: 0,
  possibleDuplicate: false,
};

export function createFakeHandlers(): BoosterHandlers {
  return {
    outbox: {
      enqueue: async () => pendingEntry,
      list: async () => ({ items: [pendingEntry] }),
      reopen: async () => ({ captureId, record: {}, fieldErrors: [], entry: pendingEntry }),
      discard: async () => ({ discarded: true }),
      erase: async () => ({ erased: true }),
      findMatches: async () => ({ matches: [] }),
      sendAgain: async () => pendingEntry,
      recordBoosterId: async () => ({ ...pendingEntry, state: 'sent', boosterCustomerId: 1 }),
    },
    drafts: { key: async () => ({ key: `${'A'.repeat(43)}=` }) },
    lock: {
      status: async () => openLock,
      setPin: async () => openLock,
      changePin: async () => openLock,
      unlock: async () => openLock,
      verifyPin: async () => openLock,
      lockNow: async () => openLock,
      reportActivity: async () => openLock,
      disable: async () => openLock,
    },
    policy: { get: async () => ({ state: 'none' }) },
    mode: {
      get: async () => ({ mode: 'real', pinNeeded: false }),
      set: async (request) => ({ mode: request.mode, pinNeeded: false }),
    },
    app: {
      reportDraftOpen: async () => ({ state: 'none', canInstallNow: false, waitingFor: [] }),
      update: async () => ({ state: 'none', canInstallNow: false, waitingFor: [] }),
      installUpdate: async () => ({ state: 'none', canInstallNow: false, waitingFor: [] }),
    },
    consent: {
      catalogue: async () => ({ texts: [], countryRules: [] }),
      record: async (request) => ({
        ...request,
        seq: 1,
        textHash: '0'.repeat(64),
        staff: { name: 'unknown', source: 'unknown' },
        deviceId: 'device',
        at: '2026-11-28T10:00:00.000Z',
        timeSource: 'device',
        deviceAt: '2026-11-28T10:00:00.000Z',
        timeZone: 'UTC',
      }),
      listForCapture: async () => ({ evidence: [] }),
      export: async ({ captureId: id }) => ({
        fileName: 'consent.json',
        document: {
          kind: 'booster-capture/consent-evidence',
          version: 1,
          captureId: id,
          exportedAt: '2026-11-28T10:00:00.000Z',
          evidence: [],
          texts: [],
        },
      }),
    },
    operations: {
      exportRescue: async () => ({
        fileName: 'rescue.boosterrescue',
        contentBase64: 'AA==',
        count: 0,
        unreadable: 0,
      }),
      importRescue: async () => ({
        inFile: 0,
        imported: 0,
        alreadyPresent: 0,
        possibleDuplicates: 0,
        refused: [],
      }),
      receipt: async () => ({ rows: [], csv: '' }),
      diagnostics: async () => ({ text: '' }),
    },
    sync: {
      status: async () => idleStatus,
      now: async () => idleStatus,
    },
    auth: {
      environment: async () => null,
      configure: async (request) => ({
        environment: { baseUrl: request.baseUrl, authMode: request.mode, signedIn: true },
        check: 'accepted',
      }),
      switchCheck: async (request) => ({
        kind: 'allowed',
        to: { environmentId: request.baseUrl, label: request.baseUrl },
        needsPin: false,
      }),
      signOut: async () => null,
    },
  };
}

export function recordingLogger() {
  const lines: { level: 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    warn: (message: string, fields?: Record<string, unknown>) =>
      void lines.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: Record<string, unknown>) =>
      void lines.push({ level: 'error', message, fields }),
  };
}
