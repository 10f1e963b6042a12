// Run by timezones.test.ts in a child process whose TZ is set: date-only logic under that zone.
// Prints one JSON object on stdout. Not a test file itself.
import {
  createCustomerSchema,
  createCustomerSchemaAt,
  encodeCreateCustomer,
  parseServiceStackDate,
  todayLocal,
  validateWireCreateCustomer,
} from '../../../shared/booster';
import { minimalPrivateClientExample } from '../../support/arbitraries';

const { nowMs, dates, candidates } = JSON.parse(process.argv[2] ?? '{}') as {
  nowMs: number;
  dates: string[];
  candidates: string[];
};

const base = minimalPrivateClientExample;

// Each typed date, through parse -> encode -> JSON -> the server's view.
const roundTrips = dates.map((date) => {
  const record = createCustomerSchemaAt('9999-12-31').parse({
    ...base,
    birthDate: date,
    weddingDate: date,
    events: [{ eventType: 'Birthday', eventDate: date }],
  });
  const wire = encodeCreateCustomer(record);
  const sent = JSON.parse(JSON.stringify(wire)) as unknown;
  const received = validateWireCreateCustomer(sent, { today: '9999-12-31' });
  return {
    typed: date,
    sent: [wire.birthDate, wire.weddingDate, wire.events?.[0]?.eventDate],
    received: received.ok
      ? [received.record.birthDate, received.record.weddingDate, received.record.events?.[0]?.eventDate]
      : null,
  };
});

// "Not in the future", judged with an injected clock: today as this zone's calendar shows it at nowMs.
const today = todayLocal(new Date(nowMs));
const schema = createCustomerSchemaAt(today);
const judged = Object.fromEntries(
  candidates.map((birthDate) => [birthDate, schema.safeParse({ ...base, birthDate }).success]),
);

// The default schema, with the real clock: today is accepted.
const realToday = todayLocal();
const defaultAcceptsToday = createCustomerSchema.safeParse({ ...base, birthDate: realToday }).success;

// A ServiceStack date written at local midnight in Rome keeps its calendar date here too.
const romeMidnight = parseServiceStackDate('/Date(1609282800000+0100)/');

process.stdout.write(
  JSON.stringify({
    tz: process.env.TZ,
    offsetMinutes: -new Date(nowMs).getTimezoneOffset(),
    today,
    roundTrips,
    judged,
    defaultAcceptsToday,
    romeMidnight,
  }),
);
