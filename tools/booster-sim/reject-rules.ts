// Business rejections beyond the schema, so that an end-to-end test can send a record our app accepts and
// Booster refuses. A rule names our camelCase path ('emails.0.email', or 'emails.*.email' for every item)
// and a regex; each string value there that matches is answered as a FluentValidation field error.
import { pathToBoosterFieldName } from '../../shared/booster';
import type { RejectRule } from './config';
import type { FieldError } from './exchange';

export function applyRejectRules(body: unknown, rules: readonly RejectRule[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of rules) {
    const pattern = new RegExp(rule.matches, 'i');
    for (const { path, value } of valuesAt(body, parsePath(rule.field))) {
      if (typeof value !== 'string' || !pattern.test(value)) continue;
      const fieldName = pathToBoosterFieldName(path.join('.'));
      errors.push({
        errorCode: rule.errorCode ?? 'Predicate',
        fieldName,
        message: rule.message ?? `The specified condition was not met for '${displayName(path)}'.`,
      });
    }
  }
  return errors;
}

/** 'emails.0.email' and 'emails[0].email' both give ['emails', 0, 'email']. */
export function parsePath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

// Expands '*' over array items (or object keys); property names match case-insensitively, as ServiceStack binds.
function valuesAt(
  root: unknown,
  path: readonly (string | number)[],
): { path: (string | number)[]; value: unknown }[] {
  let found: { path: (string | number)[]; value: unknown }[] = [{ path: [], value: root }];
  for (const segment of path) {
    const next: typeof found = [];
    for (const { path: at, value } of found) {
      if (segment === '*') {
        if (Array.isArray(value))
          value.forEach((item, index) => next.push({ path: [...at, index], value: item }));
        else if (isObject(value))
          for (const [key, item] of Object.entries(value)) next.push({ path: [...at, key], value: item });
      } else if (typeof segment === 'number') {
        if (Array.isArray(value) && segment < value.length)
          next.push({ path: [...at, segment], value: value[segment] });
      } else if (isObject(value)) {
        const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === segment.toLowerCase());
        if (key !== undefined) next.push({ path: [...at, key], value: value[key] });
      }
    }
    found = next;
  }
  return found;
}

// FluentValidation's display name: the last property, split into words ('ContactBySMSFlag' -> 'Contact By SMS Flag').
function displayName(path: readonly (string | number)[]): string {
  const last = [...path].reverse().find((segment): segment is string => typeof segment === 'string') ?? '';
  return capitalize(last)
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
