import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  encodeCreateCustomer,
  issuesFromZodError,
  pathToBoosterFieldName,
  validateWireCreateCustomer,
} from '../../../shared/booster';
import { corruptionNames, invalidRecordArb, validRecordArb } from '../../support/arbitraries';

describe('CreateCustomer properties', () => {
  it('every valid record parses, encodes, and the server view gives back the identical record', () => {
    fc.assert(
      fc.property(validRecordArb, (input) => {
        const record = createCustomerSchema.parse(input);
        const wire = encodeCreateCustomer(record);
        const sent: unknown = JSON.parse(JSON.stringify(wire));
        const received = validateWireCreateCustomer(sent);
        expect(received).toEqual({ ok: true, record });
        if (received.ok) expect(encodeCreateCustomer(received.record)).toStrictEqual(wire);
      }),
      { numRuns: 300 },
    );
  });

  it('the valid records cover the whole contract, sometimes with nearly every field at once', () => {
    const wires = fc
      .sample(validRecordArb, { numRuns: 300, seed: 42 })
      .map((input) => encodeCreateCustomer(createCustomerSchema.parse(input)));
    const sentKeys = new Set(wires.flatMap((wire) => Object.keys(wire)));
    expect(sentKeys.size).toBe(40);
    expect(Math.max(...wires.map((wire) => Object.keys(wire).length))).toBeGreaterThanOrEqual(36);
    const clientTypes = new Set(wires.map((wire) => wire.clientType));
    expect(clientTypes).toEqual(new Set(['PRIVATE', 'COMPANY']));
  });

  it('parsing is idempotent: a parsed record parses to itself', () => {
    fc.assert(
      fc.property(validRecordArb, (input) => {
        const record = createCustomerSchema.parse(input);
        expect(createCustomerSchema.parse(record)).toStrictEqual(record);
      }),
      { numRuns: 200 },
    );
  });

  it('the wire body holds only JSON strings, booleans, arrays and objects, never null or blank text', () => {
    const checkValue = (value: unknown): void => {
      if (Array.isArray(value)) {
        expect(value.length).toBeGreaterThan(0);
        value.forEach(checkValue);
      } else if (typeof value === 'object') {
        expect(value).not.toBeNull();
        Object.values(value as object).forEach(checkValue);
      } else if (typeof value === 'string') {
        expect(value).toBe(value.trim());
        expect(value).not.toBe('');
      } else {
        expect(typeof value).toBe('boolean');
      }
    };
    fc.assert(
      fc.property(validRecordArb, (input) =>
        checkValue(encodeCreateCustomer(createCustomerSchema.parse(input))),
      ),
      { numRuns: 200 },
    );
  });

  it('every corrupted record is refused with an issue at the corrupted path, in the app and on the wire', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(invalidRecordArb, ({ input, expectedPath, corruption }) => {
        seen.add(corruption);
        const result = createCustomerSchema.safeParse(input);
        expect(result.success).toBe(false);
        if (result.success) return;
        const issues = issuesFromZodError(result.error);
        expect(issues.map((issue) => issue.path)).toContain(expectedPath);
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(10);

        const wire = validateWireCreateCustomer(JSON.parse(JSON.stringify(input)));
        expect(wire.ok).toBe(false);
        if (!wire.ok)
          expect(wire.errors.map((error) => error.fieldName)).toContain(pathToBoosterFieldName(expectedPath));
      }),
      { numRuns: 1500 },
    );
    expect([...seen].sort()).toEqual([...corruptionNames].sort());
  });
});
