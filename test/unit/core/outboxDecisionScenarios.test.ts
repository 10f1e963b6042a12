// One scenario suite for a person's two decisions, `outbox:sendAgain` and `outbox:recordBoosterId`, run
// against main (the real Outbox and engine through the real IPC dispatcher) and against the renderer's fake
// bridge: the fake must accept, refuse and answer as main does, or renderer tests prove things main never does.
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, OutboxEntrySummary } from '../../../shared/ipc';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { FakeClock } from '../../support/core/fakeClock';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { sampleRecord } from '../../support/core/records';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';
import { decisionAnswer, summaryFor } from '../../support/renderer/fakeBridge';

/** held: its answers were lost twice (mayAlreadyExist); refused: Booster rejected it; sent: Booster id 77. */
const ids = {
  held: '00000000-0000-4000-8000-000000000001',
  refused: '00000000-0000-4000-8000-000000000002',
  sent: '00000000-0000-4000-8000-000000000003',
  unknown: '00000000-0000-4000-8000-000000000009',
};

interface DecisionDriver {
  seed(): Promise<void>;
  call(channel: 'outbox:sendAgain' | 'outbox:recordBoosterId', request: unknown): Promise<IpcResult<unknown>>;
  entries(): Promise<OutboxEntrySummary[]>;
  stop(): Promise<void>;
}

function mainDriver(): DecisionDriver {
  let harness: Harness | undefined;
  const ready = () => {
    if (!harness) throw new Error('seed first');
    return harness;
  };
  return {
    async seed() {
      const clock = new FakeClock();
      harness = await createHarness({ clock });
      const { handlers } = harness.services;
      const order = [ids.held, ids.refused, ids.sent];
      for (const [index, captureId] of order.entries())
        await handlers.outbox.enqueue({ captureId, record: sampleRecord(index) });
      harness.net.respond(
        boosterRoutes(async (request) => {
          const { lastName } = (await request.json()) as { lastName: string };
          if (lastName.endsWith('0'))
            throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
          if (lastName.endsWith('1'))
            return jsonResponse(400, {
              responseStatus: { errorCode: 'NotEmpty', message: 'no', errors: [] },
            });
          return jsonResponse(200, { boosterCustomerId: 77 });
        }),
      );
      await handlers.auth.configure({ mode: 'apiKey', baseUrl: 'https://booster.example/api', apiKey: 'k' });
      for (let step = 0; step < 200; step += 1) {
        const { counts } = await handlers.sync.status(undefined);
        if (counts.needsAttention === 2 && counts.sent === 1) break;
        await waitFor(async () => true);
        clock.advance(1_000);
      }
      // Nothing more is sent from here: every change is the decisions' own.
      await handlers.auth.signOut(undefined);
    },
    call: (channel, request) => createIpcDispatcher(ready().services.handlers)(channel, request),
    async entries() {
      return (await ready().services.handlers.outbox.list({ limit: 10 })).items;
    },
    async stop() {
      await harness?.services.stop();
    },
  };
}

function fakeDriver(): DecisionDriver {
  let entries: OutboxEntrySummary[] = [];
  return {
    async seed() {
      const base = (captureId: string, index: number) => summaryFor(captureId, `Bianchi${index}`);
      entries = [
        {
          ...base(ids.held, 0),
          state: 'needsAttention',
          attentionReason: 'mayAlreadyExist',
          possibleDuplicate: true,
          attempts: 2,
        },
        { ...base(ids.refused, 1), state: 'needsAttention', attentionReason: 'rejected', attempts: 1 },
        { ...base(ids.sent, 2), state: 'sent', boosterCustomerId: 77, attempts: 1 },
      ];
    },
    async call(channel, request) {
      const decision = channel === 'outbox:sendAgain' ? 'sendAgain' : 'recordBoosterId';
      const answer = decisionAnswer(entries, decision, request);
      entries = answer.entries;
      return answer.result;
    },
    async entries() {
      return entries;
    },
    async stop() {},
  };
}

/** What both must agree on: the outcome, the error's code and fields, or the entry's state of affairs. */
function shapeOf(result: IpcResult<unknown>) {
  if (!result.ok)
    return {
      ok: false,
      code: result.error.code,
      fields: (result.error.fields ?? []).map((field) => field.path),
    };
  const entry = result.value as OutboxEntrySummary;
  return {
    ok: true,
    state: entry.state,
    possibleDuplicate: entry.possibleDuplicate,
    attentionReason: entry.attentionReason,
    boosterCustomerId: entry.boosterCustomerId,
    boosterIdRecordedByPerson: entry.boosterIdRecordedByPerson,
    lastHistory: entry.history?.at(-1) && {
      outcome: entry.history.at(-1)!.outcome,
      boosterCustomerId: entry.history.at(-1)!.boosterCustomerId,
    },
  };
}

describe.each([
  ['main (Outbox through the IPC dispatcher)', mainDriver],
  ['the renderer fake bridge', fakeDriver],
])('a person decides on a client Booster may already have: %s', (_name, makeDriver) => {
  let driver: DecisionDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  async function seeded(): Promise<DecisionDriver> {
    driver = makeDriver();
    await driver.seed();
    return driver;
  }

  it('send again: the held client is pending, still flagged, the decision in its history', async () => {
    const d = await seeded();
    expect(shapeOf(await d.call('outbox:sendAgain', { captureId: ids.held }))).toEqual({
      ok: true,
      state: 'pending',
      possibleDuplicate: true,
      attentionReason: undefined,
      boosterCustomerId: undefined,
      boosterIdRecordedByPerson: undefined,
      lastHistory: { outcome: 'sentAgainByPerson', boosterCustomerId: undefined },
    });
    // Pending now: a second "send again" is refused, the id can still be recorded.
    expect(shapeOf(await d.call('outbox:sendAgain', { captureId: ids.held }))).toMatchObject({
      ok: false,
      code: 'notEditable',
    });
    expect(
      shapeOf(await d.call('outbox:recordBoosterId', { captureId: ids.held, boosterCustomerId: 4242 })),
    ).toMatchObject({ ok: true, state: 'sent', boosterCustomerId: 4242 });
  });

  it('record the id: sent with that id, recorded as the person’s; the list says so', async () => {
    const d = await seeded();
    expect(
      shapeOf(await d.call('outbox:recordBoosterId', { captureId: ids.held, boosterCustomerId: 4242 })),
    ).toEqual({
      ok: true,
      state: 'sent',
      possibleDuplicate: true,
      attentionReason: undefined,
      boosterCustomerId: 4242,
      boosterIdRecordedByPerson: true,
      lastHistory: { outcome: 'idRecordedByPerson', boosterCustomerId: 4242 },
    });
    const listed = (await d.entries()).find((entry) => entry.captureId === ids.held);
    expect(listed).toMatchObject({ state: 'sent', boosterCustomerId: 4242, boosterIdRecordedByPerson: true });
  });

  it('refuses other states, unknown clients, bad ids and an id another client holds, naming the field', async () => {
    const d = await seeded();
    const refusals: [Parameters<DecisionDriver['call']>, ReturnType<typeof shapeOf>][] = [
      [['outbox:sendAgain', { captureId: ids.refused }], { ok: false, code: 'notEditable', fields: [] }],
      [['outbox:sendAgain', { captureId: ids.sent }], { ok: false, code: 'notEditable', fields: [] }],
      [['outbox:sendAgain', { captureId: ids.unknown }], { ok: false, code: 'notFound', fields: [] }],
      [
        ['outbox:sendAgain', { captureId: 'Rossi' }],
        { ok: false, code: 'invalidRequest', fields: ['captureId'] },
      ],
      [
        ['outbox:recordBoosterId', { captureId: ids.refused, boosterCustomerId: 5 }],
        { ok: false, code: 'notEditable', fields: [] },
      ],
      [
        ['outbox:recordBoosterId', { captureId: ids.sent, boosterCustomerId: 5 }],
        { ok: false, code: 'notEditable', fields: [] },
      ],
      ...[0, -1, 1.5, '12', null].map(
        (bad): [Parameters<DecisionDriver['call']>, ReturnType<typeof shapeOf>] => [
          ['outbox:recordBoosterId', { captureId: ids.held, boosterCustomerId: bad }],
          { ok: false, code: 'invalidRequest', fields: ['boosterCustomerId'] },
        ],
      ),
      [
        ['outbox:recordBoosterId', { captureId: ids.held, boosterCustomerId: 77 }],
        { ok: false, code: 'invalidRequest', fields: ['boosterCustomerId'] },
      ],
    ];
    for (const [[channel, request], expected] of refusals)
      expect(shapeOf(await d.call(channel, request)), JSON.stringify(request)).toEqual(expected);
    // Nothing a refusal touched changed.
    const held = (await d.entries()).find((entry) => entry.captureId === ids.held);
    expect(held).toMatchObject({ state: 'needsAttention', attentionReason: 'mayAlreadyExist' });
  });
});
