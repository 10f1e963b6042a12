// Properties of a client record that the contract does not know. zod strips them without a word, so a
// misspelt `lastname` or `note` would silently never reach Booster; callers warn a person with these paths.
// Derived from the schema shapes (the record object and each list's item object), never a second field list.
import type { z } from 'zod';
import { fieldMeta } from './fields';
import { customerObject } from './schema';

export interface UnknownField {
  /** Where it is in the record: `lastname`, `emails[0].mail`. */
  path: string;
  /** The known property it most likely meant, when one is close enough. */
  suggestion?: string;
}

/** Known properties that the caller handles itself (e.g. the outbox's `captureId`) may be listed in `ignore`. */
export function unknownFieldPaths(
  record: unknown,
  options: { ignore?: readonly string[] } = {},
): UnknownField[] {
  if (!isPlainObject(record)) return [];
  const found: UnknownField[] = [];
  const shape = customerObject.shape as Record<string, z.core.$ZodType>;
  for (const [key, value] of Object.entries(record)) {
    if (options.ignore?.includes(key)) continue;
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) {
      found.push(unknownField(key, key, Object.keys(shape)));
      continue;
    }
    const item = fieldMeta.get(field)?.item;
    if (!item || !Array.isArray(value)) continue;
    const itemKeys = Object.keys(item.shape);
    value.forEach((element, index) => {
      if (!isPlainObject(element)) return;
      for (const itemKey of Object.keys(element)) {
        if (!Object.hasOwn(item.shape, itemKey))
          found.push(unknownField(`${key}[${index}].${itemKey}`, itemKey, itemKeys));
      }
    });
  }
  return found;
}

/** The sentence a person reads for one unknown field. */
export function unknownFieldMessage(field: UnknownField): string {
  const name = field.path.slice(field.path.lastIndexOf('.') + 1);
  const hint = field.suggestion ? ` (did you mean '${field.suggestion}'?)` : '';
  return `Unknown field '${name}'${hint}: it would never reach Booster.`;
}

function unknownField(path: string, key: string, known: string[]): UnknownField {
  const suggestion = closestKey(key, known);
  return suggestion ? { path, suggestion } : { path };
}

/** Same spelling in another case, or a few typing mistakes away (at most a third of the word). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
