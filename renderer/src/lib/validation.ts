// Validation is the contract's own schema: the form shows exactly what main and Booster would refuse.
import { createCustomerSchema, issuesFromZodError } from '../../../shared/booster';
import type { BuiltRecord } from './draftData';
import type { FieldIssue } from './db';

/** The first problem of each field, keyed by the form's path ('emails.0.email'). */
export function validateBuilt(built: BuiltRecord): Map<string, FieldIssue> {
  const result = createCustomerSchema.safeParse(built.record);
  const byPath = new Map<string, FieldIssue>();
  if (result.success) return byPath;
  for (const issue of issuesFromZodError(result.error)) {
    const path = built.toFormPath(issue.path);
    if (!byPath.has(path)) byPath.set(path, { ...issue, path });
  }
  return byPath;
}
