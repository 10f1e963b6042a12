// Trusted time for registrationDate. A laptop's clock may be wrong (dead battery, manual change, wrong zone
// set as an offset). Booster's Date header is the reference: skew = server time − device time.
//
// Decision:
// - A record captured in this run (same monotonic epoch) gets its true capture time from the monotonic
//   clock: serverNow − elapsed since capture. If that differs from the device time recorded at capture by more
//   than the threshold, registrationDate is moved by the difference. This also fixes a clock that was wrong
//   at capture and has been corrected since (e.g. NTP caught up).
// - A record from an earlier run cannot be placed safely (the clock may have changed between runs). If the
//   clock is off now by more than the threshold, or the capture time is before 2020 or after Booster's now,
//   the record goes to needsAttention ('clockUntrusted') so a person checks the date; re-enqueued, its date
//   counts as confirmed.
// - Only registrationDate, and only when we set it from the device clock, is ever touched. Dates staff typed
//   (birthDate, eventDate, weddingDate) never are.
// - Without any server time (Booster sent no Date header), the record is sent as captured, unless its capture
//   time is obviously wrong (before 2020): then it needs a person too. (The engine always probes Booster
//   before sending, so a server time is known whenever Booster sends one.)

export const EARLIEST_TRUSTED_MS = Date.UTC(2020, 0, 1);
export const DEFAULT_SKEW_THRESHOLD_MS = 2 * 60_000;

export interface CaptureReading {
  deviceTimeMs: number;
  monotonicMs: number;
  monotonicEpoch: string;
  registrationDateFromDevice: boolean;
  registrationDateConfirmed?: boolean;
}

export interface CurrentReading {
  deviceNowMs: number;
  monotonicNowMs: number;
  monotonicEpoch: string;
  /** server − device, from the latest Booster answer; undefined when none was seen. */
  skewMs: number | undefined;
}

export type RegistrationDatePlan =
  | { kind: 'keep' }
  | { kind: 'correct'; registrationDateMs: number; byMs: number }
  | { kind: 'untrusted'; message: string };

/** server − device, from one answer's Date header (which has second resolution: take the middle). */
export function measureSkew(serverDateMs: number, deviceTimeMs: number): number {
  return serverDateMs + 500 - deviceTimeMs;
}

export function planRegistrationDate(
  registrationDateMs: number,
  capture: CaptureReading,
  current: CurrentReading,
  thresholdMs = DEFAULT_SKEW_THRESHOLD_MS,
): RegistrationDatePlan {
  if (!capture.registrationDateFromDevice || capture.registrationDateConfirmed) return { kind: 'keep' };
  const obviouslyWrong = capture.deviceTimeMs < EARLIEST_TRUSTED_MS;
  if (current.skewMs === undefined) {
    if (!obviouslyWrong) return { kind: 'keep' };
    return {
      kind: 'untrusted',
      message: untrustedMessage('was set before 2020 when this client was captured'),
    };
  }
  const serverNowMs = current.deviceNowMs + current.skewMs;
  if (capture.monotonicEpoch === current.monotonicEpoch) {
    const trueCaptureMs = serverNowMs - (current.monotonicNowMs - capture.monotonicMs);
    const errorMs = trueCaptureMs - capture.deviceTimeMs;
    if (Math.abs(errorMs) <= thresholdMs && !obviouslyWrong) return { kind: 'keep' };
    return { kind: 'correct', registrationDateMs: registrationDateMs + errorMs, byMs: errorMs };
  }
  const inFuture = capture.deviceTimeMs > serverNowMs + thresholdMs;
  if (Math.abs(current.skewMs) > thresholdMs || obviouslyWrong || inFuture) {
    const problem = obviouslyWrong
      ? 'was set before 2020 when this client was captured'
      : inFuture
        ? 'was ahead of Booster when this client was captured'
        : `is off by ${describeDuration(current.skewMs)}`;
    return { kind: 'untrusted', message: untrustedMessage(problem) };
  }
  return { kind: 'keep' };
}

export function describeDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

function untrustedMessage(problem: string): string {
  return `This laptop's clock ${problem}, so the time the client was registered cannot be trusted. Check the registration date, then send the client again.`;
}
