// The one door from a transport (Electron IPC, the web host's HTTP) into the main-process handlers.
// Every request is validated against the contract before a handler sees it, every answer is validated
// before it leaves (a main-process bug must not hand malformed data to the page), and every thrown error
// becomes an IpcError through toIpcError — transports never see a thrown error.
import type { z } from 'zod';
import {
  fieldIssueSchema,
  ipcContract,
  type BoosterHandlers,
  type FieldIssue,
  type InvokeChannel,
  type IpcError,
  type IpcResult,
} from '../../../shared/ipc';
import {
  defaultRequestBudget,
  findBudgetExcess,
  requestBudgetFor,
  type BudgetExcess,
  type RequestBudget,
} from './ipc-request-budget';

export interface DispatchLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type IpcDispatcher = (channel: string, rawRequest: unknown) => Promise<IpcResult<unknown>>;

type UntypedHandler = (request: unknown) => Promise<unknown>;

interface Route {
  readonly definition: InvokeChannel;
  readonly handle: UntypedHandler;
}

const internalErrorMessage =
  'Something went wrong inside Booster Capture. Try again; if it keeps happening, restart the app.';

/** Codes we write are camelCase ('notFound', 'signInFailed'); Node's own ('ENOENT', 'ERR_…') are not ours to show. */
const ownErrorCode = /^[a-z][A-Za-z0-9]*$/;

const fieldIssuesSchema = fieldIssueSchema.array();

const silentLogger: DispatchLogger = { warn: () => undefined, error: () => undefined };

export function createIpcDispatcher(
  handlers: BoosterHandlers,
  options: { logger?: DispatchLogger; budget?: RequestBudget } = {},
): IpcDispatcher {
  const logger = options.logger ?? silentLogger;
  const budget = options.budget ?? defaultRequestBudget;
  const routes = buildRoutes(handlers);

  return async (channel, rawRequest) => {
    const route = typeof channel === 'string' ? routes.get(channel) : undefined;
    if (!route) {
      return failure({
        code: 'unknownChannel',
        message: `There is no IPC channel named "${clip(String(channel))}".`,
      });
    }

    // Before the schema: what would make validating it expensive is refused at a bounded cost.
    const excess = findBudgetExcess(rawRequest, requestBudgetFor(route.definition.channel, budget));
    if (excess) return failure(tooLargeRequestError(route.definition.channel, excess));

    const request = route.definition.request.safeParse(rawRequest);
    if (!request.success) {
      return failure(invalidRequestError(route.definition.channel, request.error.issues));
    }

    let answer: unknown;
    try {
      answer = await route.handle(request.data);
    } catch (error) {
      return failure(toIpcError(error, logger, route.definition.channel));
    }

    const response = route.definition.response.safeParse(answer);
    if (!response.success) {
      logger.error('IPC handler answered outside the contract', {
        channel: route.definition.channel,
        // Where and which rule, not zod's message: a message may quote the value that failed.
        issues: issuesToFields(response.error.issues).map((issue) => `${issue.path}: ${issue.code}`),
      });
      return failure({ code: 'internal', message: internalErrorMessage });
    }
    return { ok: true, value: response.data };
  };
}

/**
 * The one place a thrown error becomes what crosses IPC. Our named errors (camelCase `code`, a message for a
 * person, optional `fields`) pass through; anything else is a bug or an OS failure: logged, shown generically.
 */
export function toIpcError(error: unknown, logger: DispatchLogger, channel?: string): IpcError {
  if (isNamedError(error)) {
    const fields = fieldIssuesSchema.safeParse(error.fields);
    return {
      code: error.code,
      message: error.message,
      ...(fields.success && fields.data.length > 0 ? { fields: fields.data } : {}),
    };
  }
  // The error as thrown: the logger keeps its name, code and message, never its stack (absolute paths).
  logger.error('Unexpected error in an IPC handler', { channel, error });
  return { code: 'internal', message: internalErrorMessage };
}

function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((segment) => String(segment)).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

function invalidRequestError(channel: string, issues: readonly z.core.$ZodIssue[]): IpcError {
  const fields = issuesToFields(issues);
  const first = fields[0];
  const where = first && first.path !== '' ? first.path : 'the request';
  const more =
    fields.length > 1 ? ` (and ${fields.length - 1} more problem${fields.length > 2 ? 's' : ''})` : '';
  return {
    code: 'invalidRequest',
    message: `Invalid request for ${channel}: ${where}: ${first?.message ?? 'not accepted'}${more}.`,
    fields,
  };
}

function tooLargeRequestError(channel: string, excess: BudgetExcess): IpcError {
  const where = excess.path === '' ? 'the request' : excess.path;
  const message = `The request for ${channel} is too large: ${excess.exceeded} (reached at ${where}). Nothing was done.`;
  return { code: 'invalidRequest', message, fields: [{ path: excess.path, code: 'tooLarge', message }] };
}

function isNamedError(error: unknown): error is { code: string; message: string; fields?: unknown } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && ownErrorCode.test(code) && typeof message === 'string' && message !== '';
}

function buildRoutes(handlers: BoosterHandlers): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const [domainName, domain] of Object.entries(ipcContract)) {
    const domainHandlers = (handlers as unknown as Record<string, Record<string, unknown> | undefined>)[
      domainName
    ];
    for (const [verb, definition] of Object.entries(domain) as [string, InvokeChannel][]) {
      const handler = domainHandlers?.[verb];
      // Fail at start-up, not on the first click: a missing handler is a wiring bug.
      if (typeof handler !== 'function') throw new Error(`No handler for IPC channel ${definition.channel}`);
      routes.set(definition.channel, {
        definition,
        handle: (request) => Promise.resolve((handler as UntypedHandler).call(domainHandlers, request)),
      });
    }
  }
  return routes;
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
