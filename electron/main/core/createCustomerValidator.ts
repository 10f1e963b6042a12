// The outbox checks every record against the CreateCustomer contract (the renderer is not trusted).
import { createCustomerSchema, issuesFromZodError } from '../../../shared/booster';
import type { RecordValidator } from './outbox/outbox';

export const validateCreateCustomer: RecordValidator = (raw) => {
  const parsed = createCustomerSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, record: parsed.data as Record<string, unknown> }
    : { ok: false, issues: issuesFromZodError(parsed.error) };
};
