// The simulator and our contract agree: everything our encoder sends for a valid record is accepted over HTTP,
// and every targeted corruption is refused with a field error at the path the contract expects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boosterFieldNameToPath, createCustomerSchema, encodeCreateCustomer } from '../../../shared/booster';
import { invalidRecordArb, validRecordArb } from '../../support/arbitraries';
import { postCustomer, startTestBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every string or boolean leaf of a wire body, with its dotted path. */
function leaves(value: Json, path: string[] = []): { path: string[]; value: string | boolean }[] {
  if (typeof value === 'string' || typeof value === 'boolean') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...path, String(index)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  }
  return [];
}

function withValueAt(root: Json, path: string[], replacement: Json): Json {
  const copy = structuredClone(root);
  let target = copy as Record<string, Json>;
  for (const segment of path.slice(0, -1)) target = target[segment] as Record<string, Json>;
  target[path.at(-1)!] = replacement;
  return copy;
}

// Values of the wrong JSON type for a leaf: ServiceStack would silently default them, the simulator refuses them.
const wrongTypeFor = (value: string | boolean): fc.Arbitrary<Json> =>
  typeof value === 'boolean'
    ? fc.constantFrom<Json>('true', 'false', 1, 0, [true], { value: true })
    : fc.constantFrom<Json>(42, true, false, ['text'], { text: 'x' });

/** An encoded valid record with one leaf replaced by a value of the wrong JSON type. */
const wrongTypeWireArb = validRecordArb
  .map((input) => encodeCreateCustomer(createCustomerSchema.parse(input)) as unknown as Json)
  .chain((wire) => {
    const candidates = leaves(wire);
    return fc.constantFrom(...candidates).chain((leaf) =>
      wrongTypeFor(leaf.value).map((replacement) => ({
        wire: withValueAt(wire, leaf.path, replacement),
        expectedPath: leaf.path.join('.'),
        replacement,
      })),
    );
  });

interface ErrorBody {
  responseStatus?: {
    errorCode: string;
    errors?: { errorCode: string; fieldName: string; message: string }[];
  };
}

describe('simulator against the CreateCustomer contract (property)', () => {
  let sim: BoosterSimulator;
  beforeAll(async () => {
    sim = await startTestBoosterSimulator({ seed: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('accepts every encoded valid record and stores exactly the body sent', async () => {
    await fc.assert(
      fc.asyncProperty(validRecordArb, async (input) => {
        const wire = encodeCreateCustomer(createCustomerSchema.parse(input));
        const response = await postCustomer(sim, wire);
        const text = await response.text();
        expect(response.status, text).toBe(200);
        const { boosterCustomerId } = JSON.parse(text) as { boosterCustomerId: number };
        expect(boosterCustomerId).toBeGreaterThan(0);
        expect(sim.customers().at(-1)).toMatchObject({ boosterCustomerId, body: wire });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses every corrupted record with 400 and a fieldName that maps to the corrupted path', async () => {
    const before = sim.customers().length;
    await fc.assert(
      fc.asyncProperty(invalidRecordArb, async ({ input, expectedPath, corruption }) => {
        const response = await postCustomer(sim, input);
        const body = (await response.json()) as ErrorBody;
        expect(response.status, corruption).toBe(400);
        const errors = body.responseStatus?.errors ?? [];
        const paths = errors.map((error) => boosterFieldNameToPath(error.fieldName));
        expect(paths, `${corruption}: ${JSON.stringify(errors)}`).toContain(expectedPath);
        expect(body.responseStatus?.errorCode).toBe(errors[0]?.errorCode);
      }),
      { numRuns: 150 },
    );
    expect(sim.customers()).toHaveLength(before);
  });

  it('refuses an encoded record with any one value of the wrong JSON type, at that field', async () => {
    const before = sim.customers().length;
    await fc.assert(
      fc.asyncProperty(wrongTypeWireArb, async ({ wire, expectedPath, replacement }) => {
        const response = await postCustomer(sim, wire);
        const body = (await response.json()) as ErrorBody;
        const label = `${expectedPath} = ${JSON.stringify(replacement)}`;
        expect(response.status, label).toBe(400);
        const paths = (body.responseStatus?.errors ?? []).map((error) =>
          boosterFieldNameToPath(error.fieldName),
        );
        expect(paths, label).toContain(expectedPath);
      }),
      { numRuns: 150 },
    );
    expect(sim.customers()).toHaveLength(before);
  });
});
