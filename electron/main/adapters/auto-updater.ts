// electron-updater behind the core's Updater interface (core/updates/updateController.ts). Only a packaged
// app with a feed URL from the IT policy updates itself; a developer's run, or a laptop whose policy names no
// feed, never looks for one. The updater is handed in (index.ts imports electron-updater only when it is
// needed), so tests drive this adapter with a fake emitter and never load electron-updater.
import type { Logger } from '../core/platform/logger';
import type { Updater } from '../core/updates/updateController';
import type { UpdaterState } from '../core/updates/updatePolicy';

/** What this adapter uses of electron-updater's AppUpdater. */
export interface ElectronUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: {
    info(message?: unknown): void;
    warn(message?: unknown): void;
    error(message?: unknown): void;
  } | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface AutoUpdaterOptions {
  updater: ElectronUpdaterLike;
  isPackaged: boolean;
  /** The IT policy's updateFeedUrl (https, checked by the policy's schema). */
  feedUrl: string | undefined;
  logger: Logger;
}

/** Whether this run updates itself at all. */
export function updatesEnabled(options: { isPackaged: boolean; feedUrl: string | undefined }): boolean {
  return options.isPackaged && options.feedUrl !== undefined && options.feedUrl !== '';
}

export function createAutoUpdater(options: AutoUpdaterOptions): Updater | undefined {
  if (!updatesEnabled(options)) return undefined;
  const { updater, logger } = options;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  // Its messages go through our logger, which drops paths, emails and URL queries; never its objects.
  updater.logger = {
    info: (message) => logger.info(`updater: ${textOf(message)}`),
    warn: (message) => logger.warn(`updater: ${textOf(message)}`),
    error: (message) => logger.error(`updater: ${textOf(message)}`),
  };
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl! });

  const listeners = new Set<(state: UpdaterState) => void>();
  const emit = (state: UpdaterState) => {
    for (const listener of listeners) listener(state);
  };
  updater.on('checking-for-update', () => emit({ kind: 'checking' }));
  updater.on('update-available', (info) => emit({ kind: 'downloading', ...versionOf(info) }));
  updater.on('download-progress', () => undefined);
  updater.on('update-not-available', () => emit({ kind: 'idle' }));
  updater.on('update-downloaded', (info) => {
    const { version } = versionOf(info);
    const releaseNotes = releaseNotesText(info);
    emit({ kind: 'downloaded', version: version ?? 'unknown', ...(releaseNotes ? { releaseNotes } : {}) });
  });
  updater.on('error', (error) => {
    logger.warn('update failed; the next check tries again', { error });
    emit({ kind: 'error' });
  });

  return {
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check: async () => {
      await updater.checkForUpdates();
    },
    // Silent on Windows (no installer wizard), and the app starts again after installing.
    quitAndInstall: () => updater.quitAndInstall(true, true),
  };
}

function versionOf(info: unknown): { version?: string } {
  const version = (info as { version?: unknown } | undefined)?.version;
  return typeof version === 'string' && version !== '' ? { version: version.slice(0, 100) } : {};
}

/** The feed's release notes as plain text: a string (often HTML) or a list of { version, note }. */
export function releaseNotesText(info: unknown): string | undefined {
  const notes = (info as { releaseNotes?: unknown } | undefined)?.releaseNotes;
  const parts =
    typeof notes === 'string'
      ? [notes]
      : Array.isArray(notes)
        ? notes.map((item) => (item as { note?: unknown } | null)?.note).filter((n) => typeof n === 'string')
        : [];
  const text = parts
    .join('\n')
    .replace(/<br\s*\/?>|<\/(p|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? undefined : text.slice(0, 10_000);
}

function textOf(message: unknown): string {
  if (message instanceof Error) return message.message;
  return typeof message === 'string' ? message : 'event';
}
