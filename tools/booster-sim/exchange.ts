// One request and its response, with the ServiceStack-shaped replies every route uses. Each reply also
// fills in the request's log entry, so the log always says what the client actually got.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RouteKind } from './config';
import type { RequestLogEntry, RequestOutcome } from './request-log';
import type { SimulatorState } from './simulator-state';

export interface FieldError {
  errorCode: string;
  fieldName: string;
  message: string;
}

export interface ResponseStatus {
  errorCode: string;
  message: string;
  errors?: FieldError[];
}

/** The first value of a header, trimmed; null when absent or blank. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || null;
}

const jsonType = 'application/json; charset=utf-8';
const maxBodyBytes = 1024 * 1024;

export class Exchange {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly state: SimulatorState,
    /** null for control routes, which are not logged. */
    readonly entry: RequestLogEntry | null,
  ) {}

  header(name: string): string | null {
    return headerValue(this.req.headers, name);
  }

  /** The serverError fault, if it strikes now: a 500 ResponseStatus, before anything is changed. */
  answeredServerFault(route: RouteKind): boolean {
    if (!this.state.takeFault('authorized', route)) return false;
    if (this.entry) this.entry.fault = 'serverError';
    this.responseStatus(
      500,
      { errorCode: 'InvalidOperationException', message: 'Simulated server fault: nothing was changed' },
      'server-error',
    );
    return true;
  }

  /**
   * The forbidden fault, if it strikes now: call it once the credential is verified and before anything is
   * changed. A 403 with a plain-text body, as ServiceStack hosts answer a valid but unauthorised credential.
   */
  answeredForbidden(route: RouteKind): boolean {
    if (!this.state.takeFault('authenticated', route)) return false;
    if (this.entry) this.entry.fault = 'forbidden';
    this.text(403, 'Forbidden', 'forbidden');
    return true;
  }

  /** The lostResponse fault, if it strikes now: the work is done, then the connection closes unanswered. */
  lostResponse(route: RouteKind): boolean {
    if (!this.state.takeFault('processed', route)) return false;
    if (this.entry) this.entry.fault = 'lostResponse';
    this.destroy('lost');
    return true;
  }

  json(status: number, body: unknown, outcome: RequestOutcome, headers: OutgoingHttpHeaders = {}): void {
    this.send(status, outcome, { 'Content-Type': jsonType, ...headers }, JSON.stringify(body));
  }

  /** `{"responseStatus": {...}}`, as ServiceStack answers an error. */
  responseStatus(
    status: number,
    responseStatus: ResponseStatus,
    outcome: RequestOutcome,
    headers: OutgoingHttpHeaders = {},
  ): void {
    if (this.entry) this.entry.errorCode = responseStatus.errorCode;
    this.json(status, { responseStatus }, outcome, headers);
  }

  /** 400 with field errors; the top-level code and message repeat the first one. */
  validationErrors(errors: FieldError[]): void {
    const first = errors[0] ?? { errorCode: 'ValidationException', message: 'Validation failed' };
    this.responseStatus(400, { errorCode: first.errorCode, message: first.message, errors }, 'rejected');
  }

  text(status: number, body: string, outcome: RequestOutcome, headers: OutgoingHttpHeaders = {}): void {
    this.send(status, outcome, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body);
  }

  html(status: number, body: string, outcome: RequestOutcome): void {
    this.send(status, outcome, { 'Content-Type': 'text/html; charset=utf-8' }, body);
  }

  /** A proxy's or portal's redirect (never Booster's own answer): a short HTML body, as such hosts send. */
  redirect(status: number, location: string): void {
    this.send(
      status,
      'redirected',
      { Location: location, 'Content-Type': 'text/html; charset=utf-8' },
      '<html><body>Moved</body></html>',
    );
  }

  /** Missing or wrong credential: an empty body and a challenge, as ServiceStack's [Authenticate] answers. */
  unauthorizedEmpty(): void {
    this.send(401, 'unauthorized', { 'WWW-Authenticate': 'credentials realm="/auth/credentials"' }, '');
  }

  /** Ends the connection without a response (connection reset or response lost). */
  destroy(outcome: RequestOutcome): void {
    if (this.entry) this.entry.outcome = outcome;
    this.req.socket.destroy();
  }

  get clientGone(): boolean {
    return this.req.socket.destroyed;
  }

  /** Reads the body; answers 413 itself (and returns null) when it is too large. */
  async readBody(): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    }
    if (size > maxBodyBytes) {
      this.responseStatus(
        413,
        { errorCode: 'RequestTooLarge', message: 'Request body is larger than 1 MB' },
        'too-large',
      );
      return null;
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Reads a JSON object body as ServiceStack binds a request DTO: an empty body is an empty DTO, a body
   * that is not JSON is a SerializationException. Answers the error itself and returns null.
   */
  async readJsonObject(dtoName: string): Promise<Record<string, unknown> | null> {
    const contentType = this.header('content-type') ?? '';
    const text = await this.readBody();
    if (text === null) return null;
    if (text.trim() === '') return {};
    if (contentType !== '' && !/[/+]json\b/i.test(contentType)) {
      this.responseStatus(
        415,
        {
          errorCode: 'NotSupportedException',
          message: `Content-Type '${contentType}' is not supported: send application/json`,
        },
        'unsupported-media-type',
      );
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.serializationError(dtoName, error instanceof Error ? error.message : String(error));
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.serializationError(dtoName, 'the body is not a JSON object');
      return null;
    }
    return parsed as Record<string, unknown>;
  }

  private serializationError(dtoName: string, reason: string): void {
    this.responseStatus(
      400,
      {
        errorCode: 'SerializationException',
        message: `Could not deserialize 'application/json' request using ${dtoName}'\nError: ${reason}`,
      },
      'rejected',
    );
  }

  private send(status: number, outcome: RequestOutcome, headers: OutgoingHttpHeaders, body: string): void {
    const deliverable = !this.res.headersSent && !this.clientGone;
    if (this.entry) {
      this.entry.status = deliverable ? status : null;
      this.entry.outcome = outcome;
    }
    if (!deliverable) return;
    this.res.writeHead(status, {
      Date: this.state.httpDate(),
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    this.res.end(body);
  }
}
