// One validation problem, the one shape that our schemas, Booster's answers, the outbox, IPC errors and the
// form all carry.
import { z } from 'zod';

/** `path` is dotted ('emails.0.email'); '' means the whole record. */
export const fieldIssueSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;
