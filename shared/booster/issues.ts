// zod issues -> FieldIssues. Our schemas write each message for a person (fields.ts, messages.ts); this only
// flattens the path and picks our issue code.
import type { z } from 'zod';
import type { FieldIssue, IssueCode } from './messages';

function codeOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const code: unknown = issue.params?.code;
    return typeof code === 'string' ? code : ('invalidValue' satisfies IssueCode);
  }
  if (issue.code === 'invalid_type') return 'invalidType' satisfies IssueCode;
  if (issue.code === 'too_big' && issue.origin === 'array') return 'tooManyItems' satisfies IssueCode;
  return 'invalidValue' satisfies IssueCode;
}

export function issuesFromZodError(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: codeOf(issue),
    message: issue.message,
  }));
}
