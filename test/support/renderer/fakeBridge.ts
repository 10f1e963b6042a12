// An in-memory BoosterBridge for renderer tests: records every call; tests decide what main answers.
import { decodeCursor, encodeCursor, type OrderKey } from '../../../electron/main/core/outbox/enqueueOrder';
import {
  ipcContract,
  type BoosterBridge,
  type CredentialCheck,
  type EnvironmentView,
  type IpcError,
  type IpcResult,
  type ModeView,
  type OutboxEntrySummary,
  type UpdateView,
  type SyncChanged,
  type SyncStatus,
} from '../../../shared/ipc';
import { createFakeLock, type FakeLock } from './fakeLock';
import { createFakeOperations } from './fakeOperations';
import type { ConsentEvidence } from '../../../shared/ipc/consent';
import { defaultConsentCatalogue, findConsentText } from '../../../shared/consent/catalogue';
import { countryRuleIssues } from '../../../shared/consent/countryRules';
import { staffMemberOf } from '../../../electron/main/core/consent/consentService';
import { consentTextHash } from '../../../electron/main/core/consent/textHash';

type Enqueued = { captureId: string; record: Record<string, unknown> };

export interface FakeBridge extends BoosterBridge {
  /** The lock and policy domains' state (fakeLock.ts): arrange a PIN, a policy, a locked start. */
  readonly lockFake: FakeLock;
  readonly calls: { method: string; request: unknown }[];
  readonly enqueued: Enqueued[];
  entries: OutboxEntrySummary[];
  status: SyncStatus;
  environmentView: EnvironmentView | null;
  /** What Booster says of the next key or sign-in saved (auth.configure). Unset: a user name and password
   *  are accepted, and a key is saved but not checked (Booster out of reach). */
  credentialCheck: CredentialCheck | undefined;
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
  /** Every consent recorded (consent.record), as main would keep it: the default texts, their hashes. */
  readonly consentEvidence: ConsentEvidence[];
  /** mode.*: the mode main is in, whether switching needs the PIN (and which PIN it takes). */
  modeView: ModeView;
  modePin: string;
  /** app.*: the update main holds (state none by default) and the draft-open reports the page made. */
  update: UpdateView;
  readonly draftOpenReports: boolean[];
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

/** Main's refusals of a person's decision, by the state refused (electron/main/core/outbox/outbox.ts). */
const decisionRefused = (entry: OutboxEntrySummary): IpcResult<never> => ({
  ok: false,
  error: { code: 'notEditable', message: `Not possible for a client that is ${entry.state}.` },
});

function invalidRequest(channel: string, issues: readonly { path: PropertyKey[]; message: string }[]) {
  const fields = issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: 'invalid',
    message: issue.message,
  }));
  const first = fields[0];
  return {
    ok: false as const,
    error: {
      code: 'invalidRequest',
      message: `Invalid request for ${channel}: ${first?.path || 'the request'}: ${first?.message ?? 'not accepted'}.`,
      fields,
    },
  };
}

/** `outbox.sendAgain` and `outbox.recordBoosterId` as main answers them (test/unit/core/outboxDecisionScenarios
 *  runs both): the contract's request checks, which states accept each, and the entry they leave. Answers the
 *  result and the entries after it. */
export function decisionAnswer(
  entries: readonly OutboxEntrySummary[],
  decision: 'sendAgain' | 'recordBoosterId',
  raw: unknown,
  now = new Date().toISOString(),
): { result: IpcResult<OutboxEntrySummary>; entries: OutboxEntrySummary[] } {
  const unchanged = [...entries];
  const channel = ipcContract.outbox[decision];
  const parsed = channel.request.safeParse(raw);
  if (!parsed.success)
    return { result: invalidRequest(channel.channel, parsed.error.issues), entries: unchanged };
  const { captureId } = parsed.data;
  const entry = entries.find((item) => item.captureId === captureId);
  if (!entry)
    return {
      result: { ok: false, error: { code: 'notFound', message: 'This client was not found.' } },
      entries: unchanged,
    };
  let after: OutboxEntrySummary;
  if (decision === 'sendAgain') {
    if (entry.state !== 'needsAttention' || entry.attentionReason !== 'mayAlreadyExist')
      return { result: decisionRefused(entry), entries: unchanged };
    const { attentionReason: _reason, lastError: _error, ...rest } = entry;
    after = {
      ...rest,
      state: 'pending',
      updatedAt: now,
      nextAttemptAt: now,
      history: [
        ...(entry.history ?? []),
        { startedAt: now, finishedAt: now, outcome: 'sentAgainByPerson' as const },
      ].slice(-20),
    };
  } else {
    const boosterCustomerId = Number((parsed.data as Record<string, unknown>).boosterCustomerId);
    if (!entry.possibleDuplicate || (entry.state !== 'pending' && entry.state !== 'needsAttention'))
      return { result: decisionRefused(entry), entries: unchanged };
    if (
      entries.some((item) => item.captureId !== captureId && item.boosterCustomerId === boosterCustomerId)
    ) {
      const message = `Booster client id ${boosterCustomerId} is already recorded for another client on this laptop.`;
      return {
        result: {
          ok: false,
          error: {
            code: 'invalidRequest',
            message,
            fields: [{ path: 'boosterCustomerId', code: 'idTaken', message }],
          },
        },
        entries: unchanged,
      };
    }
    const {
      attentionReason: _reason,
      lastError: _error,
      nextAttemptAt: _next,
      fieldErrors: _fields,
      ...rest
    } = entry;
    after = {
      ...rest,
      state: 'sent',
      updatedAt: now,
      sentAt: now,
      boosterCustomerId,
      boosterIdRecordedByPerson: true,
      history: [
        ...(entry.history ?? []),
        { startedAt: now, finishedAt: now, outcome: 'idRecordedByPerson' as const, boosterCustomerId },
      ].slice(-20),
    };
  }
  return {
    result: ok(after),
    entries: entries.map((item) => (item.captureId === captureId ? after : item)),
  };
}

export function createFakeBridge(): FakeBridge {
  const listeners = new Set<(event: SyncChanged) => void>();
  const lockFake = createFakeLock();
  const fake: FakeBridge = {
    calls: [],
    enqueued: [],
    entries: [],
    status: idleStatus,
    environmentView: null,
    credentialCheck: undefined,
    enqueueError: undefined,
    enqueueGate: undefined,
    reopenAnswer: undefined,
    matches: [],
    draftKeyError: undefined,
    consentEvidence: [],
    modeView: { mode: 'real', pinNeeded: false },
    modePin: '482915',
    update: { state: 'none', canInstallNow: false, waitingFor: [] },
    draftOpenReports: [],
    mode: {
      async get() {
        fake.calls.push({ method: 'mode.get', request: undefined });
        return ok(fake.modeView);
      },
      async set(request) {
        fake.calls.push({ method: 'mode.set', request });
        if (fake.modeView.pinNeeded && request.pin === undefined)
          return { ok: false, error: { code: 'pinNeeded', message: 'IT requires the staff PIN to switch.' } };
        if (fake.modeView.pinNeeded && request.pin !== fake.modePin)
          return { ok: false, error: { code: 'wrongPin', message: 'That PIN is not right.' } };
        fake.modeView = { ...fake.modeView, mode: request.mode };
        return ok(fake.modeView);
      },
    },
    app: {
      async reportDraftOpen(request) {
        fake.draftOpenReports.push(request.open);
        const blocked = request.open || fake.status.counts.sending > 0;
        if (fake.update.state === 'ready')
          fake.update = {
            ...fake.update,
            canInstallNow: !blocked,
            waitingFor: [
              ...(fake.status.counts.sending > 0 ? (['sending'] as const) : []),
              ...(request.open ? (['draftOpen'] as const) : []),
            ],
          };
        return ok(fake.update);
      },
      async update() {
        return ok(fake.update);
      },
      async installUpdate() {
        fake.calls.push({ method: 'app.installUpdate', request: undefined });
        if (!fake.update.canInstallNow)
          return { ok: false, error: { code: 'updateNotSafe', message: 'Not now.' } };
        return ok(fake.update);
      },
    },
    lockFake,
    lock: lockFake.lock,
    policy: lockFake.policy,
    operations: createFakeOperations(() => fake),
    push(event) {
      for (const listener of listeners) listener(event);
    },
    outbox: {
      async enqueue(request) {
        fake.calls.push({ method: 'outbox.enqueue', request });
        if (fake.enqueueGate) await fake.enqueueGate;
        // Main re-checks the country rules (the outbox's validator, createCustomerValidator.ts).
        const ruleIssues = countryRuleIssues(request.record, defaultConsentCatalogue.countryRules);
        if (ruleIssues.length > 0)
          return {
            ok: false,
            error: {
              code: 'invalidRecord',
              message: 'Some fields are missing or not valid. Correct them and finalize again.',
              fields: ruleIssues.map(({ path, code, message }) => ({ path, code, message })),
            },
          };
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
        if (entry) {
          const kept = fake.consentEvidence.filter((row) => row.captureId !== request.captureId);
          fake.consentEvidence.splice(0, fake.consentEvidence.length, ...kept);
        }
        return ok({ erased: entry !== undefined });
      },
      async findMatches(request) {
        fake.calls.push({ method: 'outbox.findMatches', request });
        return ok({ matches: fake.matches });
      },
      async sendAgain(request) {
        fake.calls.push({ method: 'outbox.sendAgain', request });
        const answer = decisionAnswer(fake.entries, 'sendAgain', request);
        fake.entries = answer.entries;
        return answer.result;
      },
      async recordBoosterId(request) {
        fake.calls.push({ method: 'outbox.recordBoosterId', request });
        const answer = decisionAnswer(fake.entries, 'recordBoosterId', request);
        fake.entries = answer.entries;
        return answer.result;
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
        const check = fake.credentialCheck ?? (request.mode === 'credentials' ? 'accepted' : 'notChecked');
        fake.environmentView = {
          baseUrl: request.baseUrl,
          authMode: request.mode,
          ...(request.mode === 'credentials' ? { userName: request.userName } : {}),
          signedIn: check !== 'refused',
        };
        return ok({ environment: fake.environmentView, check });
      },
      async switchCheck(request) {
        fake.calls.push({ method: 'auth.switchCheck', request });
        return ok({
          kind: 'allowed',
          to: { environmentId: request.baseUrl, label: request.baseUrl },
          needsPin: false,
        });
      },
      async signOut(request) {
        fake.calls.push({ method: 'auth.signOut', request });
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
    consent: {
      async catalogue() {
        fake.calls.push({ method: 'consent.catalogue', request: undefined });
        return ok({
          texts: defaultConsentCatalogue.texts.map((text) => ({ ...text, hash: consentTextHash(text.text) })),
          countryRules: defaultConsentCatalogue.countryRules,
        });
      },
      async record(request) {
        fake.calls.push({ method: 'consent.record', request });
        const text = findConsentText(defaultConsentCatalogue, request);
        if (!text || text.purpose !== request.purpose)
          return { ok: false, error: { code: 'unknownConsentText', message: 'No such consent text.' } };
        const at = new Date().toISOString();
        const row: ConsentEvidence = {
          seq: fake.consentEvidence.length + 1,
          captureId: request.captureId,
          purpose: request.purpose,
          given: request.given,
          textId: text.id,
          version: text.version,
          language: text.language,
          textHash: consentTextHash(text.text),
          tickedBy: request.tickedBy,
          staff: staffMemberOf(fake.environmentView?.userName, request.staffHint),
          deviceId: '00000000-0000-4000-8000-000000000001',
          at,
          timeSource: 'device',
          deviceAt: at,
          timeZone: 'UTC',
        };
        fake.consentEvidence.push(row);
        return ok(row);
      },
      async listForCapture(request) {
        fake.calls.push({ method: 'consent.listForCapture', request });
        return ok({ evidence: fake.consentEvidence.filter((row) => row.captureId === request.captureId) });
      },
      async export(request) {
        fake.calls.push({ method: 'consent.export', request });
        const evidence = fake.consentEvidence.filter((row) => row.captureId === request.captureId);
        const texts = defaultConsentCatalogue.texts
          .filter((text) => evidence.some((row) => findConsentText(defaultConsentCatalogue, row) === text))
          .map((text) => ({ ...text, hash: consentTextHash(text.text) }));
        return ok({
          fileName: `consent-evidence-${request.captureId}.json`,
          document: {
            kind: 'booster-capture/consent-evidence' as const,
            version: 1 as const,
            captureId: request.captureId,
            exportedAt: new Date().toISOString(),
            evidence,
            texts,
          },
        });
      },
    },
    onSyncChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return fake;
}
