// Signing in to the configured Booster environment. API key: `Authorization: Bearer <key>`. Credentials:
// ServiceStack /auth/credentials, then the bearer token (from the body or an ss-tok cookie, sent back as
// `Authorization: Bearer`); on a 401 refresh once (/access-token), then sign in again once with the stored
// password; if that fails too, sync pauses until a person signs in.
// Secrets live only in the SecretStore; the access token only in memory.
import type { EnvironmentView, ConfigureRequest } from '../../../../shared/ipc';
import { BoosterUnreachableError, SignInFailedError } from '../errors';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secretStore';
import type { BoosterHttp } from './boosterHttp';
import type { EnvironmentConfig, EnvironmentStore } from './environmentStore';

export type AuthHeader =
  | { ok: true; authorization: string; generation: number }
  | { ok: false; reason: 'notConfigured' | 'signInNeeded' | 'unreachable'; message: string };

export type RenewResult = 'retry' | 'signInNeeded' | 'unreachable';

export class BoosterAuth {
  private config: EnvironmentConfig | undefined;
  private accessToken: string | undefined;
  private generation = 0;
  private renewing: Promise<RenewResult> | undefined;

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

  /** Saves the environment and its secret; with credentials, signs in at once. */
  async configure(request: ConfigureRequest): Promise<EnvironmentView> {
    const baseUrl = request.baseUrl.replace(/\/+$/, '');
    this.accessToken = undefined;
    this.generation += 1;
    if (request.mode === 'apiKey') {
      await this.deps.secrets.set('apiKey', request.apiKey);
      await this.deps.secrets.delete('password');
      await this.deps.secrets.delete('refreshToken');
      await this.saveConfig({ baseUrl, mode: 'apiKey' });
    } else {
      await this.deps.secrets.delete('apiKey');
      await this.deps.secrets.delete('refreshToken');
      // Kept (encrypted by the SecretStore) so that an expired session can be renewed without staff.
      await this.deps.secrets.set('password', request.password);
      await this.saveConfig({ baseUrl, mode: 'credentials', userName: request.userName });
      const result = await this.deps.http.signIn(baseUrl, request.userName, request.password);
      if (result.kind === 'refused') {
        await this.deps.secrets.delete('password');
        await this.saveConfig({
          baseUrl,
          mode: 'credentials',
          userName: request.userName,
          signInNeeded: true,
        });
        throw new SignInFailedError();
      }
      if (result.kind === 'unreachable') throw new BoosterUnreachableError();
      await this.acceptToken(result.token, result.refreshToken);
    }
    return (await this.view())!;
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

  private async saveConfig(config: EnvironmentConfig): Promise<void> {
    await this.deps.environments.save(config);
    this.config = config;
  }
}
