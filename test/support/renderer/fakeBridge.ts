// An in-memory BoosterBridge for renderer tests: records every call; tests decide what main answers.
import type {
  BoosterBridge,
  EnvironmentView,
  IpcError,
  IpcResult,
  OutboxEntrySummary,
  SyncChanged,
  SyncStatus,
} from '../../../shared/ipc';

type Enqueued = { captureId: string; record: Record<string, unknown> };

export interface FakeBridge extends BoosterBridge {
  readonly calls: { method: string; request: unknown }[];
  readonly enqueued: Enqueued[];
  entries: OutboxEntrySummary[];
  status: SyncStatus;
  environmentView: EnvironmentView | null;
  /** When set, enqueue answers this error instead of accepting. */
  enqueueError: IpcError | undefined;
  /** When set, enqueue waits for this promise before answering (to observe the in-between state). */
  enqueueGate: Promise<void> | undefined;
  reopenAnswer:
    Extract<Awaited<ReturnType<BoosterBridge['outbox']['reopen']>>, { ok: true }>['value'] | undefined;
  matches: {
    captureId: string;
    state: OutboxEntrySummary['state'];
    displayName: string;
    matchedOn: 'email' | 'phone';
  }[];
  push(event: SyncChanged): void;
  /** When set, drafts.key answers this error (main unreachable, key not unsealed). */
  draftKeyError: IpcError | undefined;
}

/** The fixed draft key renderer tests encrypt with (32 bytes, base64). */
export const TEST_DRAFT_KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i + 1)));

export const idleStatus: SyncStatus = {
  counts: { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 },
  connectivity: 'online',
  activity: 'idle',
};

const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

export function summaryFor(
  captureId: string,
  displayName: string,
  now = '2026-11-28T10:00:00.000Z',
): OutboxEntrySummary {
  return {
    captureId,
    state: 'pending',
    displayName,
    enqueuedAt: now,
    updatedAt: now,
    attempts: 0,
    possibleDuplicate: false,
  };
}

export function createFakeBridge(): FakeBridge {
  const listeners = new Set<(event: SyncChanged) => void>();
  const fake: FakeBridge = {
    calls: [],
    enqueued: [],
    entries: [],
    status: idleStatus,
    environmentView: null,
    enqueueError: undefined,
    enqueueGate: undefined,
    reopenAnswer: undefined,
    matches: [],
    draftKeyError: undefined,
    push(event) {
      for (const listener of listeners) listener(event);
    },
    outbox: {
      async enqueue(request) {
        fake.calls.push({ method: 'outbox.enqueue', request });
        if (fake.enqueueGate) await fake.enqueueGate;
        if (fake.enqueueError) return { ok: false, error: fake.enqueueError };
        fake.enqueued.push(request);
        const lastName = typeof request.record.lastName === 'string' ? request.record.lastName : '';
        const entry = summaryFor(request.captureId, lastName);
        fake.entries = [entry, ...fake.entries.filter((item) => item.captureId !== entry.captureId)];
        return ok(entry);
      },
      // Pages like main: in `entries` order, the cursor is the index where the next page starts.
      async list(request) {
        fake.calls.push({ method: 'outbox.list', request });
        const start = request?.cursor === undefined ? 0 : Number(request.cursor);
        const end = start + (request?.limit ?? 100);
        const items = fake.entries.slice(start, end);
        return ok(end < fake.entries.length ? { items, nextCursor: String(end) } : { items });
      },
      async reopen(request) {
        fake.calls.push({ method: 'outbox.reopen', request });
        if (!fake.reopenAnswer)
          return { ok: false, error: { code: 'notFound', message: 'Not in the outbox.' } };
        return ok(fake.reopenAnswer);
      },
      async discard(request) {
        fake.calls.push({ method: 'outbox.discard', request });
        fake.entries = fake.entries.filter((entry) => entry.captureId !== request.captureId);
        return ok({ discarded: true });
      },
      async erase(request) {
        fake.calls.push({ method: 'outbox.erase', request });
        const entry = fake.entries.find((item) => item.captureId === request.captureId);
        if (entry?.state === 'sending')
          return { ok: false, error: { code: 'notEditable', message: 'Being sent right now.' } };
        fake.entries = fake.entries.filter((item) => item.captureId !== request.captureId);
        return ok({ erased: entry !== undefined });
      },
      async findMatches(request) {
        fake.calls.push({ method: 'outbox.findMatches', request });
        return ok({ matches: fake.matches });
      },
    },
    sync: {
      async status() {
        fake.calls.push({ method: 'sync.status', request: undefined });
        return ok(fake.status);
      },
      async now() {
        fake.calls.push({ method: 'sync.now', request: undefined });
        return ok(fake.status);
      },
    },
    auth: {
      async environment() {
        fake.calls.push({ method: 'auth.environment', request: undefined });
        return ok(fake.environmentView);
      },
      async configure(request) {
        fake.calls.push({ method: 'auth.configure', request });
        fake.environmentView = {
          baseUrl: request.baseUrl,
          authMode: request.mode,
          signedIn: true,
          ...(request.mode === 'credentials' ? { userName: request.userName } : {}),
        };
        return ok(fake.environmentView);
      },
      async signOut() {
        fake.calls.push({ method: 'auth.signOut', request: undefined });
        fake.environmentView = null;
        return ok(null);
      },
    },
    drafts: {
      async key() {
        fake.calls.push({ method: 'drafts.key', request: undefined });
        if (fake.draftKeyError) return { ok: false, error: fake.draftKeyError };
        return ok({ key: TEST_DRAFT_KEY });
      },
    },
    onSyncChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return fake;
}
