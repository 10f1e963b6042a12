// The Electron app's log: JSON lines from the core's allow-listing logger, written by electron-log's file
// transport into the OS logs folder, rotated by size. We load electron-log's Node entry, not its `main` one:
// `electron-log/main` registers an `__ELECTRON_LOG__` IPC channel on import, a second door into the log that
// any frame could write through, past our trusted-sender check and our allow-list.
import { chmodSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { createLineLogger, type Logger, type LogLevel } from '../core/platform/logger';

export interface FileLoggerApp {
  getPath(name: 'logs'): string;
  readonly isPackaged: boolean;
}

export interface FileLoggerOptions {
  app: FileLoggerApp;
  minLevel?: LogLevel;
  /** Size at which the file is rotated. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (main.1.log is the newest). */
  archives?: number;
  /** Where a developer's run also prints each line; packaged builds write only the file. */
  devConsole?: { write(line: string): unknown };
}

export type FileLogger = Logger & { readonly file: string };

export const fileLogDefaults = { fileName: 'main.log', maxBytes: 5 * 1024 * 1024, archives: 3 } as const;

/** Owner-only: a log names no client, but says when and how the app was used. */
const fileMode = 0o600;
const folderMode = 0o700;

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const logsDir = options.app.getPath('logs');
  const file = path.join(logsDir, fileLogDefaults.fileName);
  const minLevel = options.minLevel ?? 'info';
  const archives = options.archives ?? fileLogDefaults.archives;
  prepareFolder(logsDir);
  tightenModes(file, archives);

  const log = electronLog.create({ logId: `booster-capture:${file}` });
  // Only the file: no console formatting of its own, no IPC to a renderer, no remote upload.
  for (const [name, transport] of Object.entries(log.transports))
    if (name !== 'file' && transport) transport.level = false;
  Object.assign(log.transports.file, {
    level: minLevel,
    resolvePathFn: () => file,
    maxSize: options.maxBytes ?? fileLogDefaults.maxBytes,
    archiveLogFn: (current: { path: string; clear(): boolean }) => {
      if (!rotate(current.path, archives)) current.clear();
    },
    writeOptions: { flag: 'a', mode: fileMode, encoding: 'utf8' },
    // The line is already a JSON object with its time and level.
    format: '{text}',
    sync: true,
  });

  const devConsole = options.app.isPackaged ? undefined : options.devConsole;
  const logger = createLineLogger(
    (level, line) => {
      log[level](line);
      devConsole?.write(`${line}\n`);
    },
    { minLevel },
  );
  return { ...logger, file };
}

/** main.log → main.1.log → … → main.<archives>.log; the oldest is replaced. False when nothing could move. */
export function rotate(file: string, archives: number): boolean {
  const archive = (index: number) => archiveName(file, index);
  for (let index = archives - 1; index >= 1; index -= 1) tryRename(archive(index), archive(index + 1));
  return archives >= 1 && tryRename(file, archive(1));
}

export function archiveName(file: string, index: number): string {
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${index}${ext}`);
}

function tryRename(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Best effort: a log that cannot be written must not stop the app (electron-log then drops the lines). */
function prepareFolder(logsDir: string): void {
  try {
    mkdirSync(logsDir, { recursive: true, mode: folderMode });
    chmodSync(logsDir, folderMode);
  } catch {
    // The app runs on without a log file: there is nowhere to say so.
  }
}

/** Files left by an older build may be world-readable: mode applies only when a file is created. */
function tightenModes(file: string, archives: number): void {
  const files = [file, ...Array.from({ length: archives }, (_, index) => archiveName(file, index + 1))];
  for (const each of files) {
    try {
      chmodSync(each, fileMode);
    } catch {
      // Absent, or on a file system without modes: nothing to tighten.
    }
  }
}
