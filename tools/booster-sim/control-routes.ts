// /_sim/*: the control API for tests in other processes. No auth, no faults, not logged.
import { SimulatorConfigError } from './config';
import type { Exchange } from './exchange';

type ControlHandler = (exchange: Exchange) => Promise<void> | void;

const controlRoutes: Record<string, Partial<Record<string, ControlHandler>>> = {
  '/_sim/customers': { GET: (exchange) => exchange.json(200, exchange.state.store.list(), 'ok') },
  '/_sim/requests': { GET: (exchange) => exchange.json(200, exchange.state.log.list(), 'ok') },
  '/_sim/config': {
    GET: (exchange) => exchange.json(200, exchange.state.config, 'ok'),
    PUT: updateConfig,
    PATCH: updateConfig,
  },
  '/_sim/reset': {
    POST: async (exchange) => {
      await exchange.state.reset();
      exchange.json(200, { ok: true }, 'ok');
    },
  },
  '/_sim/expire-tokens': {
    POST: async (exchange) => {
      const body = await readControlBody(exchange);
      if (body === null) return;
      exchange.state.tokens.expireAll(body.alsoRefreshTokens === true);
      exchange.json(200, { ok: true }, 'ok');
    },
  },
};

export async function handleControl(exchange: Exchange, path: string): Promise<void> {
  const methods = controlRoutes[path];
  if (!methods) return controlError(exchange, 404, 'SIM_NOT_FOUND', `No control route ${path}`);
  const handler = methods[exchange.req.method ?? ''];
  if (!handler) {
    const allowed = Object.keys(methods).join(', ');
    return controlError(exchange, 405, 'SIM_METHOD_NOT_ALLOWED', `${path} accepts ${allowed}`, {
      Allow: allowed,
    });
  }
  await handler(exchange);
}

async function updateConfig(exchange: Exchange): Promise<void> {
  const body = await readControlBody(exchange);
  if (body === null) return;
  try {
    exchange.json(200, exchange.state.configure(body), 'ok');
  } catch (error) {
    if (!(error instanceof SimulatorConfigError)) throw error;
    controlError(exchange, 400, error.code, error.message, {}, error.issues);
  }
}

async function readControlBody(exchange: Exchange): Promise<Record<string, unknown> | null> {
  const text = await exchange.readBody();
  if (text === null) return null;
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  controlError(exchange, 400, 'SIM_BAD_JSON', 'The body must be a JSON object');
  return null;
}

function controlError(
  exchange: Exchange,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  issues?: { path: string; message: string }[],
): void {
  exchange.json(status, { error: { code, message, ...(issues ? { issues } : {}) } }, 'ok', headers);
}
