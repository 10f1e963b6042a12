// Logging behind an interface. What a line may hold is an allow-list: a field is written only if its name is
// listed below, and only as a bounded scalar (or a short list of scalars, or an error reduced to name, code
// and message). Anything else is written as `[not logged]`, so a new call site cannot leak a record, a secret
// or a stack. Every Logger (console, file) is built on createLineLogger, so none can skip these rules.
import type { Writable } from 'node:stream';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How a listed field's value is reduced before it is written. */
type FieldKind = 'scalar' | 'list' | 'error' | 'url';

/**
 * Every field name our code logs, and how. Capture ids are random UUIDs and Booster ids are numbers: neither
 * says who the client is. A field that is not here is written as `[not logged]`: add it here, with thought.
 */
const loggedFields = {
  ambiguous: 'scalar',
  attempt: 'scalar',
  boosterCustomerId: 'scalar',
  byMs: 'scalar',
  bytes: 'scalar',
  bytesAfter: 'scalar',
  bytesBefore: 'scalar',
  captureId: 'scalar',
  captureIds: 'list',
  cause: 'scalar',
  channel: 'scalar',
  code: 'scalar',
  count: 'scalar',
  detail: 'scalar',
  entries: 'scalar',
  error: 'error',
  file: 'scalar',
  issues: 'list',
  keyId: 'scalar',
  kind: 'scalar',
  lines: 'scalar',
  ms: 'scalar',
  problem: 'scalar',
  readOnly: 'scalar',
  reason: 'scalar',
  reports: 'scalar',
  retryInMs: 'scalar',
  state: 'scalar',
  status: 'scalar',
  sync: 'scalar',
  trips: 'scalar',
  url: 'url',
} as const satisfies Record<string, FieldKind>;

export type LoggedField = keyof typeof loggedFields;

/** The fields a log line may carry: the type is the allow-list, so an unlisted name is a compile error. */
export type LogFields = { readonly [Field in LoggedField]?: unknown };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const NOT_LOGGED = '[not logged]';
export const MAX_LOGGED_TEXT = 200;
const MAX_LOGGED_ITEMS = 20;
const levelOrder: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** One scan, left to right: a URL is matched whole before its path could be taken for a file path. */
const urlOrPath =
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+|\b[A-Za-z]:\\[^\s"'<>]*|\\\\[^\s"'<>]+|(?<=^|[\s"'(=:,[])~?\/[^\s"'<>/]+\/[^\s"'<>]*/g;
const emailLike = /[^\s@"'<>:/]+@[^\s@"'<>]+\.[^\s@"'<>]+/g;
const bearerValue = /(bearer\s+)[^\s"']+/gi;

/** A string fit for a log: no file path (it names the user), no URL query or credentials, no email, bounded. */
export function toLoggedText(text: string): string {
  return bounded(
    text
      .replace(urlOrPath, (found) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(found) ? toLoggedUrl(found) : '<path>'))
      .replace(emailLike, '<email>')
      .replace(bearerValue, '$1[secret]'),
  );
}

/** Origin and path only: a query or fragment may carry a token, a user name or a search term. */
function toLoggedUrl(url: string): string {
  if (/^file:/i.test(url)) return '<path>';
  const [withoutQuery = ''] = url.split(/[?#]/, 1);
  return withoutQuery.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1').replace(emailLike, '<email>');
}

function bounded(text: string): string {
  return text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
}

function toLoggedScalar(value: unknown): unknown {
  if (typeof value === 'string') return toLoggedText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  return NOT_LOGGED;
}

function toLoggedList(value: unknown): unknown {
  if (!Array.isArray(value)) return toLoggedScalar(value);
  const items = value.slice(0, MAX_LOGGED_ITEMS).map(toLoggedScalar);
  return value.length > MAX_LOGGED_ITEMS ? [...items, `… ${value.length - MAX_LOGGED_ITEMS} more`] : items;
}

/** Name, code and message: what a person needs to act. Never the stack (absolute paths) nor the cause. */
export function toLoggedError(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return toLoggedScalar(value);
  const { name, code, message } = value as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof message !== 'string') return NOT_LOGGED;
  return {
    ...(typeof name === 'string' ? { name: toLoggedText(name) } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: toLoggedScalar(code) } : {}),
    message: toLoggedText(message),
  };
}

const reduceByKind: Record<FieldKind, (value: unknown) => unknown> = {
  scalar: toLoggedScalar,
  list: toLoggedList,
  error: toLoggedError,
  url: (value) => (typeof value === 'string' ? bounded(toLoggedUrl(value)) : toLoggedScalar(value)),
};

function isLoggedField(name: string): name is LoggedField {
  return Object.hasOwn(loggedFields, name);
}

/** What may be written of these fields: listed ones reduced by their kind, others marked `[not logged]`. */
export function toLoggedFields(
  fields: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!fields) return out;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (isLoggedField(name)) out[name] = reduceByKind[loggedFields[name]](value);
    // The name is ours (a literal in a call site), but keep only what looks like one.
    else if (/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name)) out[name] = NOT_LOGGED;
  }
  return out;
}

/** One JSON line: time, level, message, then the allowed fields. */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: LogFields | undefined,
  now: Date,
): string {
  const line: Record<string, unknown> = { time: now.toISOString(), level, message: toLoggedText(message) };
  for (const [name, value] of Object.entries(toLoggedFields(fields))) line[name] ??= value;
  return JSON.stringify(line);
}

/** The one way a Logger is made: every implementation writes lines built by formatLogLine. */
export function createLineLogger(
  writeLine: (level: LogLevel, line: string) => void,
  options: { minLevel?: LogLevel; now?: () => Date } = {},
): Logger {
  const threshold = levelOrder.indexOf(options.minLevel ?? 'info');
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (levelOrder.indexOf(level) < threshold) return;
    writeLine(level, formatLogLine(level, message, fields, now()));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function createConsoleLogger(stream: Writable = process.stderr, minLevel: LogLevel = 'info'): Logger {
  return createLineLogger((_level, line) => stream.write(`${line}\n`), { minLevel });
}

export function createSilentLogger(): Logger {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}
