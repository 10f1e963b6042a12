// POST /customer: CreateCustomer as Booster answers it, with the simulator's faults woven in at the points
// where a real server or network would fail: before auth (in server.ts), after auth (403, then 500), and
// after creating.
import { todayIn, validateWireCreateCustomer } from '../../shared/booster';
import { authenticate } from './auth';
import type { Exchange } from './exchange';
import { applyRejectRules } from './reject-rules';

export async function handleCreateCustomer(exchange: Exchange): Promise<void> {
  const { state } = exchange;
  const receivedAt = exchange.entry?.receivedAt ?? state.isoNow();
  const idempotencyKey = exchange.header('idempotency-key');

  // ServiceStack binds the DTO before its [Authenticate] filter runs, so a body that is not JSON is a 400 first.
  const body = await exchange.readJsonObject('CreateCustomer');
  if (body === null) return;

  let auth = authenticate(exchange.req.headers, state.apiKey, state.tokens);
  if (auth.kind === 'authorized' && auth.via === 'token' && state.takeFault('token', 'customer')) {
    if (exchange.entry) exchange.entry.fault = 'expireTokens';
    state.tokens.expireAll(state.config.faults.expireTokens.alsoRefreshTokens);
    auth = { kind: 'expired', token: auth.token };
  }
  if (auth.kind === 'unauthorized') return exchange.unauthorizedEmpty();
  if (auth.kind === 'expired') {
    return exchange.responseStatus(
      401,
      { errorCode: 'TokenException', message: 'Token has expired' },
      'token-expired',
    );
  }

  // A permission check runs before the service, so a 403 comes before any server fault.
  if (exchange.answeredForbidden('customer')) return;
  if (exchange.answeredServerFault('customer')) return;

  const honourKey = state.config.honourIdempotencyKey && idempotencyKey !== null;
  const known = honourKey ? state.store.findByIdempotencyKey(idempotencyKey) : null;
  if (known) return replyCreated(exchange, known.boosterCustomerId, 'replayed');

  // "Not in the future" is judged by the calendar of the zone where the day starts first (UTC+14): a birth
  // date that is today for a member of staff anywhere on Earth is accepted, whatever this server's zone.
  const validation = validateWireCreateCustomer(body, {
    today: todayIn('Etc/GMT-14', new Date(state.now())),
  });
  if (!validation.ok) return exchange.validationErrors(validation.errors);
  const rejections = applyRejectRules(body, state.config.rejectRules);
  if (rejections.length > 0) return exchange.validationErrors(rejections);

  const { customer, replayed } = await state.store.create(
    { body, record: validation.record },
    idempotencyKey,
    receivedAt,
    honourKey,
  );
  if (exchange.entry) exchange.entry.boosterCustomerId = customer.boosterCustomerId;

  if (exchange.lostResponse('customer')) return;
  if (state.takeFault('answering', 'customer')) {
    // Created for real (the log and /_sim/customers keep its id); the answer names another value.
    if (exchange.entry) exchange.entry.fault = 'badCustomerId';
    return exchange.json(
      200,
      { boosterCustomerId: state.config.faults.badCustomerId.value },
      replayed ? 'replayed' : 'created',
    );
  }
  replyCreated(exchange, customer.boosterCustomerId, replayed ? 'replayed' : 'created');
}

function replyCreated(exchange: Exchange, boosterCustomerId: number, outcome: 'created' | 'replayed'): void {
  if (exchange.entry) exchange.entry.boosterCustomerId = boosterCustomerId;
  exchange.json(200, { boosterCustomerId }, outcome);
}
