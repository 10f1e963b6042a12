// The outbox state machine as pure functions: every event in every state, then what each accepted event
// makes of the metadata and of the content.
import { describe, expect, it } from 'vitest';
import type { OutboxState } from '../../../shared/ipc';
import {
  accepts,
  erasureRefusal,
  leavesPersonalDataBehind,
  next,
  nextContent,
  suspiciousIdResult,
  type EntryContent,
  type EventKind,
  type OutboxEvent,
} from '../../../electron/main/core/outbox/transitions';
import type { CaptureClock, EntryMeta } from '../../../electron/main/core/outbox/types';

const now = 1_000_000;
const capture: CaptureClock = {
  deviceTimeMs: 10,
  timeZone: 'Europe/Paris',
  monotonicMs: 5,
  monotonicEpoch: 'run-1',
  registrationDateFromDevice: true,
};
const finished = { startedAt: 900, finishedAt: 950, outcome: 'created', status: 200 };

function metaIn(state: OutboxState, overrides: Partial<EntryMeta> = {}): EntryMeta {
  return {
    captureId: 'c1',
    version: 3,
    state,
    enqueuedAt: 100,
    updatedAt: 200,
    nextAttemptAt: state === 'pending' ? 300 : undefined,
    possibleDuplicate: false,
    attemptCount: 2,
    contactHashes: ['h1'],
    ...overrides,
  };
}

const content: EntryContent = {
  personal: { displayName: 'Rossi, Anna', record: { lastName: 'Rossi', firstName: 'Anna' } },
  capture,
  attempts: [
    { startedAt: 800, finishedAt: 850, outcome: 'retryable' },
    { startedAt: 900, outcome: 'started' },
  ],
};

const oneOfEach: Record<EventKind, OutboxEvent> = {
  enqueued: {
    kind: 'enqueued',
    captureId: 'c1',
    record: { lastName: 'Verdi' },
    capture,
    contactHashes: ['h2'],
  },
  attemptBegan: { kind: 'attemptBegan', record: { lastName: 'Rossi' }, capture },
  stoppedBeforeSend: { kind: 'stoppedBeforeSend', reason: 'clockUntrusted', message: 'clock' },
  attemptFinished: {
    kind: 'attemptFinished',
    result: { kind: 'sent', boosterCustomerId: 9, attempt: finished },
  },
  interrupted: { kind: 'interrupted' },
  released: { kind: 'released' },
  reopened: { kind: 'reopened' },
  discarded: { kind: 'discarded' },
  expired: { kind: 'expired' },
  erased: { kind: 'erased' },
  sentAgainByPerson: { kind: 'sentAgainByPerson' },
  boosterIdRecorded: { kind: 'boosterIdRecorded', boosterCustomerId: 42 },
  retargetedByPerson: { kind: 'retargetedByPerson', environmentId: 'eu-dev' },
};

const acceptedIn: Record<EventKind, (OutboxState | 'absent')[]> = {
  enqueued: ['absent', 'needsAttention'],
  attemptBegan: ['pending'],
  stoppedBeforeSend: ['pending'],
  attemptFinished: ['sending'],
  interrupted: ['sending'],
  released: ['pending'],
  reopened: ['needsAttention'],
  discarded: ['needsAttention'],
  expired: ['sent'],
  erased: ['pending', 'needsAttention', 'sent'],
  // A person's decisions, on a client Booster may already have (see `eligible`).
  sentAgainByPerson: ['needsAttention'],
  boosterIdRecorded: ['pending', 'needsAttention'],
  // Switching environments: only a client still waiting.
  retargetedByPerson: ['pending'],
};

/** What a person's decision needs beyond the state: a client held because its answers were lost. */
const eligible: Partial<EntryMeta> = { possibleDuplicate: true, attentionReason: 'mayAlreadyExist' };

const everyState = ['absent', 'pending', 'sending', 'sent', 'needsAttention'] as const;

describe('outbox transitions: which state accepts which event', () => {
  const cases = Object.values(oneOfEach).flatMap((event) => everyState.map((state) => ({ event, state })));

  it.each(cases)('$event.kind in $state', ({ event, state }) => {
    const meta = state === 'absent' ? undefined : metaIn(state, eligible);
    const expected = acceptedIn[event.kind].includes(state);
    expect(accepts(meta, event.kind)).toBe(expected);
    const step = next(meta, event, now);
    // A refusal names the state that refused, and never changes anything.
    expect(step).toEqual(
      expected ? expect.objectContaining({ ok: true }) : { ok: false, state: meta?.state },
    );
  });
});

describe('outbox transitions: the metadata after an accepted event', () => {
  const finishedWith = (
    result: Extract<OutboxEvent, { kind: 'attemptFinished' }>['result'],
  ): OutboxEvent => ({
    kind: 'attemptFinished',
    result,
  });
  const lastError = { code: 'timeout', message: 'slow' };
  const rows: {
    name: string;
    from: EntryMeta | undefined;
    event: OutboxEvent;
    to: Partial<EntryMeta> | undefined;
  }[] = [
    {
      name: 'a first enqueue is pending now, at version 1, with no attempt',
      from: undefined,
      event: oneOfEach.enqueued,
      to: {
        captureId: 'c1',
        version: 1,
        state: 'pending',
        enqueuedAt: now,
        updatedAt: now,
        nextAttemptAt: now,
        possibleDuplicate: false,
        attemptCount: 0,
        contactHashes: ['h2'],
      },
    },
    {
      name: 'a corrected record keeps its place, attempts and duplicate flag, and forgets the error',
      from: metaIn('needsAttention', { possibleDuplicate: true, attentionReason: 'rejected', lastError }),
      event: oneOfEach.enqueued,
      to: {
        version: 4,
        state: 'pending',
        enqueuedAt: 100,
        nextAttemptAt: now,
        possibleDuplicate: true,
        attemptCount: 2,
        attentionReason: undefined,
        lastError: undefined,
        contactHashes: ['h2'],
      },
    },
    {
      name: 'an attempt counts as it begins',
      from: metaIn('pending'),
      event: oneOfEach.attemptBegan,
      to: { version: 4, state: 'sending', updatedAt: now, nextAttemptAt: undefined, attemptCount: 3 },
    },
    {
      name: 'stopped before sending: needs attention with the reason',
      from: metaIn('pending'),
      event: oneOfEach.stoppedBeforeSend,
      to: {
        state: 'needsAttention',
        nextAttemptAt: undefined,
        attemptCount: 2,
        attentionReason: 'clockUntrusted',
        lastError: { code: 'clockUntrusted', message: 'clock' },
      },
    },
    {
      name: 'sent: the Booster id and the time, no error',
      from: metaIn('sending', { lastError }),
      event: oneOfEach.attemptFinished,
      to: {
        state: 'sent',
        boosterCustomerId: 9,
        sentAt: now,
        lastError: undefined,
        nextAttemptAt: undefined,
      },
    },
    {
      name: 'an ambiguous retry flags a possible duplicate',
      from: metaIn('sending'),
      event: finishedWith({
        kind: 'retry',
        nextAttemptAt: now + 5,
        ambiguous: true,
        ambiguousLimit: 2,
        attempt: finished,
        lastError,
      }),
      to: { state: 'pending', nextAttemptAt: now + 5, possibleDuplicate: true, lastError, attemptCount: 2 },
    },
    {
      name: 'the duplicate flag is sticky through a clear retry',
      from: metaIn('sending', { possibleDuplicate: true }),
      event: finishedWith({
        kind: 'retry',
        nextAttemptAt: now + 5,
        ambiguous: false,
        ambiguousLimit: 2,
        attempt: finished,
        lastError,
      }),
      to: { state: 'pending', possibleDuplicate: true },
    },
    {
      name: 'a requeue (sign-in) does not count as a try',
      from: metaIn('sending'),
      event: finishedWith({ kind: 'requeue', nextAttemptAt: now + 7, attempt: finished }),
      to: { state: 'pending', nextAttemptAt: now + 7, attemptCount: 1, lastError: undefined },
    },
    {
      name: 'a requeue never makes the count negative',
      from: metaIn('sending', { attemptCount: 0 }),
      event: finishedWith({ kind: 'requeue', nextAttemptAt: now + 7, attempt: finished }),
      to: { attemptCount: 0 },
    },
    {
      name: 'an attention answer keeps its reason and message',
      from: metaIn('sending'),
      event: finishedWith({ kind: 'attention', reason: 'rejected', message: 'bad', attempt: finished }),
      to: {
        state: 'needsAttention',
        possibleDuplicate: false,
        attentionReason: 'rejected',
        lastError: { code: 'rejected', message: 'bad' },
      },
    },
    {
      name: "the metadata (in clear) keeps our words, never Booster's, which may quote the client",
      from: metaIn('sending'),
      event: finishedWith({
        kind: 'attention',
        reason: 'rejected',
        message: "Booster refused this client. Booster said: 'jane.rossi@example.com' is not a valid email.",
        attempt: finished,
      }),
      to: { lastError: { code: 'rejected', message: 'Booster refused this client.' } },
    },
    {
      name: 'a retry keeps only our words in clear too',
      from: metaIn('sending'),
      event: finishedWith({
        kind: 'retry',
        nextAttemptAt: now + 5,
        ambiguous: true,
        ambiguousLimit: 2,
        attempt: finished,
        lastError: { code: 'serverError', message: 'Booster failed (HTTP 500). Booster said: Rossi exists' },
      }),
      to: { lastError: { code: 'serverError', message: 'Booster failed (HTTP 500).' } },
    },
    {
      name: 'an attention answer that may have created the client flags it',
      from: metaIn('sending'),
      event: finishedWith({
        kind: 'attention',
        reason: 'failed',
        message: 'no id',
        attempt: finished,
        possibleDuplicate: true,
      }),
      to: { state: 'needsAttention', possibleDuplicate: true, attentionReason: 'failed' },
    },
    {
      name: 'an id Booster gave another client is held for a person, flagged',
      from: metaIn('sending'),
      event: finishedWith(suspiciousIdResult({ kind: 'sent', boosterCustomerId: 77, attempt: finished })),
      to: {
        state: 'needsAttention',
        possibleDuplicate: true,
        attentionReason: 'suspiciousId',
        boosterCustomerId: undefined,
        lastError: { code: 'suspiciousId', message: expect.stringMatching(/client id 77.*another client/) },
      },
    },
    {
      name: 'interrupted at start-up: pending now, flagged',
      from: metaIn('sending'),
      event: oneOfEach.interrupted,
      to: {
        version: 4,
        state: 'pending',
        nextAttemptAt: now,
        possibleDuplicate: true,
        attemptCount: 2,
        ambiguousAttempts: 1,
      },
    },
    {
      name: 'discarded: the entry goes',
      from: metaIn('needsAttention'),
      event: oneOfEach.discarded,
      to: undefined,
    },
    { name: 'expired: the entry goes', from: metaIn('sent'), event: oneOfEach.expired, to: undefined },
    {
      name: 'erased when sent: the entry goes',
      from: metaIn('sent'),
      event: oneOfEach.erased,
      to: undefined,
    },
    {
      name: 'erased before it reached Booster: the entry goes',
      from: metaIn('pending'),
      event: oneOfEach.erased,
      to: undefined,
    },
  ];

  it.each(rows)('$name', ({ from, event, to }) => {
    const step = next(from, event, now);
    expect(step.ok).toBe(true);
    if (!step.ok) return;
    if (to === undefined) {
      expect(step.meta).toBeUndefined();
      return;
    }
    // Only the named fields are compared; a field named as undefined must be absent.
    const named = Object.fromEntries(
      Object.keys(to).map((key) => [key, step.meta?.[key as keyof EntryMeta]]),
    );
    expect(named).toEqual(to);
    expect(step.meta).toMatchObject({ version: (from?.version ?? 0) + 1, updatedAt: now });
  });

  it('releasing or reopening only checks the state: the very same metadata, nothing to write', () => {
    const pending = metaIn('pending');
    const attention = metaIn('needsAttention');
    expect(next(pending, oneOfEach.released, now)).toEqual({ ok: true, meta: pending });
    expect(next(attention, oneOfEach.reopened, now)).toEqual({ ok: true, meta: attention });
  });

  it('never changes the metadata it was given', () => {
    const before = metaIn('sending', { lastError });
    const copy = structuredClone(before);
    for (const event of Object.values(oneOfEach)) next(before, event, now);
    expect(before).toEqual(copy);
  });
});

describe('outbox transitions: the content after an accepted event', () => {
  it('an enqueue names the client from the record, drops old field errors and keeps the attempt history', () => {
    const previous = {
      ...content,
      personal: { ...content.personal, fieldErrors: [{ path: 'x', code: 'y', message: 'z' }] },
    };
    expect(nextContent(previous, oneOfEach.enqueued, now)).toEqual({
      personal: { displayName: 'Verdi', record: { lastName: 'Verdi' } },
      capture,
      attempts: previous.attempts,
    });
    expect(nextContent(undefined, oneOfEach.enqueued, now).attempts).toEqual([]);
  });

  it('an attempt begins with the record and capture clock the plan chose, and a started attempt', () => {
    const corrected = { ...capture, registrationDateConfirmed: true };
    const event: OutboxEvent = { kind: 'attemptBegan', record: { lastName: 'Fixed' }, capture: corrected };
    const after = nextContent(content, event, now);
    expect(after.personal.record).toEqual({ lastName: 'Fixed' });
    expect(after.capture).toBe(corrected);
    expect(after.attempts.at(-1)).toEqual({ startedAt: now, outcome: 'started' });
  });

  it('a stop before sending and an attention answer keep their field errors for the person', () => {
    const fieldErrors = [{ path: 'registrationDate', code: 'clockUntrusted', message: 'clock' }];
    const stopped = nextContent(content, { ...oneOfEach.stoppedBeforeSend, fieldErrors } as OutboxEvent, now);
    expect(stopped.personal).toMatchObject({ record: content.personal.record, fieldErrors });
    const answered = nextContent(
      content,
      {
        kind: 'attemptFinished',
        result: { kind: 'attention', reason: 'rejected', message: 'm', fieldErrors, attempt: finished },
      },
      now,
    );
    expect(answered.personal.fieldErrors).toEqual(fieldErrors);
    expect(answered.attempts.at(-1)).toEqual(finished);
  });

  it('once sent only the name is kept, and the started attempt is replaced by the finished one', () => {
    const after = nextContent(content, oneOfEach.attemptFinished, now);
    expect(after.personal).toEqual({ displayName: 'Rossi, Anna' });
    expect(after.attempts).toEqual([content.attempts[0], finished]);
  });

  it('once sent no attempt keeps its detail (Booster may have quoted the client)', () => {
    const quoted = { ...content.attempts[0]!, detail: 'anna.rossi@example.com is not valid' };
    const after = nextContent(
      { ...content, attempts: [quoted, content.attempts[1]!] },
      oneOfEach.attemptFinished,
      now,
    );
    expect(JSON.stringify(after)).not.toContain('anna.rossi');
    expect(after.attempts[0]).toEqual({ startedAt: 800, finishedAt: 850, outcome: 'retryable' });
  });

  it('the history keeps the last 50 attempts', () => {
    const long = Array.from({ length: 60 }, (_, index) => ({
      startedAt: index,
      finishedAt: index,
      outcome: 'x',
    }));
    const event: OutboxEvent = {
      kind: 'attemptFinished',
      result: { kind: 'requeue', nextAttemptAt: now, attempt: finished },
    };
    const after = nextContent({ ...content, attempts: long }, event, now);
    expect(after.attempts).toHaveLength(50);
    expect(after.attempts.at(-1)).toEqual(finished);
  });

  it('an interrupted attempt is closed as ambiguous, with its latency', () => {
    const after = nextContent(content, oneOfEach.interrupted, now);
    expect(after.attempts.at(-1)).toEqual({
      startedAt: 900,
      finishedAt: now,
      latencyMs: now - 900,
      outcome: 'interrupted',
      detail: 'The app stopped before Booster answered.',
      ambiguous: true,
      ambiguity: 'interrupted',
    });
    const closedAlready = { ...content, attempts: [finished] };
    expect(nextContent(closedAlready, oneOfEach.interrupted, now).attempts).toEqual([finished]);
  });
});

describe('outbox transitions: erasure', () => {
  it('is refused while sending, and for a client Booster does not have unless the person confirmed', () => {
    expect(erasureRefusal(metaIn('sending'), true)).toBe('sending');
    expect(erasureRefusal(metaIn('pending'), false)).toBe('unconfirmed');
    expect(erasureRefusal(metaIn('needsAttention'), false)).toBe('unconfirmed');
    expect(erasureRefusal(metaIn('pending'), true)).toBeUndefined();
    expect(erasureRefusal(metaIn('needsAttention'), true)).toBeUndefined();
    expect(erasureRefusal(metaIn('sent'), false)).toBeUndefined();
  });

  it('asks for the erasure compaction after every event that leaves the client in old snapshots', () => {
    const leaves = (before: EntryMeta | undefined, event: OutboxEvent) => {
      const step = next(before, event, now);
      return step.ok && leavesPersonalDataBehind(before, event, step.meta);
    };
    // The entry goes, the send drops the full record, or a corrected record replaces the old one.
    expect(leaves(metaIn('needsAttention'), oneOfEach.discarded)).toBe(true);
    expect(leaves(metaIn('sent'), oneOfEach.expired)).toBe(true);
    expect(leaves(metaIn('pending'), oneOfEach.erased)).toBe(true);
    expect(leaves(metaIn('sending'), oneOfEach.attemptFinished)).toBe(true);
    expect(leaves(metaIn('needsAttention'), oneOfEach.enqueued)).toBe(true);
    // The first enqueue, and steps that keep the same record live, leave nothing of note behind.
    expect(leaves(undefined, oneOfEach.enqueued)).toBe(false);
    expect(leaves(metaIn('pending'), oneOfEach.attemptBegan)).toBe(false);
    expect(leaves(metaIn('sending'), oneOfEach.interrupted)).toBe(false);
    const retry = {
      kind: 'attemptFinished',
      result: { kind: 'requeue', nextAttemptAt: now, attempt: finished },
    } as const;
    expect(leaves(metaIn('sending'), retry)).toBe(false);
  });
});

describe('the environment of a client', () => {
  const enqueue = (environmentId?: string): OutboxEvent => ({
    ...(oneOfEach.enqueued as Extract<OutboxEvent, { kind: 'enqueued' }>),
    ...(environmentId ? { environmentId } : {}),
  });

  it('a new client takes the environment it is enqueued for', () => {
    const step = next(undefined, enqueue('url:https://b.example'), 1_000);
    expect(step).toMatchObject({ ok: true, meta: { environmentId: 'url:https://b.example' } });
  });

  it('a corrected client stays with the Booster it was captured for, whatever is configured now', () => {
    const refusedByA = metaIn('needsAttention', { environmentId: 'url:https://a.example' });
    const step = next(refusedByA, enqueue('url:https://b.example'), 1_000);
    expect(step).toMatchObject({ ok: true, meta: { environmentId: 'url:https://a.example' } });
  });

  it('a client queued before environments were recorded takes the one it is enqueued for', () => {
    const step = next(metaIn('needsAttention'), enqueue('url:https://b.example'), 1_000);
    expect(step).toMatchObject({ ok: true, meta: { environmentId: 'url:https://b.example' } });
  });
});
