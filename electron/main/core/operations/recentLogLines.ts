// The last lines of the app's log, kept in memory for "Copy diagnostics": the CLI and the web host log to
// stderr, and the Electron log file is not ours to parse back. Each line is built by formatLogLine, so it
// holds exactly what the log itself may hold (the allow-list of platform/logger.ts).
import { formatLogLine, type LogFields, type Logger, type LogLevel } from '../platform/logger';

export interface RecentLogLines {
  /** Logs to `inner` and remembers the line. */
  readonly logger: Logger;
  /** Oldest first, at most `capacity`. */
  lines(): string[];
}

export function withRecentLines(
  inner: Logger,
  { capacity = 200, now = () => new Date() }: { capacity?: number; now?: () => Date } = {},
): RecentLogLines {
  const ring: string[] = [];
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    inner[level](message, fields);
    if (level === 'debug') return;
    ring.push(formatLogLine(level, message, fields, now()));
    if (ring.length > capacity) ring.shift();
  };
  return {
    logger: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') },
    lines: () => [...ring],
  };
}
