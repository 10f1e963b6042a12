// The capture clock taken at enqueue: stamped from the device on a first enqueue, kept on a correction.
import { describe, expect, it } from 'vitest';
import { captureOnEnqueue } from '../../../electron/main/core/outbox/capturePolicy';

const reading = {
  deviceTimeMs: Date.UTC(2026, 10, 28, 10),
  timeZone: 'Europe/Rome',
  monotonicMs: 42,
  monotonicEpoch: 'run-2',
};
const earlierCapture = {
  deviceTimeMs: Date.UTC(2026, 10, 1, 9),
  timeZone: 'Europe/Paris',
  monotonicMs: 7,
  monotonicEpoch: 'run-1',
  registrationDateFromDevice: true,
};

describe('captureOnEnqueue', () => {
  it('a first enqueue without a registration date takes it from the device clock, and says so', () => {
    const validated = { lastName: 'Rossi' };
    const { record, capture } = captureOnEnqueue(validated, undefined, reading);
    expect(record.registrationDate).toBe('2026-11-28T10:00:00.000Z');
    expect(capture).toEqual({ ...reading, registrationDateFromDevice: true });
    expect(validated).toEqual({ lastName: 'Rossi' });
  });

  it('a registration date the record has is kept, and never counts as from the device', () => {
    const { record, capture } = captureOnEnqueue(
      { registrationDate: '2026-11-01T09:30:00Z' },
      undefined,
      reading,
    );
    expect(record.registrationDate).toBe('2026-11-01T09:30:00Z');
    expect(capture.registrationDateFromDevice).toBe(false);
  });

  it('a corrected record keeps its capture moment and earlier date; after a clock warning the date is confirmed', () => {
    const earlier = {
      personal: { record: { registrationDate: '2026-11-01T09:00:00.000Z' } },
      capture: earlierCapture,
    };
    const corrected = captureOnEnqueue({ lastName: 'Rossi' }, earlier, reading);
    expect(corrected.record.registrationDate).toBe('2026-11-01T09:00:00.000Z');
    expect(corrected.capture).toEqual({ ...earlierCapture, registrationDateConfirmed: false });
    const afterWarning = captureOnEnqueue({}, { ...earlier, attentionReason: 'clockUntrusted' }, reading);
    expect(afterWarning.capture.registrationDateConfirmed).toBe(true);
  });
});
