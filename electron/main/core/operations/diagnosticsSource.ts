// Gathers what "Copy diagnostics" shows (diagnostics.ts builds and scrubs the text): versions, settings
// without secrets, the status, the last errors kept in clear (our own words), the recent log lines. The
// secrets are read only to be scrubbed from the text should any have slipped into it.
import type { EnvironmentView, SyncStatus } from '../../../../shared/ipc';
import type { Outbox } from '../outbox/outbox';
import type { Clock } from '../platform/clock';
import type { SecretStore } from '../platform/secretStore';
import { appVersion } from './appVersion';
import { buildDiagnostics, MAX_DIAGNOSTIC_ERRORS, type DiagnosticsInput } from './diagnostics';

export interface DiagnosticsSource {
  outbox: Outbox;
  clock: Clock;
  status: () => SyncStatus;
  environment: () => Promise<EnvironmentView | null>;
  secretStore: SecretStore;
  logLines: () => readonly string[];
  settings: Omit<DiagnosticsInput['settings'], 'boosterBaseUrl' | 'authMode' | 'signedIn'>;
}

export async function collectDiagnostics(source: DiagnosticsSource): Promise<string> {
  const environment = await source.environment().catch(() => null);
  const { items } = await source.outbox.list({
    states: ['needsAttention'],
    order: 'newestFirst',
    limit: MAX_DIAGNOSTIC_ERRORS,
  });
  const secrets = await Promise.all(
    (['apiKey', 'password', 'refreshToken'] as const).map((name) =>
      source.secretStore.get(name).catch(() => undefined),
    ),
  );
  return buildDiagnostics({
    generatedAt: new Date(source.clock.now()),
    app: {
      version: appVersion,
      platform: process.platform,
      arch: process.arch,
      node: process.versions.node,
      electron: process.versions.electron,
    },
    settings: {
      ...source.settings,
      boosterBaseUrl: environment?.baseUrl,
      authMode: environment?.authMode,
      signedIn: environment?.signedIn,
    },
    status: source.status(),
    lastErrors: items.flatMap((entry) =>
      entry.lastError
        ? [{ captureId: entry.captureId, state: entry.state, at: entry.updatedAt, ...entry.lastError }]
        : [],
    ),
    logLines: source.logLines(),
    // The staff member's user name is an email: scrubbed too (the email pattern would catch it anyway).
    secrets: [...secrets, environment?.userName],
  });
}
