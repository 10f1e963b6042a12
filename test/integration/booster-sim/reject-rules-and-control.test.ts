import { describe, expect, it } from 'vitest';
import { postCustomer, startTestBoosterSimulator, useBoosterSimulator } from '../../support/booster-sim';
import { SimulatorConfigError } from '../../../tools/booster-sim/index';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

interface ErrorBody {
  responseStatus: {
    errorCode: string;
    message: string;
    errors: { errorCode: string; fieldName: string; message: string }[];
  };
}

describe('reject rules', () => {
  const sim = useBoosterSimulator({
    rejectRules: [
      { field: 'lastName', matches: '^reject' },
      {
        field: 'emails.*.email',
        matches: '@blocked\\.example$',
        errorCode: 'Email',
        message: 'Blocked domain',
      },
      { field: 'posCode', matches: '^XX' },
    ],
  });

  it('answers 400 for a record the schema accepts when a string field matches, case-insensitively', async () => {
    const response = await postCustomer(sim(), validWireCustomer({ lastName: 'REJECTme' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      responseStatus: {
        errorCode: 'Predicate',
        message: "The specified condition was not met for 'Last Name'.",
        errors: [
          {
            errorCode: 'Predicate',
            fieldName: 'LastName',
            message: "The specified condition was not met for 'Last Name'.",
          },
        ],
      },
    });
    expect(sim().customers()).toHaveLength(0);
  });

  it('expands a wildcard over list items and reports each with its index', async () => {
    const response = await postCustomer(
      sim(),
      validWireCustomer({
        emails: [
          { email: 'claire@example.com', isMainEmail: true },
          { email: 'claire@blocked.example', isMainEmail: false },
        ],
      }),
    );
    expect(response.status).toBe(400);
    const { responseStatus } = (await response.json()) as ErrorBody;
    expect(responseStatus.errors).toEqual([
      { errorCode: 'Email', fieldName: 'Emails[1].Email', message: 'Blocked domain' },
    ]);
    expect(responseStatus.errorCode).toBe('Email');
  });

  it('lets other records through', async () => {
    expect((await postCustomer(sim(), validWireCustomer({ lastName: 'Projected' }))).status).toBe(200);
  });

  it('can be replaced while running', async () => {
    sim().configure({ rejectRules: [{ field: 'emails.0.email', matches: 'claire' }] });
    const response = await postCustomer(sim(), validWireCustomer({ lastName: 'reject-no-more' }));
    expect(response.status).toBe(400);
    const { responseStatus } = (await response.json()) as ErrorBody;
    expect(responseStatus.errors.map((error) => error.fieldName)).toEqual(['Emails[0].Email']);
  });
});

describe('control API', () => {
  const sim = useBoosterSimulator({ honourIdempotencyKey: true });

  it('lists created customers and the request log, without auth', async () => {
    await postCustomer(sim(), validWireCustomer(), {
      Authorization: `Bearer ${sim().apiKey}`,
      'Idempotency-Key': 'cap-1',
    });
    await postCustomer(sim(), validWireCustomer(), {});
    const customers = (await (await fetch(`${sim().url}/_sim/customers`)).json()) as unknown[];
    expect(customers).toEqual([
      {
        boosterCustomerId: 1,
        body: validWireCustomer(),
        record: expect.objectContaining({ lastName: 'Dubois', countryId: 'fr' }) as unknown,
        idempotencyKey: 'cap-1',
        receivedAt: expect.any(String),
      },
    ]);
    const requests = (await (await fetch(`${sim().url}/_sim/requests`)).json()) as unknown[];
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/customer',
        status: 200,
        outcome: 'created',
        idempotencyKey: 'cap-1',
        boosterCustomerId: 1,
      }),
      expect.objectContaining({
        method: 'POST',
        path: '/customer',
        status: 401,
        outcome: 'unauthorized',
        idempotencyKey: null,
      }),
    ]);
  });

  it('reads and partially updates the config, keeping what the patch leaves out', async () => {
    const response = await fetch(`${sim().url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({ faults: { unavailable: { retryAfterSeconds: 30 } }, tokenLifetimeMs: 1000 }),
    });
    expect(response.status).toBe(200);
    const config = (await (await fetch(`${sim().url}/_sim/config`)).json()) as ReturnType<
      ReturnType<typeof sim>['config']
    >;
    expect(config.faults.unavailable).toEqual({
      probability: 0,
      count: 0,
      routes: ['customer'],
      retryAfterSeconds: 30,
    });
    expect(config.tokenLifetimeMs).toBe(1000);
    expect(config.honourIdempotencyKey).toBe(true);
  });

  it('answers a bad patch with 400 naming the field, and changes nothing', async () => {
    const before = sim().config();
    const response = await fetch(`${sim().url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({ faults: { serverError: { probability: 2 } }, honourIdempotencyKey: false }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('SIM_CONFIG_INVALID');
    expect(error.message).toContain('faults.serverError.probability');
    expect(sim().config()).toEqual(before);
  });

  it('rejects unknown config keys and invalid regexes from code with a SimulatorConfigError', () => {
    expect(() => sim().configure({ faults: { serverEror: { count: 1 } } } as never)).toThrow(
      SimulatorConfigError,
    );
    expect(() => sim().configure({ rejectRules: [{ field: 'lastName', matches: '(' }] })).toThrow(
      /rejectRules\.0\.matches/,
    );
  });

  it('resets to the start config with no customers and an empty log; ids keep increasing', async () => {
    await postCustomer(sim(), validWireCustomer());
    sim().configure({ honourIdempotencyKey: false, faults: { serverError: { count: 5 } } });
    const reset = await fetch(`${sim().url}/_sim/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sim().customers()).toEqual([]);
    expect(sim().requests()).toEqual([]);
    expect(sim().config().honourIdempotencyKey).toBe(true);
    expect(sim().config().faults.serverError.count).toBe(0);
    const response = await postCustomer(sim(), validWireCustomer());
    expect(await response.json()).toEqual({ boosterCustomerId: 2 });
  });

  it('answers unknown control routes with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${sim().url}/_sim/nothing`)).status).toBe(404);
    expect((await fetch(`${sim().url}/_sim/reset`)).status).toBe(405);
  });
});

describe('start options', () => {
  it('are validated like a patch', async () => {
    await expect(startTestBoosterSimulator({ tokenLifetimeMs: -1 })).rejects.toThrow(/tokenLifetimeMs/);
  });
});
