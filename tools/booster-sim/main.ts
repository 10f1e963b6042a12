// CLI: npm run booster:sim -- --port 8787 --api-key <key> [faults...]
// Prints the base URL on stdout once listening (one line, so a parent process can read it); logs to stderr.
import { parseArgs } from 'node:util';
import { SimulatorConfigError, startBoosterSimulator, type SimulatorOptions } from './index';
import type { RejectRule, SimulatorConfigPatch } from './config';

const usage = `Booster simulator: a local stand-in for Booster's CreateCustomer API.

Usage: npm run booster:sim -- [options]

  --port <n>                 port to listen on (default 8787, 0 = any free port)
  --host <host>              interface to bind (default 127.0.0.1)
  --allowed-host <name>      also answer requests for this Host (repeatable; name or name:port). Always
                             answered: the bound address, localhost, 127.0.0.1 and [::1] on our port; any
                             other Host gets 421 Misdirected Request (stops DNS rebinding)
  --api-key <key>            API key accepted as 'Authorization: Bearer <key>' or X-Api-Key (default sim-api-key)
  --user <name:password>     credentials user (repeatable; default staff@maison.example:sim-password)
  --token-lifetime <sec>     lifetime of issued bearer tokens (default 900)
  --refresh-token-lifetime <sec>  lifetime of refresh tokens (default 604800)
  --token-delivery <how>     body (default): tokens in the sign-in and refresh answers; cookies: only as
                             ss-tok / ss-reftok HttpOnly cookies (ServiceStack 6+ UseTokenCookie)
  --latency <ms>             delay before each /customer request is handled
  --latency-jitter <ms>      extra random delay in [0, ms]
  --fault-500 <p>            probability (0..1) of a 500 ResponseStatus
  --fault-403 <p>            probability of a plain-text 403 Forbidden (credential valid but not allowed)
  --fault-503 <p>            probability of a 503 with Retry-After
  --fault-429 <p>            probability of a 429 with Retry-After
  --retry-after <sec>        Retry-After of 503 and 429 (default 1)
  --fault-reset <p>          probability of a connection reset before the request is read
  --fault-lost-response <p>  probability that the customer is created but the response is lost
  --fault-expire-tokens <p>  probability that issued bearer tokens expire on a request
  --clock-offset <ms>        shift the Date header by this many ms
Proxy and captive-portal behaviours (not Booster's own; for tests of a hostile network):
  --fault-redirect <p>       probability of a 3xx with a Location, before the request is processed
  --redirect-status <3xx>    status of that redirect (default 307)
  --redirect-location <url>  its Location (default http://portal.example/login)
  --fault-not-booster <p>    probability of a captive portal's HTML login page with a 200
  --fault-slow-body <p>      probability of 200 headers, then a body trickled for ever until the client goes
  --slow-body-interval <ms>  one byte of that body every ms (default 100)
  --fault-bad-customer-id <p>  probability that the customer is created but the answer carries another id
  --bad-customer-id <json>   that id, as JSON: 0, '"12"', 77 (use --bad-customer-id=-5 for a negative)
  --idempotency              honour Idempotency-Key: a key seen before returns the same boosterCustomerId
  --data-file <path>         persist created customers to this JSON file and reload it at start
  --reject <field>=<regex>   answer 400 when the string at field matches (repeatable), e.g. lastName=^reject
  --seed <n>                 seed of the fault PRNG, for reproducible runs
  --help                     show this help

Control API (no auth): GET /_sim/customers, GET /_sim/requests, GET|PUT /_sim/config, POST /_sim/reset,
POST /_sim/expire-tokens.
`;

class CliUsageError extends Error {
  readonly code = 'SIM_CLI_USAGE';
  override readonly name = 'CliUsageError';
}

function parseCommandLine(argv: string[]): Partial<SimulatorOptions> | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      user: { type: 'string', multiple: true },
      'token-lifetime': { type: 'string' },
      'refresh-token-lifetime': { type: 'string' },
      'token-delivery': { type: 'string' },
      latency: { type: 'string' },
      'latency-jitter': { type: 'string' },
      'fault-500': { type: 'string' },
      'fault-403': { type: 'string' },
      'fault-503': { type: 'string' },
      'fault-429': { type: 'string' },
      'retry-after': { type: 'string' },
      'fault-reset': { type: 'string' },
      'fault-lost-response': { type: 'string' },
      'fault-expire-tokens': { type: 'string' },
      'clock-offset': { type: 'string' },
      'fault-redirect': { type: 'string' },
      'redirect-status': { type: 'string' },
      'redirect-location': { type: 'string' },
      'fault-not-booster': { type: 'string' },
      'fault-slow-body': { type: 'string' },
      'slow-body-interval': { type: 'string' },
      'fault-bad-customer-id': { type: 'string' },
      'bad-customer-id': { type: 'string' },
      idempotency: { type: 'boolean' },
      'data-file': { type: 'string' },
      reject: { type: 'string', multiple: true },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';

  const faults: NonNullable<SimulatorConfigPatch['faults']> = {};
  const retryAfterSeconds = optionalInt(values['retry-after'], '--retry-after');
  const probabilityOf = (flag: string, value: string | undefined) =>
    value === undefined ? undefined : { probability: number(value, flag) };
  const latency = optionalInt(values.latency, '--latency');
  const jitter = optionalInt(values['latency-jitter'], '--latency-jitter');
  if (latency !== undefined || jitter !== undefined)
    faults.latency = { ms: latency ?? 0, jitterMs: jitter ?? 0 };
  faults.serverError = probabilityOf('--fault-500', values['fault-500']);
  faults.forbidden = probabilityOf('--fault-403', values['fault-403']);
  faults.unavailable = { ...probabilityOf('--fault-503', values['fault-503']), retryAfterSeconds };
  faults.rateLimited = { ...probabilityOf('--fault-429', values['fault-429']), retryAfterSeconds };
  faults.reset = probabilityOf('--fault-reset', values['fault-reset']);
  faults.lostResponse = probabilityOf('--fault-lost-response', values['fault-lost-response']);
  faults.expireTokens = probabilityOf('--fault-expire-tokens', values['fault-expire-tokens']);
  faults.redirect = {
    ...probabilityOf('--fault-redirect', values['fault-redirect']),
    status: optionalInt(values['redirect-status'], '--redirect-status'),
    location: values['redirect-location'],
  };
  faults.notBooster = probabilityOf('--fault-not-booster', values['fault-not-booster']);
  faults.slowBody = {
    ...probabilityOf('--fault-slow-body', values['fault-slow-body']),
    intervalMs: optionalInt(values['slow-body-interval'], '--slow-body-interval'),
  };
  faults.badCustomerId = {
    ...probabilityOf('--fault-bad-customer-id', values['fault-bad-customer-id']),
    value: optionalJsonScalar(values['bad-customer-id'], '--bad-customer-id'),
  };

  const seconds = (value: string | undefined, flag: string) => {
    const parsed = optionalInt(value, flag);
    return parsed === undefined ? undefined : parsed * 1000;
  };
  return {
    port: optionalInt(values.port, '--port') ?? 8787,
    host: values.host,
    allowedHosts: values['allowed-host'],
    apiKey: values['api-key'],
    users: values.user?.map(parseUser),
    tokenLifetimeMs: seconds(values['token-lifetime'], '--token-lifetime'),
    refreshTokenLifetimeMs: seconds(values['refresh-token-lifetime'], '--refresh-token-lifetime'),
    tokenDelivery: tokenDelivery(values['token-delivery']),
    faults,
    clockOffsetMs: optionalInt(values['clock-offset'], '--clock-offset', true),
    honourIdempotencyKey: values.idempotency,
    dataFile: values['data-file'],
    rejectRules: values.reject?.map(parseRejectRule),
    seed: optionalInt(values.seed, '--seed'),
  };
}

function tokenDelivery(value: string | undefined): 'body' | 'cookies' | undefined {
  if (value === undefined || value === 'body' || value === 'cookies') return value;
  throw new CliUsageError(`--token-delivery expects body or cookies, got '${value}'`);
}

function parseUser(value: string): { userName: string; password: string } {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1)
    throw new CliUsageError(`--user expects name:password, got '${value}'`);
  return { userName: value.slice(0, colon), password: value.slice(colon + 1) };
}

function parseRejectRule(value: string): RejectRule {
  const equals = value.indexOf('=');
  if (equals <= 0) throw new CliUsageError(`--reject expects <field>=<regex>, got '${value}'`);
  return { field: value.slice(0, equals), matches: value.slice(equals + 1) };
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new CliUsageError(`${flag} expects a number, got '${value}'`);
  return parsed;
}

/** A JSON scalar for a reply field: 0, -5, 1.5, "12", true or null. */
function optionalJsonScalar(
  value: string | undefined,
  flag: string,
): number | string | boolean | null | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || ['number', 'string', 'boolean'].includes(typeof parsed))
    return parsed as number | string | boolean | null;
  throw new CliUsageError(
    `${flag} expects a JSON number, string or true/false, such as 0, 77 or '"12"', got '${value}'`,
  );
}

function optionalInt(value: string | undefined, flag: string, allowNegative = false): number | undefined {
  if (value === undefined) return undefined;
  const parsed = number(value, flag);
  if (!Number.isInteger(parsed) || (!allowNegative && parsed < 0)) {
    throw new CliUsageError(
      `${flag} expects a ${allowNegative ? '' : 'non-negative '}integer, got '${value}'`,
    );
  }
  return parsed;
}

async function main(): Promise<void> {
  let options: Partial<SimulatorOptions> | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `booster-sim: ${error instanceof Error ? error.message : String(error)}\nTry --help.\n`,
    );
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(usage);
    return;
  }

  const logger = { info: (message: string) => process.stderr.write(`[booster-sim] ${message}\n`) };
  let simulator;
  try {
    simulator = await startBoosterSimulator({ ...options, logger });
  } catch (error) {
    const message =
      error instanceof SimulatorConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`booster-sim: ${message}\n`);
    process.exit(error instanceof SimulatorConfigError ? 2 : 1);
  }
  process.stdout.write(`${simulator.url}\n`);
  logger.info(`listening on ${simulator.url} (control API under ${simulator.url}/_sim/)`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal}: closing`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`booster-sim: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
