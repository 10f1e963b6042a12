// Duplicates are bounded: lost answers counted per client, the limit (or an environment honouring
// Idempotency-Key), a person's two decisions, and the history the UI is shown. Pure functions only.
import { describe, expect, it } from 'vitest';
import { historyEntryOf, historyOf } from '../../../electron/main/core/outbox/attemptHistory';
import {
  accepts,
  ambiguousBudgetSpent,
  ambiguousLimitFor,
  next,
  nextContent,
  type AmbiguousLimit,
  type EntryContent,
  type OutboxEvent,
} from '../../../electron/main/core/outbox/transitions';
import type { Attempt, EntryMeta } from '../../../electron/main/core/outbox/types';
import { environmentConfigSchema } from '../../../electron/main/core/booster/environmentStore';
import { ipcContract } from '../../../shared/ipc';

const now = 2_000_000;
const lost: Attempt = {
  startedAt: 1_000,
  finishedAt: 1_500,
  outcome: 'retryable',
  ambiguous: true,
  detail: 'network',
  ambiguity: 'connectionLost',
};

function meta(overrides: Partial<EntryMeta> = {}): EntryMeta {
  return {
    captureId: 'c1',
    version: 5,
    state: 'sending',
    enqueuedAt: 100,
    updatedAt: 200,
    possibleDuplicate: false,
    attemptCount: 1,
    contactHashes: [],
    ...overrides,
  };
}

function lostAnswer(ambiguousLimit: AmbiguousLimit, ambiguous = true): OutboxEvent {
  return {
    kind: 'attemptFinished',
    result: {
      kind: 'retry',
      nextAttemptAt: now + 1_000,
      ambiguous,
      ambiguousLimit,
      attempt: lost,
      lastError: { code: 'network', message: 'Booster could not be reached.' },
    },
  };
}

function after(before: EntryMeta, event: OutboxEvent): EntryMeta | undefined {
  const step = next(before, event, now);
  if (!step.ok) throw new Error(`refused in ${step.state}`);
  return step.meta;
}

describe('the ambiguous-attempt limit', () => {
  it('default 2: the first lost answer is retried automatically, flagged; the second holds the client', () => {
    const first = after(meta(), lostAnswer(2));
    expect(first).toMatchObject({
      state: 'pending',
      possibleDuplicate: true,
      ambiguousAttempts: 1,
      nextAttemptAt: now + 1_000,
    });
    const second = after({ ...first!, state: 'sending' }, lostAnswer(2));
    expect(second).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'mayAlreadyExist',
      possibleDuplicate: true,
      ambiguousAttempts: 2,
      nextAttemptAt: undefined,
      lastError: {
        code: 'mayAlreadyExist',
        message: expect.stringMatching(
          /^Booster may already have this client: its answers were lost 2 times/,
        ),
      },
    });
  });

  it('limit 1: the first lost answer holds the client at once, flagged', () => {
    expect(after(meta(), lostAnswer(1))).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'mayAlreadyExist',
      possibleDuplicate: true,
      ambiguousAttempts: 1,
    });
  });

  it('an answer that surely did not reach Booster does not count', () => {
    expect(after(meta({ ambiguousAttempts: 1 }), lostAnswer(2, false))).toMatchObject({
      state: 'pending',
      ambiguousAttempts: 1,
    });
  });

  it('an environment honouring Idempotency-Key keeps retrying, with backoff, however many answers are lost', () => {
    expect(after(meta({ ambiguousAttempts: 40 }), lostAnswer('unbounded'))).toMatchObject({
      state: 'pending',
      nextAttemptAt: now + 1_000,
      ambiguousAttempts: 41,
      possibleDuplicate: true,
    });
  });

  it('an interrupted send (found sending at start) counts as a lost answer', () => {
    expect(after(meta({ ambiguousAttempts: 1 }), { kind: 'interrupted' })).toMatchObject({
      state: 'pending',
      ambiguousAttempts: 2,
    });
  });

  it('the limit comes from the environment, 2 by default, none where Idempotency-Key is honoured', () => {
    expect(ambiguousLimitFor({})).toBe(2);
    expect(ambiguousLimitFor({ ambiguousAttemptLimit: 5 })).toBe(5);
    expect(ambiguousLimitFor({ ambiguousAttemptLimit: 5, idempotencyKey: true })).toBe('unbounded');
    expect(ambiguousLimitFor({ idempotencyKey: false })).toBe(2);
    expect(ambiguousBudgetSpent(1, 2)).toBe(false);
    expect(ambiguousBudgetSpent(2, 2)).toBe(true);
    expect(ambiguousBudgetSpent(1_000, 'unbounded')).toBe(false);
  });

  it.each([0, 11, 2.5, '3'])('an environment limit of %j is refused, naming the field', (limit) => {
    const parsed = environmentConfigSchema.safeParse({
      baseUrl: 'https://booster.example',
      mode: 'apiKey',
      ambiguousAttemptLimit: limit,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['ambiguousAttemptLimit'],
      message: 'must be a whole number from 1 to 10',
    });
  });
});

describe("a person's decisions", () => {
  const held = meta({
    state: 'needsAttention',
    possibleDuplicate: true,
    ambiguousAttempts: 2,
    attentionReason: 'mayAlreadyExist',
    lastError: { code: 'mayAlreadyExist', message: 'Booster may already have this client.' },
  });

  it('send again: pending at once with a fresh budget, still flagged', () => {
    expect(after(held, { kind: 'sentAgainByPerson' })).toMatchObject({
      state: 'pending',
      nextAttemptAt: now,
      ambiguousAttempts: 0,
      possibleDuplicate: true,
      attentionReason: undefined,
      lastError: undefined,
      version: 6,
    });
  });

  it('send again is only for a client held because its answers were lost', () => {
    expect(accepts({ ...held, attentionReason: 'rejected' }, 'sentAgainByPerson')).toBe(false);
    expect(accepts({ ...held, state: 'pending' }, 'sentAgainByPerson')).toBe(false);
    expect(accepts({ ...held, state: 'sent' }, 'sentAgainByPerson')).toBe(false);
    expect(next({ ...held, state: 'sending' }, { kind: 'sentAgainByPerson' }, now)).toEqual({
      ok: false,
      state: 'sending',
    });
  });

  it("the id a person found in Booster marks the client sent, recorded as the person's", () => {
    const recorded = after(held, { kind: 'boosterIdRecorded', boosterCustomerId: 4242 });
    expect(recorded).toMatchObject({
      state: 'sent',
      boosterCustomerId: 4242,
      boosterIdByPerson: true,
      sentAt: now,
      attentionReason: undefined,
      lastError: undefined,
      nextAttemptAt: undefined,
    });
    // A flagged client waiting for its automatic retry can be settled too.
    const waiting = meta({ state: 'pending', possibleDuplicate: true, ambiguousAttempts: 1 });
    expect(after(waiting, { kind: 'boosterIdRecorded', boosterCustomerId: 7 })).toMatchObject({
      state: 'sent',
      boosterCustomerId: 7,
    });
  });

  it('recording an id is refused for a client Booster cannot have yet, or one being sent or sent', () => {
    expect(accepts(meta({ state: 'pending' }), 'boosterIdRecorded')).toBe(false);
    expect(accepts(meta({ state: 'needsAttention', attentionReason: 'rejected' }), 'boosterIdRecorded')).toBe(
      false,
    );
    expect(accepts(meta({ state: 'sending', possibleDuplicate: true }), 'boosterIdRecorded')).toBe(false);
    expect(accepts(meta({ state: 'sent', possibleDuplicate: true }), 'boosterIdRecorded')).toBe(false);
  });

  const content: EntryContent = {
    personal: { displayName: 'Rossi, Anna', record: { lastName: 'Rossi', email: 'anna@example.com' } },
    capture: {
      deviceTimeMs: 1,
      timeZone: 'Europe/Paris',
      monotonicMs: 1,
      monotonicEpoch: 'run',
      registrationDateFromDevice: true,
    },
    attempts: [lost, { ...lost, startedAt: 1_600, finishedAt: 1_700 }],
  };

  it('each decision joins the history; once sent, only the name is kept and no attempt detail', () => {
    const again = nextContent(content, { kind: 'sentAgainByPerson' }, now);
    expect(again.personal).toEqual(content.personal);
    expect(again.attempts.at(-1)).toEqual({ startedAt: now, finishedAt: now, outcome: 'sentAgainByPerson' });
    const recorded = nextContent(content, { kind: 'boosterIdRecorded', boosterCustomerId: 9 }, now);
    expect(recorded.personal).toEqual({ displayName: 'Rossi, Anna' });
    expect(recorded.attempts).toHaveLength(3);
    expect(recorded.attempts.at(-1)).toEqual({
      startedAt: now,
      finishedAt: now,
      outcome: 'idRecordedByPerson',
      boosterCustomerId: 9,
    });
    expect(recorded.attempts.every((attempt) => attempt.detail === undefined)).toBe(true);
    expect(JSON.stringify(recorded)).not.toContain('anna@example.com');
  });
});

describe('the history the UI is shown', () => {
  it('names each outcome in our own terms, with how an answer was lost', () => {
    const rows: [Attempt, object][] = [
      [
        { startedAt: 0, finishedAt: 10, outcome: 'created', status: 200, boosterCustomerId: 5 },
        { outcome: 'sent', boosterCustomerId: 5, status: 200 },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'rejected', status: 400, detail: 'quoted' },
        { outcome: 'refused' },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'forbidden', status: 403 },
        { outcome: 'refused', status: 403 },
      ],
      [{ startedAt: 0, finishedAt: 10, outcome: 'unauthorized', status: 401 }, { outcome: 'signInNeeded' }],
      [
        { ...lost, startedAt: 0 },
        { outcome: 'ambiguous', ambiguity: 'connectionLost' },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'retryable', ambiguous: true, detail: 'timeout' },
        { outcome: 'ambiguous', ambiguity: 'timeout' },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'retryable', ambiguous: true, detail: 'http', status: 500 },
        { outcome: 'ambiguous', ambiguity: 'serverError', status: 500 },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'retryable', ambiguous: false, detail: 'network' },
        { outcome: 'notReachable' },
      ],
      [
        { startedAt: 0, finishedAt: 10, outcome: 'interrupted', ambiguous: true, detail: 'stopped' },
        { outcome: 'ambiguous', ambiguity: 'interrupted' },
      ],
      [{ startedAt: 0, outcome: 'started' }, { outcome: 'inProgress' }],
      [{ startedAt: 0, finishedAt: 0, outcome: 'sentAgainByPerson' }, { outcome: 'sentAgainByPerson' }],
      [
        { startedAt: 0, finishedAt: 0, outcome: 'idRecordedByPerson', boosterCustomerId: 8 },
        { outcome: 'idRecordedByPerson', boosterCustomerId: 8 },
      ],
    ];
    for (const [attempt, expected] of rows) {
      const entry = historyEntryOf(attempt);
      expect(entry).toMatchObject({ startedAt: new Date(0).toISOString(), ...expected });
      expect(Object.keys(entry)).not.toContain('detail');
      expect(
        ipcContract.outbox.list.response.shape.items.element.shape.history.unwrap().element.parse(entry),
      ).toEqual(entry);
    }
  });

  it('is bounded to the 20 most recent entries, oldest first', () => {
    const many = Array.from({ length: 50 }, (_, index) => ({ ...lost, startedAt: index * 1_000 }));
    const shown = historyOf(many);
    expect(shown).toHaveLength(20);
    expect(shown[0]!.startedAt).toBe(new Date(30_000).toISOString());
    expect(shown.at(-1)!.startedAt).toBe(new Date(49_000).toISOString());
  });
});
