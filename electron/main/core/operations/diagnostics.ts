// "Copy diagnostics": what IT needs to understand a laptop without seeing any client. Built only from what is
// free of personal data by construction (versions, settings without secrets, counts, our own error codes and
// wording, log lines already reduced by the logger's allow-list); then scrubbed once more, as a second line
// of defence, of anything shaped like an email or a phone number and of the secrets themselves. Pure.
import type { SyncStatus } from '../../../../shared/ipc';

export interface DiagnosticsInput {
  generatedAt: Date;
  app: { version: string; platform: string; arch: string; node: string; electron?: string | undefined };
  settings: {
    /** Only the host is shown: a path or query may carry a tenant or a token. */
    boosterBaseUrl?: string | undefined;
    authMode?: string | undefined;
    signedIn?: boolean | undefined;
    concurrency?: number | undefined;
    requestTimeoutMs?: number | undefined;
    sentRetentionDays?: number | undefined;
    policy?: string | undefined;
  };
  status: SyncStatus;
  /** Our own words, kept in clear in the journal's metadata (never Booster's, which may quote a value). */
  lastErrors: { captureId: string; state: string; at: string; code: string; message: string }[];
  logLines: readonly string[];
  /** Values that must never appear (the API key, the password, tokens): replaced wherever found. */
  secrets: readonly (string | undefined)[];
}

export const MAX_DIAGNOSTIC_ERRORS = 20;
export const MAX_DIAGNOSTIC_LOG_LINES = 100;

export function buildDiagnostics(input: DiagnosticsInput): string {
  const { app, settings, status } = input;
  const lines = [
    'Booster Capture diagnostics',
    `Generated: ${input.generatedAt.toISOString()}`,
    '',
    '[App]',
    `Version: ${app.version}`,
    `Platform: ${app.platform} ${app.arch}`,
    `Node: ${app.node}`,
    ...(app.electron ? [`Electron: ${app.electron}`] : []),
    '',
    '[Settings]',
    `Booster host: ${hostOf(settings.boosterBaseUrl)}`,
    `Auth mode: ${settings.authMode ?? 'not configured'}`,
    `Signed in: ${settings.signedIn === undefined ? 'unknown' : settings.signedIn ? 'yes' : 'no'}`,
    ...optional('Concurrency', settings.concurrency),
    ...optional('Request timeout (ms)', settings.requestTimeoutMs),
    ...optional('Sent retention (days)', settings.sentRetentionDays),
    ...optional('IT policy', settings.policy),
    '',
    '[Queue]',
    ...Object.entries(status.counts).map(([state, count]) => `${state}: ${count}`),
    `Connectivity: ${status.connectivity}`,
    `Activity: ${status.activity}${status.pausedReason ? ` (${status.pausedReason})` : ''}`,
    ...optional('Last successful sync', status.lastSuccessfulSyncAt),
    ...optional('Next retry', status.nextRetryAt),
    ...(status.lastError ? [`Last sync error: ${status.lastError.code}: ${status.lastError.message}`] : []),
    ...(status.damage
      ? [`Damaged journal lines: ${status.damage.lines} (${status.damage.files.join(', ')})`]
      : []),
    '',
    `[Last errors] (${Math.min(input.lastErrors.length, MAX_DIAGNOSTIC_ERRORS)})`,
    ...[...input.lastErrors]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, MAX_DIAGNOSTIC_ERRORS)
      .map((error) => `${error.at} ${error.captureId} ${error.state} ${error.code}: ${error.message}`),
    '',
    `[Recent log lines] (${Math.min(input.logLines.length, MAX_DIAGNOSTIC_LOG_LINES)})`,
    ...input.logLines.slice(-MAX_DIAGNOSTIC_LOG_LINES),
  ];
  return scrubDiagnostics(lines.join('\n'), input.secrets);
}

function optional(label: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [`${label}: ${value}`];
}

export function hostOf(baseUrl: string | undefined): string {
  if (!baseUrl) return 'not configured';
  try {
    return new URL(baseUrl).host || 'not a URL';
  } catch {
    return 'not a URL';
  }
}

const emailLike = /[^\s@"'<>:/,;()[\]]+@[^\s@"'<>,;()[\]]+\.[^\s@"'<>,;()[\]]+/g;
// International numbers (+33 6 12 34 56 78) and numbers in groups of at least nine digits (06 12 34 56 78,
// 212-555-0100): not dates (eight digits), times, capture ids or Booster ids (digits alone).
const phoneLike = /\+\d[\d ().-]{5,}\d|(?<![\w-])\d{2,4}(?:[ .-]\d{2,4}){2,}(?![\w-])/g;
const digitCount = (text: string) => text.replace(/\D/g, '').length;

/** Emails, phone numbers and the given secrets replaced by a marker. */
export function scrubDiagnostics(text: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = text;
  for (const secret of secrets)
    if (secret && secret.length >= 4) scrubbed = scrubbed.split(secret).join('[secret]');
  return scrubbed
    .replace(emailLike, '[email]')
    .replace(phoneLike, (found) => (found.startsWith('+') || digitCount(found) >= 9 ? '[phone]' : found));
}
