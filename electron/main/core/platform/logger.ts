// Logging behind an interface. Fields are redacted: secrets and personal data never reach a log.
import type { Writable } from 'node:stream';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const secretKey = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|bearer/i;
const personalKey = /name|email|phone|address|street|birth|notes?$|record|payload/i;
const bearerValue = /(Bearer\s+)[^\s"']+/gi;

/** Returns a copy of the fields safe to write: secret and personal values replaced, long strings cut. */
export function redactFields(fields: LogFields | undefined, depth = 0): LogFields | undefined {
  if (!fields) return undefined;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (secretKey.test(key)) out[key] = '[secret]';
    else if (personalKey.test(key) && key !== 'displayNameLength') out[key] = '[redacted]';
    else out[key] = redactValue(value, depth);
  }
  return out;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(bearerValue, '$1[secret]').slice(0, 500);
  if (value instanceof Error) return { name: value.name, message: redactValue(value.message, depth) };
  if (Array.isArray(value))
    return depth > 2 ? '[…]' : value.slice(0, 20).map((item) => redactValue(item, depth + 1));
  if (value && typeof value === 'object')
    return depth > 2 ? '[…]' : redactFields(value as LogFields, depth + 1);
  return value;
}

export function createConsoleLogger(
  stream: Writable = process.stderr,
  minLevel: keyof Logger = 'info',
): Logger {
  const order: (keyof Logger)[] = ['debug', 'info', 'warn', 'error'];
  const threshold = order.indexOf(minLevel);
  const write = (level: keyof Logger) => (message: string, fields?: LogFields) => {
    if (order.indexOf(level) < threshold) return;
    const line = {
      time: new Date().toISOString(),
      level,
      message: redactValue(message, 0),
      ...redactFields(fields),
    };
    stream.write(`${JSON.stringify(line)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function createSilentLogger(): Logger {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}
