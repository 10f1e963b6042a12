// A complete BoosterHandlers whose every method answers a valid value unless a test replaces it.
import type { BoosterHandlers, OutboxEntrySummary, SyncStatus } from '../../../shared/ipc';

export const idleStatus: SyncStatus = {
  counts: { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 },
  connectivity: 'unknown',
  activity: 'idle',
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
    },
    drafts: { key: async () => ({ key: `${'A'.repeat(43)}=` }) },
    sync: {
      status: async () => idleStatus,
      now: async () => idleStatus,
    },
    auth: {
      environment: async () => null,
      configure: async (request) => ({ baseUrl: request.baseUrl, authMode: request.mode, signedIn: true }),
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
