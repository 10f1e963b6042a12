// One scenario suite, two Boosters: the in-process training Booster (shipped) and the simulator over HTTP
// (a dev tool, not shipped). The fake must answer as what it replaces: same statuses, same shapes, the same
// field errors for the same bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTrainingBooster,
  TRAINING_API_KEY,
  TRAINING_BOOSTER_URL,
} from '../../../electron/main/core/training/trainingBooster';
import { startTestBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from '../booster-sim/wire-fixtures';

interface Target {
  name: string;
  baseUrl: () => string;
  apiKey: () => string;
  fetch: typeof globalThis.fetch;
}

let simulator: BoosterSimulator;
beforeAll(async () => {
  simulator = await startTestBoosterSimulator();
});
afterAll(async () => {
  await simulator.close();
});

const targets: Target[] = [
  {
    name: 'training Booster (in-process)',
    baseUrl: () => TRAINING_BOOSTER_URL,
    apiKey: () => TRAINING_API_KEY,
    fetch: createTrainingBooster({ now: () => Date.now() }),
  },
  {
    name: 'Booster simulator (HTTP)',
    baseUrl: () => simulator.url,
    apiKey: () => simulator.apiKey,
    fetch: (input, init) => fetch(input, init),
  },
];

const invalidBodies: Record<string, Record<string, unknown>> = {
  'no last name': validWireCustomer({ lastName: undefined }),
  'a bool sent as a string': validWireCustomer({ contactByEmailFlag: 'true' }),
  'a bad email': validWireCustomer({ emails: [{ email: 'not-an-email', isMainEmail: true }] }),
  'a birth date in the future': validWireCustomer({ birthDate: '2999-01-01' }),
  'an unknown country': validWireCustomer({ countryId: 'zz' }),
};

function post(
  target: Target,
  route: string,
  body: unknown,
  headers?: Record<string, string>,
): Promise<Response> {
  return target.fetch(`${target.baseUrl()}${route}`, {
    method: 'POST',
    headers: headers ?? jsonHeaders({ Authorization: `Bearer ${target.apiKey()}` }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface ResponseStatus {
  errorCode: string;
  message: string;
  errors?: { errorCode: string; fieldName: string; message: string }[];
}

describe.each(targets)('$name', (target) => {
  it('creates a valid client: 200 {"boosterCustomerId"} with a positive id, new for each client', async () => {
    const ids: number[] = [];
    for (const lastName of ['Dubois', 'Martin']) {
      const response = await post(target, '/customer', validWireCustomer({ lastName }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('date')).toBeTruthy();
      const body = (await response.json()) as { boosterCustomerId: number };
      expect(Object.keys(body)).toEqual(['boosterCustomerId']);
      ids.push(body.boosterCustomerId);
    }
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it('serves CreateCustomer on its predefined routes too', async () => {
    for (const route of ['/api/CreateCustomer', '/json/reply/CreateCustomer', '/customer/']) {
      expect((await post(target, route, validWireCustomer())).status, route).toBe(200);
    }
  });

  it.each(Object.entries(invalidBodies))(
    'refuses %s: 400 ResponseStatus with PascalCase field errors',
    async (_, body) => {
      const response = await post(target, '/customer', body);
      expect(response.status).toBe(400);
      const { responseStatus } = (await response.json()) as { responseStatus: ResponseStatus };
      const errors = responseStatus.errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(Object.keys(error).sort()).toEqual(['errorCode', 'fieldName', 'message']);
        expect(error.fieldName).toMatch(/^[A-Z]/);
      }
      expect(responseStatus.errorCode).toBe(errors[0]!.errorCode);
      expect(responseStatus.message).toBe(errors[0]!.message);
    },
  );

  it('answers 401 with an empty body and a challenge without credentials, or with a wrong key', async () => {
    for (const headers of [jsonHeaders(), jsonHeaders({ Authorization: 'Bearer wrong-key' })]) {
      const response = await post(target, '/customer', validWireCustomer(), headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^credentials/);
      expect(await response.text()).toBe('');
    }
  });

  it('answers a body that is not JSON with a 400 SerializationException', async () => {
    const response = await post(target, '/customer', '{"lastName": ');
    expect(response.status).toBe(400);
    const { responseStatus } = (await response.json()) as { responseStatus: ResponseStatus };
    expect(responseStatus.errorCode).toBe('SerializationException');
  });

  it('answers GET /auth with the session for a valid key, 401 otherwise', async () => {
    const ok = await target.fetch(`${target.baseUrl()}/auth`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${target.apiKey()}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sessionId: expect.any(String), userName: expect.any(String) });
    const refused = await target.fetch(`${target.baseUrl()}/auth`, {
      headers: { Accept: 'application/json' },
    });
    expect(refused.status).toBe(401);
  });

  it('answers an unknown route with 404', async () => {
    const response = await post(target, '/no-such-service', {});
    expect(response.status).toBe(404);
  });
});

describe('the training Booster and the simulator', () => {
  it.each(Object.entries(invalidBodies))('give the same field errors for %s', async (_, body) => {
    const [training, sim] = await Promise.all(
      targets.map(async (target) => {
        const response = await post(target, '/customer', body);
        return {
          status: response.status,
          ...((await response.json()) as { responseStatus: ResponseStatus }),
        };
      }),
    );
    expect(training).toEqual(sim);
  });
});
