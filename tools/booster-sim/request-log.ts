// A log of every Booster-facing request (the /_sim control routes are not logged), so that tests in any
// process can see what the client sent and what it got back without timing anything themselves.
import type { FaultName, RouteKind } from './config';

export type RequestOutcome =
  | 'pending'
  | 'created'
  | 'replayed'
  | 'rejected'
  | 'unauthorized'
  | 'token-expired'
  | 'signed-in'
  | 'refreshed'
  | 'reset'
  | 'lost'
  | 'server-error'
  | 'forbidden'
  | 'unavailable'
  | 'rate-limited'
  | 'aborted'
  | 'ok'
  | 'not-found'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'too-large'
  // Proxy and captive-portal behaviours (faults), not Booster's:
  | 'redirected'
  | 'not-booster'
  | 'slow-body';

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  route: RouteKind | null;
  /** null when no response was sent (reset, lost, aborted). */
  status: number | null;
  outcome: RequestOutcome;
  idempotencyKey: string | null;
  boosterCustomerId: number | null;
  /** errorCode of the ResponseStatus answered, if any. */
  errorCode: string | null;
  fault: FaultName | null;
  latencyMs: number;
  /** From the simulator's clock (`now` option). */
  receivedAt: string;
  respondedAt: string | null;
  /** Measured on a monotonic clock: never below latencyMs, whatever `now` says. */
  durationMs: number | null;
}

const maxEntries = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  start(
    fields: Pick<RequestLogEntry, 'method' | 'path' | 'route' | 'idempotencyKey' | 'receivedAt'>,
  ): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      status: null,
      outcome: 'pending',
      boosterCustomerId: null,
      errorCode: null,
      fault: null,
      latencyMs: 0,
      respondedAt: null,
      durationMs: null,
      ...fields,
    };
    this.entries.push(entry);
    // A long-running simulator keeps the recent history only.
    if (this.entries.length > maxEntries) this.entries.splice(0, this.entries.length - maxEntries);
    return entry;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
