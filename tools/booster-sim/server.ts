// Routing, latency and the faults that strike before a request is read. Paths match case-insensitively,
// as ServiceStack's do. A request for another host is refused before any of it (host-check.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RouteKind } from './config';
import { handleAccessToken, handleCredentialsLogin, handleSessionCheck } from './auth-routes';
import { handleControl } from './control-routes';
import { handleCreateCustomer } from './customer-route';
import { Exchange, headerValue } from './exchange';
import { isAllowedHost } from './host-check';
import { portalPage, trickleBody, type TrickleTimers } from './hostile';
import type { RequestLogEntry } from './request-log';
import type { SimulatorState } from './simulator-state';

interface BoosterRoute {
  kind: RouteKind;
  /** ServiceStack's DTO name, for the 405 message. */
  dto: string;
  methods: Record<string, (exchange: Exchange) => Promise<void> | void>;
}

const customerRoute: BoosterRoute = {
  kind: 'customer',
  dto: 'CreateCustomer',
  methods: { POST: handleCreateCustomer },
};
const metadataRoute: BoosterRoute = {
  kind: 'metadata',
  dto: 'Metadata',
  methods: { GET: serveMetadata, HEAD: serveMetadata },
};

const signInRoute: BoosterRoute = {
  kind: 'auth',
  dto: 'Authenticate',
  methods: { POST: handleCredentialsLogin },
};
const accessTokenRoute: BoosterRoute = {
  kind: 'auth',
  dto: 'GetAccessToken',
  methods: { POST: handleAccessToken },
};

// Every service is also served at its predefined routes, where ServiceStack's own clients send it.
const boosterRoutes: Record<string, BoosterRoute> = {
  '/customer': customerRoute,
  '/api/createcustomer': customerRoute,
  '/json/reply/createcustomer': customerRoute,
  '/auth': { kind: 'session', dto: 'Authenticate', methods: { GET: handleSessionCheck } },
  '/auth/credentials': signInRoute,
  '/api/authenticate': signInRoute,
  '/json/reply/authenticate': signInRoute,
  '/access-token': accessTokenRoute,
  '/api/getaccesstoken': accessTokenRoute,
  '/json/reply/getaccesstoken': accessTokenRoute,
  '/metadata': metadataRoute,
};

export interface SimulatorServer {
  server: Server;
  close(): Promise<void>;
}

/** `allowedHosts` is read per request: the port, and so the list, is known only once listening. */
export function createSimulatorServer(
  state: SimulatorState,
  allowedHosts: () => ReadonlySet<string>,
): SimulatorServer {
  const pendingDelays = new Set<NodeJS.Timeout>();
  const trickles: TrickleTimers = new Set();

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });

  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, allowedHosts())) return misdirected(req, res, state);
    handle(req, res, state, delay, trickles).catch((error: unknown) => {
      state.logger.info(
        `internal error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : error}`,
      );
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', Date: state.httpDate() });
        res.end(JSON.stringify({ responseStatus: { errorCode: 'Exception', message: String(error) } }));
      }
    });
  });

  return {
    server,
    close: async () => {
      for (const timer of pendingDelays) clearTimeout(timer);
      pendingDelays.clear();
      for (const timer of trickles) clearInterval(timer);
      trickles.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await state.store.idle();
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  state: SimulatorState,
  delay: (ms: number) => Promise<void>,
  trickles: TrickleTimers,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://booster-sim');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;

  if (path.startsWith('/_sim/')) return handleControl(new Exchange(req, res, state, null), path);

  const started = performance.now();
  const route = boosterRoutes[path.toLowerCase()] ?? null;
  const idempotencyKey = headerValue(req.headers, 'idempotency-key');
  const entry = state.log.start({
    method,
    path,
    route: route?.kind ?? null,
    idempotencyKey,
    receivedAt: state.isoNow(),
  });
  res.on('close', () => {
    entry.respondedAt = state.isoNow();
    entry.durationMs = Math.floor(performance.now() - started);
    if (entry.outcome === 'pending') entry.outcome = 'aborted';
    state.logger.info(describeEntry(entry));
  });
  const exchange = new Exchange(req, res, state, entry);

  if (!route) return notFound(exchange, method, url);

  const latencyMs = state.latencyFor(route.kind);
  entry.latencyMs = latencyMs;
  // Timers may fire a hair early; wait out the remainder so durationMs in the log is never below the latency.
  while (performance.now() - started < latencyMs)
    await delay(Math.ceil(latencyMs - (performance.now() - started)));
  if (exchange.clientGone) return exchange.destroy('aborted');

  const fault = state.takeFault('received', route.kind);
  if (fault) entry.fault = fault;
  if (fault === 'reset') return exchange.destroy('reset');
  if (fault === 'redirect') {
    const { status, location } = state.config.faults.redirect;
    return exchange.redirect(status, location);
  }
  if (fault === 'notBooster') return exchange.html(200, portalPage, 'not-booster');
  if (fault === 'slowBody') return trickleBody(exchange, state.config.faults.slowBody.intervalMs, trickles);
  if (fault === 'rateLimited' || fault === 'unavailable') {
    const { retryAfterSeconds } = state.config.faults[fault];
    const [status, text, outcome] =
      fault === 'rateLimited'
        ? ([429, 'Too Many Requests', 'rate-limited'] as const)
        : ([503, 'Service Unavailable', 'unavailable'] as const);
    return exchange.text(status, text, outcome, { 'Retry-After': String(retryAfterSeconds) });
  }

  const handler = route.methods[method];
  if (!handler) {
    return exchange.responseStatus(
      405,
      {
        errorCode: 'NotImplementedException',
        message: `Could not find method named ${titleCase(method)}(${route.dto}) or Any(${route.dto}) on Service ${route.dto}Service`,
      },
      'method-not-allowed',
      { Allow: Object.keys(route.methods).join(', ') },
    );
  }
  await handler(exchange);
}

/** Not logged as a request (it was not for us); the body is left unread and the connection closed. */
function misdirected(req: IncomingMessage, res: ServerResponse, state: SimulatorState): void {
  // The header is the caller's: cut and printable before it reaches the log.
  const host = (req.headers.host ?? '(none)').slice(0, 100).replace(/[^\x20-\x7e]/g, '?');
  state.logger.info(`refused ${req.method} ${req.url?.split('?')[0]} for Host ${host}: 421`);
  const body = 'Misdirected Request: this server does not answer for that host.\n';
  res.writeHead(421, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Date: state.httpDate(),
    Connection: 'close',
  });
  res.end(body);
}

function notFound(exchange: Exchange, method: string, url: URL): void {
  exchange.text(
    404,
    [
      'Handler for Request not found (404):',
      '',
      `  Request.HttpMethod: ${method}`,
      `  Request.PathInfo: ${url.pathname}`,
      `  Request.QueryString: ${url.search.replace(/^\?/, '')}`,
      `  Request.RawUrl: ${url.pathname}${url.search}`,
      '',
    ].join('\n'),
    'not-found',
  );
}

function serveMetadata(exchange: Exchange): void {
  exchange.html(
    200,
    [
      '<!doctype html>',
      '<html><head><title>Richemont.Booster2.PublicApi</title></head>',
      '<body><h1>Richemont.Booster2.PublicApi</h1>',
      '<p>The following operations are supported.</p>',
      '<ul><li><a href="/json/metadata?op=CreateCustomer">CreateCustomer</a></li></ul>',
      '<p>Booster simulator</p></body></html>',
      '',
    ].join('\n'),
    'ok',
  );
}

function describeEntry(entry: RequestLogEntry): string {
  const details = [
    entry.boosterCustomerId !== null ? `boosterCustomerId=${entry.boosterCustomerId}` : '',
    entry.errorCode ? `errorCode=${entry.errorCode}` : '',
    entry.fault ? `fault=${entry.fault}` : '',
    entry.idempotencyKey ? `idempotencyKey=${entry.idempotencyKey}` : '',
  ].filter(Boolean);
  return `${entry.method} ${entry.path} ${entry.status ?? '---'} ${entry.outcome} ${details.join(' ')} (${entry.durationMs} ms)`;
}

function titleCase(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
}
