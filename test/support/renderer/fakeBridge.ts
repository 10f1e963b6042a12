// An in-memory BoosterBridge for renderer tests: records every call; tests decide what main answers.
import { decodeCursor, encodeCursor, type OrderKey } from '../../../electron/main/core/outbox/enqueueOrder';
import {
  ipcContract,
  type BoosterBridge,
  type EnvironmentView,
  type IpcError,
  type IpcResult,
  type OutboxEntrySummary,
  type SyncChanged,
  type SyncStatus,
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

const keyOf = (entry: OutboxEntrySummary): OrderKey => ({
  at: Date.parse(entry.enqueuedAt),
  captureId: entry.captureId,
});

const compareKeys = (a: OrderKey, b: OrderKey): number =>
  a.at !== b.at ? a.at - b.at : a.captureId < b.captureId ? -1 : a.captureId > b.captureId ? 1 : 0;

const invalidCursor =
  'The list cursor is not valid: pass the nextCursor of the previous page, or no cursor to start from the beginning.';

/** `outbox.list` as main answers it (test/unit/core/outboxListScenarios.test.ts runs both): the contract's
 *  defaults, (enqueuedAt, captureId) order either way, main's cursors, states filtered before paging. */
export function listPage(
  entries: readonly OutboxEntrySummary[],
  raw: unknown,
): IpcResult<{ items: OutboxEntrySummary[]; nextCursor?: string }> {
  const parsed = ipcContract.outbox.list.request.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: { code: 'invalidRequest', message: 'Invalid request for outbox:list.' } };
  const { states, order, limit, cursor } = parsed.data;
  const from = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !from)
    return {
      ok: false,
      error: {
        code: 'invalidRequest',
        message: invalidCursor,
        fields: [{ path: 'cursor', code: 'invalidCursor', message: invalidCursor }],
      },
    };
  const direction = order === 'newestFirst' ? -1 : 1;
  const matching = entries
    .filter((entry) => !states || states.length === 0 || states.includes(entry.state))
    .filter((entry) => !from || direction * compareKeys(keyOf(entry), from) > 0)
    .sort((a, b) => direction * compareKeys(keyOf(a), keyOf(b)));
  const items = matching.slice(0, limit);
  const last = items.at(-1);
  return ok(matching.length > limit && last ? { items, nextCursor: encodeCursor(keyOf(last)) } : { items });
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
      async list(request) {
        fake.calls.push({ method: 'outbox.list', request });
        return listPage(fake.entries, request);
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
