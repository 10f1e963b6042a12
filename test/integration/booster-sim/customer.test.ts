import { describe, expect, it } from 'vitest';
import { postCustomer, useBoosterSimulator } from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

interface ResponseStatusBody {
  responseStatus: {
    errorCode: string;
    message: string;
    errors?: { errorCode: string; fieldName: string; message: string }[];
  };
}

async function expectFieldErrors(response: Response): Promise<ResponseStatusBody['responseStatus']> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const { responseStatus } = (await response.json()) as ResponseStatusBody;
  const errors = responseStatus.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Object.keys(error).sort()).toEqual(['errorCode', 'fieldName', 'message']);
    expect(error.fieldName).toMatch(/^[A-Z]/);
  }
  expect(responseStatus.errorCode).toBe(errors[0]!.errorCode);
  expect(responseStatus.message).toBe(errors[0]!.message);
  return responseStatus;
}

describe('CreateCustomer on the simulator', () => {
  const sim = useBoosterSimulator();

  it('answers 200 with increasing positive ids and records what it received', async () => {
    const ids: number[] = [];
    for (const lastName of ['Dubois', 'Martin', 'Bernard']) {
      const response = await postCustomer(sim(), validWireCustomer({ lastName }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { boosterCustomerId: number };
      expect(Object.keys(body)).toEqual(['boosterCustomerId']);
      ids.push(body.boosterCustomerId);
    }
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(3);
    expect(
      sim()
        .customers()
        .map((customer) => (customer.body as { lastName: string }).lastName),
    ).toEqual(['Dubois', 'Martin', 'Bernard']);
  });

  it('serves the same service on /api/CreateCustomer and /json/reply/CreateCustomer, case-insensitively', async () => {
    for (const path of ['/api/CreateCustomer', '/json/reply/CreateCustomer', '/CUSTOMER', '/customer/']) {
      const response = await fetch(`${sim().url}${path}`, {
        method: 'POST',
        headers: jsonHeaders({ Authorization: `Bearer ${sim().apiKey}` }),
        body: JSON.stringify(validWireCustomer()),
      });
      expect(response.status, path).toBe(200);
    }
    expect(sim().customers()).toHaveLength(4);
  });

  it('answers 400 with a ServiceStack ResponseStatus naming PascalCase fields', async () => {
    const { lastName: _lastName, ...withoutLastName } = validWireCustomer();
    const status = await expectFieldErrors(
      await postCustomer(sim(), {
        ...withoutLastName,
        emails: [{ email: 'not-an-email', isMainEmail: true }],
      }),
    );
    const fieldNames = status.errors!.map((error) => error.fieldName);
    expect(fieldNames).toContain('LastName');
    expect(fieldNames).toContain('Emails[0].Email');
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests().at(-1)).toMatchObject({ status: 400, outcome: 'rejected' });
  });

  it('treats an empty body as an empty request DTO: required fields are reported', async () => {
    const status = await expectFieldErrors(await postCustomer(sim(), ''));
    expect(status.errors!.map((error) => error.fieldName)).toEqual(
      expect.arrayContaining(['PosCode', 'Brand', 'CountryId', 'ClientType']),
    );
  });

  it.each([
    ['a string for a boolean', { canBeContactedByMaison: 'true' }, 'CanBeContactedByMaison'],
    ['a number for a string', { lastName: 42 }, 'LastName'],
    ['an object for a list', { emails: { email: 'claire@example.com', isMainEmail: true } }, 'Emails'],
    [
      'a string for an item boolean',
      { emails: [{ email: 'claire@example.com', isMainEmail: 'yes' }] },
      'Emails[0].IsMainEmail',
    ],
    [
      'null for a required boolean',
      { privacyPolicyAcceptanceStorage: null },
      'PrivacyPolicyAcceptanceStorage',
    ],
  ])('rejects %s, which the real server would silently default', async (_name, overrides, fieldName) => {
    const status = await expectFieldErrors(await postCustomer(sim(), validWireCustomer(overrides)));
    expect(status.errors!.map((error) => error.fieldName)).toContain(fieldName);
  });

  it('ignores unknown properties, and shows what Booster kept beside the body as received', async () => {
    const response = await postCustomer(
      sim(),
      validWireCustomer({
        favouriteColour: 'green',
        contactBySMSFlag: undefined,
        contactBySmsFlag: true, // misspelt: ServiceStack drops it and reads the flag as false
        emails: [{ email: 'c@example.com', isMainEmail: true, extra: 1 }],
      }),
    );
    expect(response.status).toBe(200);
    const [customer] = sim().customers();
    expect(customer?.body).toMatchObject({ favouriteColour: 'green', contactBySmsFlag: true });
    expect(customer?.record).toMatchObject({
      contactBySMSFlag: false,
      emails: [{ email: 'c@example.com', isMainEmail: true }],
    });
    expect(customer?.record).not.toHaveProperty('favouriteColour');
    expect(customer?.record).not.toHaveProperty('contactBySmsFlag');
    expect((customer?.record as { emails: object[] }).emails[0]).not.toHaveProperty('extra');
  });

  // Raw JSON text, so the escaped '\/' of ServiceStack's own date form goes over the wire as ServiceStack writes it.
  it.each([
    ['WCF form with UTC offset', String.raw`"\/Date(-62135596800000-0000)\/"`],
    ['WCF form with an offset', String.raw`"\/Date(1600000000000+0200)\/"`],
    ['WCF form without offset', String.raw`"\/Date(1600000000000)\/"`],
    ['ISO 8601 with Z', '"2020-09-13T12:26:40Z"'],
    ['ISO 8601 with milliseconds and Z', '"2020-09-13T12:26:40.123Z"'],
    ['ISO 8601 with an offset', '"2020-09-13T14:26:40+02:00"'],
    ['date only', '"2020-12-30"'],
  ])('accepts a date written in %s', async (_name, dateJson) => {
    const base = JSON.stringify(
      validWireCustomer({ birthDate: '@BIRTH@', weddingDate: '@WEDDING@', registrationDate: '@REG@' }),
    );
    const body = base
      .replace('"@BIRTH@"', dateJson)
      .replace('"@WEDDING@"', dateJson)
      .replace('"@REG@"', dateJson);
    const response = await postCustomer(sim(), body);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('answers a body that is not JSON with a SerializationException', async () => {
    for (const body of ['{"lastName": ', 'lastName=Dubois', '[1, 2]']) {
      const response = await postCustomer(sim(), body);
      expect(response.status).toBe(400);
      const { responseStatus } = (await response.json()) as ResponseStatusBody;
      expect(responseStatus.errorCode).toBe('SerializationException');
    }
    expect(sim().customers()).toHaveLength(0);
  });

  it('answers a non-JSON content type with 415', async () => {
    const response = await postCustomer(sim(), 'lastName=Dubois', {
      Authorization: `Bearer ${sim().apiKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
  });

  it('answers a body over 1 MB with 413 and a ResponseStatus, creating nothing', async () => {
    const response = await postCustomer(sim(), validWireCustomer({ notes: 'x'.repeat(1024 * 1024) }));
    expect(response.status).toBe(413);
    const { responseStatus } = (await response.json()) as ResponseStatusBody;
    expect(responseStatus.errorCode).toBe('RequestTooLarge');
    expect(sim().customers()).toHaveLength(0);
    expect(sim().requests().at(-1)).toMatchObject({ status: 413, outcome: 'too-large' });
  });

  it('answers an unknown route with a plain-text 404', async () => {
    const response = await fetch(`${sim().url}/customers/42`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toContain('Handler for Request not found');
  });

  it('answers a wrong method on /customer with 405 and a ResponseStatus', async () => {
    const response = await fetch(`${sim().url}/customer`, {
      headers: { Authorization: `Bearer ${sim().apiKey}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const { responseStatus } = (await response.json()) as ResponseStatusBody;
    expect(responseStatus.errorCode).toBe('NotImplementedException');
  });

  it('serves GET /metadata as a small HTML page, without auth, for reachability probes', async () => {
    const response = await fetch(`${sim().url}/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('CreateCustomer');
  });
});

describe('the Date header', () => {
  const fixedNow = Date.parse('2026-03-01T09:00:00Z');
  const sim = useBoosterSimulator({ now: () => fixedNow, clockOffsetMs: -90 * 60_000 });

  it('is on every response and follows clockOffsetMs, changeable while running', async () => {
    for (const response of [await fetch(`${sim().url}/metadata`), await fetch(`${sim().url}/nowhere`)]) {
      expect(response.headers.get('date')).toBe('Sun, 01 Mar 2026 07:30:00 GMT');
    }
    sim().configure({ clockOffsetMs: 3_600_000 });
    const response = await postCustomer(sim(), validWireCustomer());
    expect(response.headers.get('date')).toBe('Sun, 01 Mar 2026 10:00:00 GMT');
  });
});

describe('"not in the future" on the simulator', () => {
  // 10:30 UTC on 15 June: already 16 June at UTC+14, still 14 June at UTC-12.
  const sim = useBoosterSimulator({ now: () => Date.UTC(2024, 5, 15, 10, 30) });

  it('accepts a birth date that is today somewhere on Earth, whatever the zone of the server', async () => {
    expect((await postCustomer(sim(), validWireCustomer({ birthDate: '2024-06-16' }))).status).toBe(200);
    const status = await expectFieldErrors(
      await postCustomer(sim(), validWireCustomer({ birthDate: '2024-06-17' })),
    );
    expect(status.errors).toEqual([
      {
        errorCode: 'LessThanOrEqual',
        fieldName: 'BirthDate',
        message: 'Birth date cannot be in the future.',
      },
    ]);
  });
});
