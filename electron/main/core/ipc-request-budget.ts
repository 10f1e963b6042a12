// How much a single IPC request may hold before any schema looks at it. The contract's own limits (text
// lengths, list sizes in shared/booster) refuse a too long field with a message naming it; this budget only
// stops what would make validation itself expensive: a million keys, a million-item array in a field the
// schema does not expect, nesting deep enough to exhaust the stack, tens of megabytes of text. It is far above
// the largest valid request (a client record is under 100,000 characters and a few thousand values).
import { MAX_RESCUE_BASE64_CHARS, RESCUE_IMPORT_CHANNEL } from '../../../shared/ipc/operations';

export interface RequestBudget {
  /** Levels of arrays and objects inside one another. */
  maxDepth: number;
  /** Values of any kind (each array, object, string, number…), counted as the request is walked. */
  maxValues: number;
  /** Characters of text (UTF-16 code units) in all strings and object keys together. */
  maxTextLength: number;
}

export const defaultRequestBudget: RequestBudget = {
  maxDepth: 32,
  maxValues: 100_000,
  maxTextLength: 4 * 1024 * 1024,
};

/** The one channel whose valid requests are large: the rescue import carries a whole file as base64 (its
 *  schema bounds it at MAX_RESCUE_BASE64_CHARS); the budget leaves room for the passphrase and the keys. */
export const channelRequestBudgets: Readonly<Record<string, RequestBudget>> = {
  [RESCUE_IMPORT_CHANNEL]: {
    ...defaultRequestBudget,
    maxValues: 100,
    maxTextLength: MAX_RESCUE_BASE64_CHARS + 64 * 1024,
  },
};

/** The budget of a channel: its own where it has one, else `base`. */
export function requestBudgetFor(channel: string, base: RequestBudget = defaultRequestBudget): RequestBudget {
  return Object.hasOwn(channelRequestBudgets, channel) ? channelRequestBudgets[channel]! : base;
}

export interface BudgetExcess {
  /** Dotted path of the value at which the budget ran out ('' for the request itself). */
  path: string;
  /** What was exceeded, for a person: 'more than 100,000 values'. */
  exceeded: string;
}

const count = new Intl.NumberFormat('en-US');

type Pending = { value: object; path: string[]; depth: number };

/**
 * Walks the request iteratively and stops at the first value over budget, so that the cost is bounded by the
 * budget, not by the size of what was sent.
 */
export function findBudgetExcess(
  request: unknown,
  budget: RequestBudget = defaultRequestBudget,
): BudgetExcess | undefined {
  const pending: Pending[] = [];
  let values = 0;
  let textLength = 0;
  const excess = (path: string[], exceeded: string): BudgetExcess => ({ path: path.join('.'), exceeded });

  const add = (value: unknown, path: string[], depth: number, key?: string): BudgetExcess | undefined => {
    values += 1;
    if (values > budget.maxValues) return excess(path, `more than ${count.format(budget.maxValues)} values`);
    textLength += (key?.length ?? 0) + (typeof value === 'string' ? value.length : 0);
    if (textLength > budget.maxTextLength)
      return excess(path, `more than ${count.format(budget.maxTextLength)} characters of text`);
    if (typeof value === 'object' && value !== null) {
      if (depth > budget.maxDepth)
        return excess(path, `more than ${count.format(budget.maxDepth)} levels of nesting`);
      pending.push({ value, path, depth });
    }
    return undefined;
  };

  const atRoot = add(request, [], 0);
  if (atRoot) return atRoot;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop() as Pending;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const found = add(value[index], [...path, String(index)], depth + 1);
        if (found) return found;
      }
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const found = add((value as Record<string, unknown>)[key], [...path, key], depth + 1, key);
        if (found) return found;
      }
    }
  }
  return undefined;
}
