// A fetch that throws unless a test says what Booster answers: a test that forgets to fake the network fails.
// It records every request, so a test asserts on what was sent after the fact: an `expect` inside a handler
// would throw into the code under test, which takes it for a network error, and the test would time out.
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A request as the code under test made it, body read in full. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body as text, '' when there is none. */
  body: string;
  redirect: Request['redirect'];
  /** Whether its signal had already aborted when fetch was called. */
  aborted: boolean;
}

export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  /** What every request gets from now on. */
  respond(handler: FetchHandler): void;
  /** Every request so far, in order, including those no handler answered. */
  requests: RecordedRequest[];
}

export function createFakeFetch(): FakeFetch {
  let handler: FetchHandler | undefined;
  const requests: RecordedRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push({
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: await request.clone().text(),
      redirect: request.redirect,
      aborted: request.signal.aborted,
    });
    if (!handler)
      throw new Error(`Unexpected network request in a unit test: ${request.method} ${request.url}`);
    return handler(request);
  }) as typeof globalThis.fetch;
  return { fetch, respond: (next) => void (handler = next), requests };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** What Booster answers an unauthenticated probe. */
export function probeAnswer(date?: Date): Response {
  return new Response(null, {
    status: 401,
    headers: {
      'WWW-Authenticate': 'credentials realm="/auth/credentials"',
      ...(date ? { Date: date.toUTCString() } : {}),
    },
  });
}

/** What Booster answers GET /auth for a valid key or token: the session. */
export function sessionAnswer(date?: Date): Response {
  return new Response(JSON.stringify({ userName: 'staff@maison.example', sessionId: 'fake-session' }), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...(date ? { Date: date.toUTCString() } : {}) },
  });
}

/** Booster's read-only probe: GET /auth. */
export function isSessionProbe(request: Request): boolean {
  return request.method === 'GET' && new URL(request.url).pathname.endsWith('/auth');
}

/** A Booster double: probes (GET /auth, or an unauthenticated POST /customer) get Booster's answers; POST
 *  /customer with auth goes to `customer`. */
export function boosterRoutes(customer: FetchHandler, options: { date?: () => Date } = {}): FetchHandler {
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (isSessionProbe(request))
      return request.headers.get('authorization')
        ? sessionAnswer(options.date?.())
        : probeAnswer(options.date?.());
    if (path.endsWith('/customer') && !request.headers.get('authorization'))
      return probeAnswer(options.date?.());
    const response = await customer(request);
    if (options.date && !response.headers.has('date')) {
      const headers = new Headers(response.headers);
      headers.set('Date', options.date().toUTCString());
      return new Response(await response.text(), { status: response.status, headers });
    }
    return response;
  };
}
