// Date-only values must not move with the time zone. Each zone runs the contract in its own Node process
// (TZ is read by the process), with an injected "now" near midnight.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../../shared/booster';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./tz-probe.ts', import.meta.url));

const zones = [
  'UTC',
  'Europe/Rome',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Kiritimati', // UTC+14
  'Etc/GMT+12', // UTC-12
];

// 2024-06-15T10:30Z: already 16 June in Kiritimati, still 14 June at UTC-12.
const nowMs = Date.UTC(2024, 5, 15, 10, 30);
const dates = [
  '1990-01-01',
  '2000-02-29',
  '1970-01-01',
  '1969-12-31',
  '2024-06-15',
  '2021-01-20',
  '1900-03-01',
  '2024-02-29',
  '0001-01-02', // the first day after DateTime.MinValue: year 1 must not become year 0 anywhere
  '9999-12-31', // the last .NET date: it must not roll into year 10000
];
const candidates = ['2024-06-14', '2024-06-15', '2024-06-16', '2024-06-17'];

type ProbeResult = {
  tz: string;
  offsetMinutes: number;
  today: string;
  roundTrips: { typed: string; sent: string[]; received: string[] | null }[];
  judged: Record<string, boolean>;
  defaultAcceptsToday: boolean;
  romeMidnight: unknown;
};

async function probeIn(timeZone: string): Promise<ProbeResult> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', probe, JSON.stringify({ nowMs, dates, candidates })],
    {
      env: { ...process.env, TZ: timeZone },
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    },
  );
  return JSON.parse(stdout) as ProbeResult;
}

describe('date-only values in every time zone', () => {
  const results = new Map<string, ProbeResult>();

  beforeAll(async () => {
    const probed = await Promise.all(zones.map(probeIn));
    probed.forEach((result, index) => results.set(zones[index] as string, result));
  }, 120_000);

  function resultIn(zone: string): ProbeResult {
    const result = results.get(zone);
    if (!result) throw new Error(`no probe result for ${zone}`);
    return result;
  }

  it.each(zones)('%s: the process really runs in that zone', (zone) => {
    const result = resultIn(zone);
    expect(result.tz).toBe(zone);
    const expectedOffset = { UTC: 0, 'Pacific/Kiritimati': 14 * 60, 'Etc/GMT+12': -12 * 60 }[zone];
    if (expectedOffset !== undefined) expect(result.offsetMinutes).toBe(expectedOffset);
  });

  it.each(zones)('%s: every typed date is sent and read back unchanged', (zone) => {
    for (const trip of resultIn(zone).roundTrips) {
      expect(trip.sent).toEqual([trip.typed, trip.typed, trip.typed]);
      expect(trip.received).toEqual([trip.typed, trip.typed, trip.typed]);
    }
    expect(resultIn(zone).romeMidnight).toEqual({
      kind: 'instant',
      iso: '2020-12-29T23:00:00.000Z',
      localDate: '2020-12-30',
    });
  });

  it.each(zones)('%s: "not in the future" uses that zone\'s calendar date', (zone) => {
    const result = resultIn(zone);
    expect(result.today).toBe(todayIn(zone, new Date(nowMs)));
    for (const [birthDate, accepted] of Object.entries(result.judged)) {
      expect([birthDate, accepted]).toEqual([birthDate, birthDate <= result.today]);
    }
    expect(result.defaultAcceptsToday).toBe(true);
  });

  it('near midnight: already tomorrow at UTC+14, still yesterday at UTC-12', () => {
    expect(resultIn('Pacific/Kiritimati').today).toBe('2024-06-16');
    expect(resultIn('Pacific/Kiritimati').judged['2024-06-16']).toBe(true);
    expect(resultIn('Etc/GMT+12').today).toBe('2024-06-14');
    expect(resultIn('Etc/GMT+12').judged['2024-06-15']).toBe(false);
    expect(resultIn('UTC').judged).toEqual({
      '2024-06-14': true,
      '2024-06-15': true,
      '2024-06-16': false,
      '2024-06-17': false,
    });
  });
});
