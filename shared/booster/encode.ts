// The exact JSON body to POST: camelCase names in the seed's order, strings trimmed, absent or empty values
// omitted (never null), booleans as JSON booleans, empty lists omitted. Walks the schema shapes, so a field
// added to the schema is sent without touching this file.
import type { z } from 'zod';
import { fieldMeta } from './fields';
import { isObject } from './items';
import { customerObject, type CreateCustomerRecord } from './schema';

/** The JSON Booster receives. Same shape as the parsed record, which holds only JSON values. */
export type WireCreateCustomer = CreateCustomerRecord;

type JsonObject = Record<string, unknown>;

function encodeObject(shape: z.ZodObject['shape'], value: JsonObject): JsonObject {
  const wire: JsonObject = {};
  for (const [key, schema] of Object.entries(shape)) {
    const meta = fieldMeta.get(schema);
    const field = value[key];
    if (meta?.kind === 'list') {
      const itemShape = meta.item?.shape;
      if (Array.isArray(field) && field.length > 0 && itemShape) {
        wire[key] = field.map((item: unknown) => encodeObject(itemShape, isObject(item) ? item : {}));
      }
    } else if (typeof field === 'string') {
      const trimmed = field.trim();
      if (trimmed !== '') wire[key] = trimmed;
    } else if (typeof field === 'boolean') {
      wire[key] = field;
    } else if (field === undefined && meta?.alwaysSent) {
      wire[key] = false;
    }
  }
  return wire;
}

export function encodeCreateCustomer(record: CreateCustomerRecord): WireCreateCustomer {
  return encodeObject(customerObject.shape, record) as WireCreateCustomer;
}
