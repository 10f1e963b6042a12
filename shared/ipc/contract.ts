// Building blocks of the typed IPC contract. Each domain file (outbox.ts, sync.ts, auth.ts) declares its
// channels with these helpers. Main validates every request and its own answers (ipc-dispatch.ts); the bridge
// a host hands the page validates every answer and push once more (create-bridge.ts); the page trusts it.
import { z } from 'zod';
import { fieldIssueSchema } from '../booster/field-issue';

export { fieldIssueSchema, type FieldIssue } from '../booster/field-issue';

export const ipcErrorSchema = z.object({
  /** Stable, machine-readable: e.g. 'invalidRecord', 'notFound', 'signInFailed', 'internal', or one of
   *  transportErrorCodes. */
  code: z.string().min(1),
  /** What happened and what to do, for a person. */
  message: z.string(),
  fields: z.array(fieldIssueSchema).optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** The crossing itself failed, whichever host carries it: main (or the web host) could not be reached, or it
 *  answered outside the contract. The bridge answers these (create-bridge.ts); the UI translates them. */
export const transportErrorCodes = {
  unreachable: 'mainUnreachable',
  invalidResponse: 'invalidResponse',
} as const;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ipcResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ipcErrorSchema }),
  ]);
}

/** A request/response channel: `domain:verb`. */
export interface InvokeChannel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'invoke';
  readonly channel: string;
  readonly request: Req;
  readonly response: Res;
}

/** A push from main to the renderer. */
export interface EventChannel<Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly channel: string;
  readonly payload: Payload;
}

export function invokeChannel<Req extends z.ZodType, Res extends z.ZodType>(
  channel: string,
  request: Req,
  response: Res,
): InvokeChannel<Req, Res> {
  return { kind: 'invoke', channel, request, response };
}

export function eventChannel<Payload extends z.ZodType>(
  channel: string,
  payload: Payload,
): EventChannel<Payload> {
  return { kind: 'event', channel, payload };
}

/** Requests with no parameters are `z.undefined()`: callers may omit the argument. */
export const noRequest = z.undefined();

export type InvokeDomain = Record<string, InvokeChannel>;

type CallArgs<Req extends z.ZodType> =
  undefined extends z.input<Req> ? [request?: z.input<Req>] : [request: z.input<Req>];

/** What the renderer calls: every method resolves to an IpcResult, never throws for an expected failure. */
export type DomainClient<D extends InvokeDomain> = {
  [K in keyof D]: (...args: CallArgs<D[K]['request']>) => Promise<IpcResult<z.output<D[K]['response']>>>;
};

/** What main implements: plain async functions that get a validated request and may throw named errors. */
export type DomainHandlers<D extends InvokeDomain> = {
  [K in keyof D]: (request: z.output<D[K]['request']>) => Promise<z.input<D[K]['response']>>;
};
