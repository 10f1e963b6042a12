// Programmatic API: start a Booster simulator in-process (tests), or from the CLI (main.ts).
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import type { SimulatorUser } from './auth';
import {
  applyConfigPatch,
  defaultSimulatorConfig,
  type SimulatorConfig,
  type SimulatorConfigPatch,
} from './config';
import type { RequestLogEntry } from './request-log';
import { allowedHostsFor } from './host-check';
import { createSimulatorServer } from './server';
import { SimulatorState, type SimulatorLogger } from './simulator-state';
import { CustomerStore, type CreatedCustomer } from './store';

export type {
  FaultName,
  FaultsConfig,
  RejectRule,
  RouteKind,
  SimulatorConfig,
  SimulatorConfigPatch,
} from './config';
export { SimulatorConfigError } from './config';
export { DataFileError, type CreatedCustomer } from './store';
export type { RequestLogEntry, RequestOutcome } from './request-log';
export type { SimulatorUser } from './auth';
export type { SimulatorLogger } from './simulator-state';

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /**
   * Host names answered besides the bound address, localhost, 127.0.0.1 and [::1] (with our port, or as
   * name:port); any other Host header gets 421 (host-check.ts), so a DNS-rebinding page cannot read /_sim/*.
   */
  allowedHosts: string[];
  apiKey: string;
  users: SimulatorUser[];
  tokenLifetimeMs: number;
  refreshTokenLifetimeMs: number;
  /** Tokens in the sign-in and refresh bodies (default), or only as ss-tok / ss-reftok cookies. */
  tokenDelivery: SimulatorConfig['tokenDelivery'];
  /** Each fault is merged over the defaults (all off), field by field. */
  faults: NonNullable<SimulatorConfigPatch['faults']>;
  rejectRules: SimulatorConfig['rejectRules'];
  honourIdempotencyKey: boolean;
  /** Persist created customers here (atomic writes) and reload them at start; ids continue. */
  dataFile: string | null;
  /** Seed of the PRNG behind fault probabilities and latency jitter; random when absent. */
  seed: number;
  clockOffsetMs: number;
  /** The server's clock (token expiry, Date header, request log); Date.now by default. */
  now: () => number;
  logger: SimulatorLogger;
}

export interface BoosterSimulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** The API key it accepts, as `Authorization: Bearer <key>` or `X-Api-Key`. */
  apiKey: string;
  close(): Promise<void>;
  /** Partial update; throws SimulatorConfigError naming the field when invalid. */
  configure(patch: SimulatorConfigPatch): SimulatorConfig;
  config(): SimulatorConfig;
  customers(): CreatedCustomer[];
  requests(): RequestLogEntry[];
  /** Back to the start config and seed; forgets customers and the request log (ids keep increasing). */
  reset(): Promise<void>;
  /** Expires every token issued so far, as the expireTokens fault does. */
  expireTokens(options?: { alsoRefreshTokens?: boolean }): void;
}

export const defaultApiKey = 'sim-api-key';
export const defaultUsers: SimulatorUser[] = [{ userName: 'staff@maison.example', password: 'sim-password' }];

const silentLogger: SimulatorLogger = { info: () => undefined };

export async function startBoosterSimulator(
  options: Partial<SimulatorOptions> = {},
): Promise<BoosterSimulator> {
  const config = applyConfigPatch(defaultSimulatorConfig(), {
    faults: options.faults,
    rejectRules: options.rejectRules,
    tokenLifetimeMs: options.tokenLifetimeMs,
    refreshTokenLifetimeMs: options.refreshTokenLifetimeMs,
    tokenDelivery: options.tokenDelivery,
    honourIdempotencyKey: options.honourIdempotencyKey,
    clockOffsetMs: options.clockOffsetMs,
  });
  const store = await CustomerStore.open(options.dataFile ?? null);
  const state = new SimulatorState({
    config,
    apiKey: options.apiKey ?? defaultApiKey,
    users: options.users ?? defaultUsers,
    seed: options.seed ?? randomInt(2 ** 31),
    store,
    now: options.now ?? Date.now,
    logger: options.logger ?? silentLogger,
  });
  const host = options.host ?? '127.0.0.1';
  let allowedHosts: ReadonlySet<string> = new Set();
  const { server, close } = createSimulatorServer(state, () => allowedHosts);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = allowedHostsFor(host, port, options.allowedHosts);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    apiKey: state.apiKey,
    close,
    configure: (patch) => structuredClone(state.configure(patch)),
    config: () => structuredClone(state.config),
    customers: () => state.store.list(),
    requests: () => state.log.list(),
    reset: () => state.reset(),
    expireTokens: (expiry = {}) => state.tokens.expireAll(expiry.alsoRefreshTokens === true),
  };
}
