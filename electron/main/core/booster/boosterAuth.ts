// Signing in to the configured Booster environment. API key: `Authorization: Bearer <key>`. Credentials:
// ServiceStack /auth/credentials, then the bearer token (from the body or an ss-tok cookie, sent back as
// `Authorization: Bearer`); on a 401 refresh once (/access-token), then sign in again once with the stored
// password; if that fails too, sync pauses until a person signs in.
// Saving checks the key or sign-in with Booster at once, so Settings never says "signed in" on trust.
// Secrets live only in the SecretStore; the access token only in memory.
import type {
  ConfigureRequest,
  ConfigureResult,
  CredentialCheck,
  EnvironmentView,
} from '../../../../shared/ipc';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secretStore';
import type { BoosterHttp, ProbeResult } from './boosterHttp';
import type { EnvironmentConfig, EnvironmentStore } from './environmentStore';

export type AuthHeader =
  | { ok: true; authorization: string; generation: number }
  | { ok: false; reason: 'notConfigured' | 'signInNeeded' | 'unreachable'; message: string };

export type RenewResult = 'retry' | 'signInNeeded' | 'unreachable';

/** Booster's verdict on a key from the credentialed probe (GET /auth). Pure, so every answer is tested. */
export function checkOfProbe(probe: ProbeResult): { check: CredentialCheck; detail?: string } {
  if (!probe.reachable) return { check: 'notChecked', detail: probe.detail };
  // An API key does not expire the way a token does: Booster not taking it is a refusal either way.
  if (probe.credentials === 'refused' || probe.credentials === 'expired')
    return { check: 'refused', detail: 'Booster refused this API key.' };
  if (probe.credentials === 'accepted') return { check: 'accepted' };
  // Booster answered but has no GET /auth to ask: the first client sent checks the key.
  return { check: 'notChecked', detail: 'this Booster cannot check a key without sending a client' };
}

export class BoosterAuth {
  private config: EnvironmentConfig | undefined;
  private accessToken: string | undefined;
  private generation = 0;
  private renewing: Promise<RenewResult> | undefined;
  private configuring: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      environments: EnvironmentStore;
      secrets: SecretStore;
      http: BoosterHttp;
      logger: Logger;
    },
  ) {}

  async load(): Promise<void> {
    this.config = await this.deps.environments.load();
  }

  environment(): EnvironmentConfig | undefined {
    return this.config;
  }

  async view(): Promise<EnvironmentView | null> {
    const config = this.config;
    if (!config) return null;
    const secret = await this.deps.secrets.get(config.mode === 'apiKey' ? 'apiKey' : 'password');
    const refresh = config.mode === 'credentials' ? await this.deps.secrets.get('refreshToken') : undefined;
    return {
      baseUrl: config.baseUrl,
      authMode: config.mode,
      ...(config.userName ? { userName: config.userName } : {}),
      signedIn:
        (secret !== undefined || refresh !== undefined || this.accessToken !== undefined) &&
        !config.signInNeeded,
    };
  }

  /**
   * Saves the environment and its secret (durably, first), then asks Booster whether it takes them: a
   * credentialed GET /auth for an API key, the sign-in itself for credentials. A refused secret stays
   * configured but marked, so sending pauses for sign-in; an unreachable Booster leaves it to the first send.
   * One save at a time, each written and checked whole: the last one saved has the last word.
   */
  configure(request: ConfigureRequest): Promise<ConfigureResult> {
    const turn = this.configuring.then(() => this.configureNow(request));
    this.configuring = turn.catch(() => undefined);
    return turn;
  }

  private async configureNow(request: ConfigureRequest): Promise<ConfigureResult> {
    const baseUrl = request.baseUrl.replace(/\/+$/, '');
    this.accessToken = undefined;
    const generation = ++this.generation;
    // A sign-out (or a renewal) while Booster was being asked has the last word: the answer changes nothing.
    const current = () => generation === this.generation;
    const answer =
      request.mode === 'apiKey'
        ? await this.configureApiKey(baseUrl, request.apiKey, current)
        : await this.configureCredentials(baseUrl, request.userName, request.password, current);
    this.deps.logger.info('booster auth: saved and checked', { kind: request.mode, state: answer.check });
    // The detail may be Booster's own words, of any length: the contract allows a short sentence.
    const detail = answer.detail?.slice(0, 300);
    return { environment: (await this.view())!, check: answer.check, ...(detail ? { detail } : {}) };
  }

  private async configureApiKey(
    baseUrl: string,
    apiKey: string,
    current: () => boolean,
  ): Promise<{ check: CredentialCheck; detail?: string }> {
    await this.deps.secrets.set('apiKey', apiKey);
    await this.deps.secrets.delete('password');
    await this.deps.secrets.delete('refreshToken');
    await this.saveConfig({ baseUrl, mode: 'apiKey' });
    const answer = checkOfProbe(await this.deps.http.probe(baseUrl, undefined, `Bearer ${apiKey}`));
    if (answer.check === 'refused' && current()) await this.markSignInNeeded();
    return answer;
  }

  private async configureCredentials(
    baseUrl: string,
    userName: string,
    password: string,
    current: () => boolean,
  ): Promise<{ check: CredentialCheck; detail?: string }> {
    await this.deps.secrets.delete('apiKey');
    await this.deps.secrets.delete('refreshToken');
    // Kept (encrypted by the SecretStore) so that an expired session can be renewed without staff.
    await this.deps.secrets.set('password', password);
    await this.saveConfig({ baseUrl, mode: 'credentials', userName });
    const result = await this.deps.http.signIn(baseUrl, userName, password);
    if (result.kind === 'unreachable') return { check: 'notChecked', detail: result.message };
    if (result.kind === 'refused') {
      if (current()) {
        // A refused password is not kept: renewing with it would only be refused again.
        await this.deps.secrets.delete('password');
        await this.saveConfig({ baseUrl, mode: 'credentials', userName, signInNeeded: true });
      }
      return { check: 'refused', detail: result.message };
    }
    if (current()) await this.acceptToken(result.token, result.refreshToken);
    return { check: 'accepted' };
  }

  async signOut(): Promise<EnvironmentView | null> {
    this.accessToken = undefined;
    this.generation += 1;
    await this.deps.secrets.delete('apiKey');
    await this.deps.secrets.delete('password');
    await this.deps.secrets.delete('refreshToken');
    if (this.config) await this.saveConfig({ ...this.config, signInNeeded: true });
    return this.view();
  }

  /** The Authorization header for the next request. */
  async authHeader(): Promise<AuthHeader> {
    // While a save is under way its secret may already be stored and its address not yet: no header is
    // handed out from that mix (the new key must never go to the old host).
    await this.configuring;
    const config = this.config;
    if (!config)
      return { ok: false, reason: 'notConfigured', message: 'No Booster environment is configured.' };
    if (config.signInNeeded)
      return { ok: false, reason: 'signInNeeded', message: 'Sign in to Booster again.' };
    if (config.mode === 'apiKey') {
      const key = await this.deps.secrets.get('apiKey');
      if (!key) return { ok: false, reason: 'signInNeeded', message: 'Enter the Booster API key.' };
      return { ok: true, authorization: `Bearer ${key}`, generation: this.generation };
    }
    if (!this.accessToken) {
      const renewed = await this.renew(this.generation);
      if (renewed !== 'retry') {
        return {
          ok: false,
          reason: renewed,
          message: renewed === 'unreachable' ? 'Booster cannot be reached.' : 'Sign in to Booster again.',
        };
      }
    }
    return { ok: true, authorization: `Bearer ${this.accessToken}`, generation: this.generation };
  }

  /**
   * The credential the reachability probe carries, as held now: the API key, or the access token if there is
   * one. Never signs in or refreshes (the probe must not cost a sign-in) and never throws: undefined when
   * there is none or the secret store cannot be read (the send that follows reports that).
   */
  async probeAuthorization(): Promise<string | undefined> {
    const config = this.config;
    if (!config || config.signInNeeded) return undefined;
    if (config.mode === 'credentials') return this.accessToken ? `Bearer ${this.accessToken}` : undefined;
    const key = await this.deps.secrets.get('apiKey').catch(() => undefined);
    return key ? `Bearer ${key}` : undefined;
  }

  /** After a 401 on a header of `generation`: renew once (shared by concurrent callers). */
  async onUnauthorized(generation: number): Promise<RenewResult> {
    const config = this.config;
    if (!config) return 'signInNeeded';
    if (generation < this.generation) return 'retry'; // someone renewed since that request left
    if (config.mode === 'apiKey') {
      await this.markSignInNeeded();
      return 'signInNeeded';
    }
    this.accessToken = undefined;
    return this.renew(generation);
  }

  /** The retried request was refused as well: stop until a person signs in. */
  async markSignInNeeded(): Promise<void> {
    this.accessToken = undefined;
    if (this.config && !this.config.signInNeeded)
      await this.saveConfig({ ...this.config, signInNeeded: true });
  }

  private renew(generation: number): Promise<RenewResult> {
    if (!this.renewing) {
      this.renewing = this.doRenew(generation).finally(() => (this.renewing = undefined));
    }
    return this.renewing;
  }

  private async doRenew(generation: number): Promise<RenewResult> {
    if (generation < this.generation && this.accessToken) return 'retry';
    const config = this.config;
    if (!config || config.mode !== 'credentials' || !config.userName) return 'signInNeeded';
    const refreshToken = await this.deps.secrets.get('refreshToken');
    let unreachable = false;
    if (refreshToken) {
      const refreshed = await this.deps.http.refresh(config.baseUrl, refreshToken);
      if (refreshed.kind === 'ok') {
        await this.acceptToken(refreshed.token, refreshed.refreshToken);
        return 'retry';
      }
      unreachable = refreshed.kind === 'unreachable';
      this.deps.logger.info('booster auth: refresh refused, signing in again', { kind: refreshed.kind });
    }
    const password = await this.deps.secrets.get('password');
    if (password) {
      const signedIn = await this.deps.http.signIn(config.baseUrl, config.userName, password);
      if (signedIn.kind === 'ok') {
        await this.acceptToken(signedIn.token, signedIn.refreshToken);
        return 'retry';
      }
      if (signedIn.kind === 'unreachable') return 'unreachable';
    } else if (unreachable) {
      return 'unreachable';
    }
    await this.markSignInNeeded();
    return 'signInNeeded';
  }

  private async acceptToken(token: string, refreshToken: string | undefined): Promise<void> {
    this.accessToken = token;
    this.generation += 1;
    if (refreshToken) await this.deps.secrets.set('refreshToken', refreshToken);
    if (this.config?.signInNeeded) await this.saveConfig({ ...this.config, signInNeeded: false });
  }

  /** Saving the same Booster again (a new key, a new password) keeps what was declared about it (duplicate
   *  limit, Idempotency-Key); another Booster starts without them. */
  private async saveConfig(config: EnvironmentConfig): Promise<void> {
    const previous = this.config;
    const declared =
      previous && previous.baseUrl === config.baseUrl
        ? {
            ...(previous.ambiguousAttemptLimit !== undefined
              ? { ambiguousAttemptLimit: previous.ambiguousAttemptLimit }
              : {}),
            ...(previous.idempotencyKey !== undefined ? { idempotencyKey: previous.idempotencyKey } : {}),
          }
        : {};
    const saved = { ...declared, ...config };
    await this.deps.environments.save(saved);
    this.config = saved;
  }
}
