// Everything a route handler needs: the live config, the fault PRNG, the store, the tokens and the log.
import { applyConfigPatch, type FaultName, type RouteKind, type SimulatorConfig } from './config';
import { TokenRegistry, type SimulatorUser } from './auth';
import { createSeededRandom, decideFault, decideLatency, type FaultStage, type Random } from './faults';
import { RequestLog } from './request-log';
import type { CustomerStore } from './store';

export interface SimulatorLogger {
  info(message: string): void;
}

export interface SimulatorStateInit {
  config: SimulatorConfig;
  apiKey: string;
  users: SimulatorUser[];
  seed: number;
  store: CustomerStore;
  now: () => number;
  logger: SimulatorLogger;
}

export class SimulatorState {
  readonly apiKey: string;
  readonly users: readonly SimulatorUser[];
  readonly store: CustomerStore;
  readonly tokens: TokenRegistry;
  readonly log = new RequestLog();
  readonly now: () => number;
  readonly logger: SimulatorLogger;
  private current: SimulatorConfig;
  private random: Random;

  constructor(private readonly init: SimulatorStateInit) {
    this.apiKey = init.apiKey;
    this.users = init.users;
    this.store = init.store;
    this.now = init.now;
    this.logger = init.logger;
    this.tokens = new TokenRegistry(init.now);
    this.current = structuredClone(init.config);
    this.random = createSeededRandom(init.seed);
  }

  get config(): SimulatorConfig {
    return this.current;
  }

  /** Throws SimulatorConfigError naming the field when the patch is invalid. */
  configure(patch: unknown): SimulatorConfig {
    this.current = applyConfigPatch(this.current, patch);
    return this.current;
  }

  /** Decides whether a fault strikes this request at this stage, consuming its count if it does. */
  takeFault(stage: FaultStage, route: RouteKind): FaultName | null {
    const decision = decideFault(this.current.faults, stage, route, this.random);
    this.current = { ...this.current, faults: decision.faults };
    return decision.fault;
  }

  latencyFor(route: RouteKind): number {
    return decideLatency(this.current.faults, route, this.random);
  }

  /** Back to the configuration and seed given at start, with no customers and an empty log. */
  async reset(): Promise<void> {
    this.current = structuredClone(this.init.config);
    this.random = createSeededRandom(this.init.seed);
    this.log.clear();
    await this.store.clear();
  }

  /** The Date header: the server's clock, shifted by clockOffsetMs. */
  httpDate(): string {
    return new Date(this.now() + this.current.clockOffsetMs).toUTCString();
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}
