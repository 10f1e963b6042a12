// Calendar dates ('YYYY-MM-DD') and instants (ISO 8601). Date-only values are handled as strings and
// integers, never through `new Date('YYYY-MM-DD')`, so the date a person typed never moves with a time zone.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
// ServiceStack's WCF-style date, as the JSON text carries it ("\/Date(…)\/") or once JSON-decoded ("/Date(…)/").
const WCF_DATE = /^\\?\/Date\((-?\d+)([+-]\d{4})?\)\\?\/$/;

// .NET's DateTime.MinValue: what ServiceStack holds for a date that was never set. Booster cannot tell it
// from "no date", so the app refuses it and the server's view reads it as absent.
export const DATE_TIME_MIN_DATE = '0001-01-01';
export const DATE_TIME_MIN_INSTANT = '0001-01-01T00:00:00.000Z';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidYmd(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for a real calendar date written 'YYYY-MM-DD' (2021-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  return isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Today's calendar date in this machine's local time zone. */
export function todayLocal(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Today's calendar date in an IANA time zone ('Europe/Rome'). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

function utcMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return date.getTime();
}

// .NET's DateTime range (ServiceStack's dates): 0001-01-01T00:00Z to 9999-12-31T23:59:59.999Z.
const DOTNET_MIN_MS = -62135596800000;
const DOTNET_MAX_MS = 253402300799999;

/** Minutes east of UTC; undefined for an offset no clock uses (minutes over 59, more than 18 hours). */
function offsetMinutesOf(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined;
  return sign * (hours * 60 + minutes);
}

const inDotNetRange = (ms: number) => Number.isFinite(ms) && ms >= DOTNET_MIN_MS && ms <= DOTNET_MAX_MS;

function dateOfMillis(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

type ParsedIsoDateTime = { iso: string; localDate: string; hasOffset: boolean };

function parseIsoDateTime(value: string): ParsedIsoDateTime | undefined {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (!isValidYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = offset ? offsetMinutesOf(offset) : 0;
  if (offsetMinutes === undefined) return undefined;
  const epoch = utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  // '0001-01-01T00:30+01:00' would be year 0 in UTC, '9999-12-31T23:30-01:00' year 10000: no server reads them.
  if (!inDotNetRange(epoch)) return undefined;
  return {
    iso: new Date(epoch).toISOString(),
    localDate: `${y}-${mo}-${d}`,
    hasOffset: offset !== undefined,
  };
}

/**
 * An ISO 8601 date-time with a time zone ('Z' or an offset), normalized to UTC ('…Z', milliseconds).
 * A value without a zone is refused: it would mean a different moment on every machine.
 */
export function normalizeInstant(value: string): string | undefined {
  const parsed = parseIsoDateTime(value.trim());
  return parsed?.hasOffset ? parsed.iso : undefined;
}

export type ServiceStackDate =
  /** A calendar date ('YYYY-MM-DD'). */
  | { kind: 'date'; date: string }
  /** A moment: `iso` in UTC; `localDate` is the calendar date as written, in the value's own offset. */
  | { kind: 'instant'; iso: string; localDate: string };

/**
 * Every date form ServiceStack accepts: "\/Date(ms±hhmm)\/" (ms since the epoch, UTC; the offset only says
 * where it was written), ISO 8601 with 'Z', an offset or none (taken as UTC), and date-only 'YYYY-MM-DD'.
 */
export function parseServiceStackDate(value: string): ServiceStackDate | undefined {
  const text = value.trim();
  if (DATE_ONLY.test(text)) return isCalendarDate(text) ? { kind: 'date', date: text } : undefined;
  const wcf = WCF_DATE.exec(text);
  if (wcf) {
    const epoch = Number(wcf[1]);
    const offsetMinutes = wcf[2] ? offsetMinutesOf(wcf[2]) : 0;
    if (offsetMinutes === undefined || !inDotNetRange(epoch)) return undefined;
    const date = new Date(epoch);
    const localDate = dateOfMillis(epoch + offsetMinutes * 60_000);
    if (!isCalendarDate(localDate)) return undefined;
    return { kind: 'instant', iso: date.toISOString(), localDate };
  }
  const parsed = parseIsoDateTime(text);
  return parsed ? { kind: 'instant', iso: parsed.iso, localDate: parsed.localDate } : undefined;
}
