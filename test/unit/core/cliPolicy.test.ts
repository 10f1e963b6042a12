// The operator CLI's decisions as pure functions: the enqueue plan (stable ids, duplicates in a file), the
// input file, where paths start, and how long sync may run and what its end means.
import { describe, expect, it } from 'vitest';
import { canonicalJson, derivedCaptureId, planEnqueue } from '../../../tools/cli/enqueuePlan';
import { parseRecordsFile } from '../../../tools/cli/inputFile';
import { callerFolder } from '../../../tools/cli/dataFolder';
import { closeWithin, syncExit, syncTimings } from '../../../tools/cli/syncPolicy';
import { captureIdSchema, type SyncStatus } from '../../../shared/ipc';

const counts = { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 };
const status = (overrides: Partial<SyncStatus> & { open?: number } = {}): SyncStatus => {
  const { open = 0, ...rest } = overrides;
  return { counts: { ...counts, pending: open }, connectivity: 'online', activity: 'idle', ...rest };
};

describe('enqueue plan', () => {
  it('derives the same UUID from the same content whatever the key order, another from other content', () => {
    const a = derivedCaptureId({ lastName: 'Rossi', emails: [{ email: 'a@x.it', isMainEmail: true }] });
    const b = derivedCaptureId({ emails: [{ isMainEmail: true, email: 'a@x.it' }], lastName: 'Rossi' });
    expect(a).toBe(b);
    expect(captureIdSchema.safeParse(a).success).toBe(true);
    expect(a[14]).toBe('8');
    expect(derivedCaptureId({ lastName: 'Rossi ' })).not.toBe(derivedCaptureId({ lastName: 'Rossi' }));
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
  });

  it('enqueues the first of a captureId, shares its outcome with a same-content repeat, refuses a different one', () => {
    const id = '0b7c9a52-4d7e-4a51-9a3b-0d3b3c1e2f10';
    const plan = planEnqueue([
      { captureId: id, lastName: 'A' },
      { captureId: id, lastName: 'B' },
      { lastName: 'A', captureId: id },
      { lastName: 'C' },
      { lastName: 'C' },
      { captureId: 'not-a-uuid' },
      [],
    ]);
    expect(plan.map((entry) => entry.kind)).toEqual([
      'enqueue',
      'refuse',
      'duplicate',
      'enqueue',
      'duplicate',
      'refuse',
      'refuse',
    ]);
    expect(plan[1]).toMatchObject({ error: { code: 'duplicateCaptureId', message: /Records 0 and 1/ } });
    expect(plan[2]).toMatchObject({ of: 0 });
    expect(plan[4]).toMatchObject({ of: 3 });
    expect(plan[5]).toMatchObject({ error: { fields: [{ path: 'captureId' }] } });
  });

  it('carries the unknown-field warnings of each record', () => {
    const [entry] = planEnqueue([{ lastname: 'Rossi' }]);
    expect(entry!.warnings).toEqual([
      {
        path: 'lastname',
        message: "Unknown field 'lastname' (did you mean 'lastName'?): it would never reach Booster.",
      },
    ]);
  });
});

describe('records file', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('accepts a BOM and refuses invalid UTF-8 with the offset', () => {
    expect(parseRecordsFile('f', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[]')]))).toEqual({
      ok: true,
      records: [],
    });
    const broken = parseRecordsFile('f', new Uint8Array([...bytes('[{"a":"'), 0xff, ...bytes('"}]')]));
    expect(broken).toMatchObject({ ok: false, message: /byte 0xff at offset 7/ });
    expect(parseRecordsFile('f', bytes('{}'))).toMatchObject({ ok: false, message: /JSON array/ });
    expect(parseRecordsFile('f', bytes('[{'))).toMatchObject({ ok: false, message: /not valid JSON/ });
  });
});

describe('paths', () => {
  it('start from INIT_CWD only under `npm run cli`', () => {
    expect(callerFolder({ INIT_CWD: '/typed', npm_lifecycle_event: 'cli' }, '/root')).toBe('/typed');
    expect(callerFolder({ INIT_CWD: '/typed', npm_lifecycle_event: 'test' }, '/root')).toBe('/root');
    expect(callerFolder({}, '/root')).toBe('/root');
  });
});

describe('sync timings and exit', () => {
  it('keeps time for stopping inside --max-wait-ms', () => {
    expect(syncTimings(1_000, 120_000)).toEqual({
      hardDeadline: 121_000,
      drainDeadline: 118_000,
      stopBudgetMs: 3_000,
      inFlightGraceMs: 1_500,
    });
    const short = syncTimings(0, 2_000);
    expect(short.hardDeadline).toBe(2_000);
    expect(short.drainDeadline).toBe(1_500);
  });

  it('stops waiting for a stop that never ends at the deadline', async () => {
    expect(await closeWithin(new Promise(() => undefined), Date.now() + 20)).toBe(false);
    expect(await closeWithin(Promise.resolve(), Date.now() + 60_000)).toBe(true);
    expect(await closeWithin(Promise.reject(new Error('x')), Date.now() + 60_000)).toBe(true);
  });

  it('maps the final status to a code and a sentence', () => {
    expect(syncExit(status())).toEqual({ code: 0 });
    expect(syncExit(status({ open: 2, pausedReason: 'signInNeeded' })).code).toBe(4);
    expect(syncExit(status({ open: 2, pausedReason: 'notConfigured' })).code).toBe(2);
    expect(syncExit(status({ open: 2, connectivity: 'offline' }))).toEqual({
      code: 3,
      message: 'Booster could not be reached; 2 record(s) stay queued.',
    });
    expect(syncExit(status({ open: 1 }), 'SIGTERM')).toEqual({
      code: 3,
      message: 'Stopped by SIGTERM: 1 record(s) stay queued; nothing was lost.',
    });
    // Any other pause (e.g. a full disk) needs a person: exit 1 with the engine's message.
    const paused = { ...status({ open: 1 }), pausedReason: 'storageFailed' } as unknown as SyncStatus;
    expect(
      syncExit({ ...paused, lastError: { code: 'storageFailed', message: 'Disk full: free space.' } }),
    ).toEqual({ code: 1, message: 'Disk full: free space. 1 record(s) stay queued.' });
  });
});
