// The built-in Booster of training mode: a fetch-compatible function that answers like Booster (the shapes of
// BOOSTER-WIRE.md, the shared CreateCustomer rules) and never opens a socket. tools/booster-sim is a dev tool
// that is not shipped, so training needs its own; test/integration/training/trainingBoosterScenarios.test.ts
// runs one scenario suite against both so this one keeps behaving like the Booster it stands in for.
import { todayIn, validateWireCreateCustomer } from '../../../../shared/booster';

/** The training environment's address: not a network scheme, so no other fetch could ever reach it. */
export const TRAINING_BOOSTER_URL = 'training://booster';
/** The training environment's API key (not a secret: it opens nothing but this in-process Booster). */
export const TRAINING_API_KEY = 'training-mode';

/** Where the next Booster id comes from: kept in the training folder, so ids never repeat across restarts. */
export interface TrainingIds {
  next(): Promise<number>;
}

export function createMemoryTrainingIds(first = 1): TrainingIds {
  let next = first;
  return { next: async () => next++ };
}

export interface TrainingBoosterOptions {
  /** Epoch ms, for the Date header (the engine measures clock skew from it) and "not in the future". */
  now: () => number;
  ids?: TrainingIds;
  apiKey?: string;
}

type Route = 'customer' | 'session';

// The same routes Booster serves (its predefined /api and /json/reply forms too), case-insensitively.
const routes: Record<string, Route> = {
  '/customer': 'customer',
  '/api/createcustomer': 'customer',
  '/json/reply/createcustomer': 'customer',
  '/auth': 'session',
};
const methodOf: Record<Route, string> = { customer: 'POST', session: 'GET' };

export function createTrainingBooster(options: TrainingBoosterOptions): typeof globalThis.fetch {
  const ids = options.ids ?? createMemoryTrainingIds();
  const apiKey = options.apiKey ?? TRAINING_API_KEY;

  const answer = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.toLowerCase().replace(/\/+$/, '') || '/';
    const route = routes[path];
    if (!route) return text(404, `Handler for Request not found: ${request.method} ${path}`, options.now);
    if (request.method !== methodOf[route]) {
      return responseStatus(
        405,
        { errorCode: 'NotImplementedException', message: `Could not find method named ${request.method}` },
        options.now,
      );
    }
    if (route === 'customer') {
      // As ServiceStack: the body is bound before the [Authenticate] filter runs.
      const body = await readJsonObject(request);
      if (!body.ok) return responseStatus(body.status, body.error, options.now);
      if (!authorized(request, apiKey)) return unauthorized(options.now);
      const validation = validateWireCreateCustomer(body.value, {
        today: todayIn('Etc/GMT-14', new Date(options.now())),
      });
      if (!validation.ok) {
        const first = validation.errors[0] ?? {
          errorCode: 'ValidationException',
          message: 'Validation failed',
        };
        return responseStatus(
          400,
          { errorCode: first.errorCode, message: first.message, errors: validation.errors },
          options.now,
        );
      }
      return json(200, { boosterCustomerId: await ids.next() }, options.now);
    }
    if (!authorized(request, apiKey)) return unauthorized(options.now);
    return json(
      200,
      { userId: '1', sessionId: 'training', userName: 'apikey', displayName: 'apikey' },
      options.now,
    );
  };

  return async (input, init) => {
    const request = new Request(input, init);
    if (request.signal.aborted) throw request.signal.reason;
    return answer(request);
  };
}

function authorized(request: Request, apiKey: string): boolean {
  return (
    request.headers.get('authorization') === `Bearer ${apiKey}` || request.headers.get('x-api-key') === apiKey
  );
}

type BodyRead =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: number; error: { errorCode: string; message: string } };

async function readJsonObject(request: Request): Promise<BodyRead> {
  const raw = await request.text();
  if (raw.trim() === '') return { ok: true, value: {} };
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType !== '' && !/[/+]json\b/i.test(contentType)) {
    return {
      ok: false,
      status: 415,
      error: {
        errorCode: 'NotSupportedException',
        message: `Content-Type '${contentType}' is not supported: send application/json`,
      },
    };
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // answered below, as a SerializationException
  }
  return {
    ok: false,
    status: 400,
    error: {
      errorCode: 'SerializationException',
      message: "Could not deserialize 'application/json' request using CreateCustomer'",
    },
  };
}

function headers(now: () => number, contentType?: string): Headers {
  const result = new Headers({ Date: new Date(now()).toUTCString() });
  if (contentType) result.set('Content-Type', contentType);
  return result;
}

function json(status: number, body: unknown, now: () => number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: headers(now, 'application/json; charset=utf-8'),
  });
}

function responseStatus(
  status: number,
  status_: { errorCode: string; message: string; errors?: unknown[] },
  now: () => number,
): Response {
  return json(status, { responseStatus: status_ }, now);
}

function text(status: number, body: string, now: () => number): Response {
  return new Response(body, { status, headers: headers(now, 'text/plain; charset=utf-8') });
}

function unauthorized(now: () => number): Response {
  const result = headers(now);
  result.set('WWW-Authenticate', 'credentials realm="/auth/credentials"');
  return new Response(null, { status: 401, headers: result });
}
