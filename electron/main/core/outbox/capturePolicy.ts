// When a record was captured, kept for the trusted-time correction at send. This is the only place that stamps
// capture time: a first enqueue sets the registration date from the device clock when the record has none (the
// form never sets one) and says so, so that only that date is ever corrected; a date the record carries stays
// as it is. A corrected version keeps its capture moment.
import type { AttentionReason } from '../../../../shared/ipc';
import type { CaptureClock } from './types';

/** The clocks read at enqueue. */
export type ClockReading = Omit<CaptureClock, 'registrationDateFromDevice' | 'registrationDateConfirmed'>;

/** What is kept of an earlier version of the record (re-enqueued after it needed attention). */
export interface EarlierCapture {
  personal: { record?: Record<string, unknown> };
  capture: CaptureClock;
  attentionReason?: AttentionReason;
}

export function captureOnEnqueue(
  validated: Record<string, unknown>,
  earlier: EarlierCapture | undefined,
  reading: ClockReading,
): { record: Record<string, unknown>; capture: CaptureClock } {
  const record = { ...validated };
  if (earlier) {
    if (record.registrationDate === undefined && earlier.personal.record?.registrationDate !== undefined)
      record.registrationDate = earlier.personal.record.registrationDate;
    // After a clock warning a person has now seen the date: it is never adjusted or flagged again.
    const confirmed =
      earlier.capture.registrationDateConfirmed || earlier.attentionReason === 'clockUntrusted';
    return { record, capture: { ...earlier.capture, registrationDateConfirmed: confirmed } };
  }
  const fromDevice = record.registrationDate === undefined;
  if (fromDevice) record.registrationDate = new Date(reading.deviceTimeMs).toISOString();
  return { record, capture: { ...reading, registrationDateFromDevice: fromDevice } };
}
