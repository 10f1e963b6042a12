import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  normalizeInstant,
  parseServiceStackDate,
  todayIn,
  todayLocal,
} from '../../../shared/booster';

describe('isCalendarDate', () => {
  it.each(['2020-12-30', '2020-01-18', '2021-01-20', '2000-02-29', '2024-02-29', '0001-01-01', '9999-12-31'])(
    '%j is a date',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
    },
  );
  it.each([
    '2021-02-30',
    '2021-02-29',
    '1900-02-29',
    '2021-04-31',
    '2021-13-01',
    '2021-00-01',
    '2021-01-00',
    '0000-01-01',
    '2021-1-1',
    '20210101',
    ' 2021-01-01',
    '',
  ])('%j is not', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('parseServiceStackDate', () => {
  it('reads the seed default, DateTime.MinValue, as JSON text and decoded', () => {
    const minValue = { kind: 'instant', iso: '0001-01-01T00:00:00.000Z', localDate: '0001-01-01' };
    expect(parseServiceStackDate(String.raw`\/Date(-62135596800000-0000)\/`)).toEqual(minValue);
    expect(parseServiceStackDate('/Date(-62135596800000-0000)/')).toEqual(minValue);
  });

  it('reads a WCF date without an offset as UTC', () => {
    expect(parseServiceStackDate('/Date(1609286400000)/')).toEqual({
      kind: 'instant',
      iso: '2020-12-30T00:00:00.000Z',
      localDate: '2020-12-30',
    });
  });

  it('reads a negative epoch (before 1970)', () => {
    expect(parseServiceStackDate('/Date(-86400000)/')).toEqual({
      kind: 'instant',
      iso: '1969-12-31T00:00:00.000Z',
      localDate: '1969-12-31',
    });
    expect(parseServiceStackDate('/Date(-1)/')).toMatchObject({ iso: '1969-12-31T23:59:59.999Z' });
  });

  it('keeps the epoch as UTC and uses the offset for the calendar date where it was written', () => {
    // Local midnight of 2020-12-30 in Rome (+01:00) is 2020-12-29T23:00Z.
    expect(parseServiceStackDate('/Date(1609282800000+0100)/')).toEqual({
      kind: 'instant',
      iso: '2020-12-29T23:00:00.000Z',
      localDate: '2020-12-30',
    });
    // 2020-12-30T02:00Z seen from New York (-05:00) is still the evening of the 29th.
    expect(parseServiceStackDate('/Date(1609293600000-0500)/')).toMatchObject({ localDate: '2020-12-29' });
    expect(parseServiceStackDate('/Date(1609286400000+1400)/')).toMatchObject({ localDate: '2020-12-30' });
  });

  it('reads date-only values as calendar dates', () => {
    expect(parseServiceStackDate('2020-12-30')).toEqual({ kind: 'date', date: '2020-12-30' });
    expect(parseServiceStackDate(' 2020-01-18 ')).toEqual({ kind: 'date', date: '2020-01-18' });
  });

  it.each([
    ['2020-12-30T10:15:30Z', '2020-12-30T10:15:30.000Z', '2020-12-30'],
    ['2020-12-30T10:15:30.5Z', '2020-12-30T10:15:30.500Z', '2020-12-30'],
    ['2020-12-30T10:15:30.1234567Z', '2020-12-30T10:15:30.123Z', '2020-12-30'],
    ['2020-12-30T00:30:00+02:00', '2020-12-29T22:30:00.000Z', '2020-12-30'],
    ['2020-12-30T23:30:00-05:00', '2020-12-31T04:30:00.000Z', '2020-12-30'],
    ['2020-12-30T10:15:30+0530', '2020-12-30T04:45:30.000Z', '2020-12-30'],
    ['2020-12-30T10:15+01', '2020-12-30T09:15:00.000Z', '2020-12-30'],
    ['2020-12-30T10:15:30', '2020-12-30T10:15:30.000Z', '2020-12-30'],
    ['2020-12-30 10:15:30Z', '2020-12-30T10:15:30.000Z', '2020-12-30'],
  ])('reads ISO 8601 %j', (value, iso, localDate) => {
    expect(parseServiceStackDate(value)).toEqual({ kind: 'instant', iso, localDate });
  });

  it.each([
    '',
    'tomorrow',
    '2020-02-30',
    '2020-12-30T25:00:00Z',
    '2020-12-30T10:61:00Z',
    '/Date(abc)/',
    '/Date(1+01)/',
    '30/12/2020',
    '2020-12-30T10:00:00+19:00',
    '2020-12-30T10:00:00+05:99',
    '/Date(1609282800000+0199)/',
    '/Date(1609282800000+9999)/',
    '/Date(253402300800000)/', // year 10000
    '0001-01-01T00:30:00+01:00', // year 0 in UTC
    '9999-12-31T23:30:00-01:00', // year 10000 in UTC
  ])('%j is not a date', (value) => {
    expect(parseServiceStackDate(value)).toBeUndefined();
  });
});

describe('normalizeInstant', () => {
  it('normalizes to UTC with milliseconds', () => {
    expect(normalizeInstant('2024-05-01T09:30:00+02:00')).toBe('2024-05-01T07:30:00.000Z');
    expect(normalizeInstant('2024-05-01T09:30:00.000Z')).toBe('2024-05-01T09:30:00.000Z');
  });
  it('keeps to the range of .NET dates, and refuses offsets no clock uses', () => {
    expect(normalizeInstant('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
    expect(normalizeInstant('0001-01-01T01:00:00+01:00')).toBe('0001-01-01T00:00:00.000Z');
    expect(normalizeInstant('9999-12-31T23:30:00-01:00')).toBeUndefined();
    expect(normalizeInstant('0001-01-01T00:30:00+01:00')).toBeUndefined();
    expect(normalizeInstant('2024-05-01T09:30:00+05:60')).toBeUndefined();
  });

  it('refuses a moment without a time zone and a date alone', () => {
    expect(normalizeInstant('2024-05-01T09:30:00')).toBeUndefined();
    expect(normalizeInstant('2024-05-01')).toBeUndefined();
  });
});

describe('today', () => {
  const instant = new Date('2024-06-15T11:30:00Z');
  it('todayIn gives the calendar date of a zone', () => {
    expect(todayIn('UTC', instant)).toBe('2024-06-15');
    expect(todayIn('Pacific/Kiritimati', instant)).toBe('2024-06-16');
    expect(todayIn('Etc/GMT+12', instant)).toBe('2024-06-14');
    expect(todayIn('Pacific/Kiritimati', new Date('2024-06-15T09:59:59Z'))).toBe('2024-06-15');
    expect(todayIn('Pacific/Kiritimati', new Date('2024-06-15T10:00:00Z'))).toBe('2024-06-16');
  });

  it('todayLocal reads the local calendar fields of the date it is given', () => {
    const local = new Date(2024, 0, 5, 23, 59);
    expect(todayLocal(local)).toBe('2024-01-05');
  });
});
