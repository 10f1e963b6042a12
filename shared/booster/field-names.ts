// Booster's field names (C# property names, PascalCase: 'LastName', 'Emails[0].Email') and our dotted paths
// ('lastName', 'emails.0.email'). The known fields come from the schema shapes.
import type { z } from 'zod';
import { fieldMeta, type FieldMeta } from './fields';
import { customerObject } from './schema';

type Shape = z.ZodObject['shape'];
type KnownField = { key: string; meta: FieldMeta | undefined };

const lookups = new WeakMap<Shape, Map<string, KnownField>>();

function fieldsByLowerName(shape: Shape): Map<string, KnownField> {
  let lookup = lookups.get(shape);
  if (!lookup) {
    lookup = new Map(
      Object.entries(shape).map(([key, schema]) => [key.toLowerCase(), { key, meta: fieldMeta.get(schema) }]),
    );
    lookups.set(shape, lookup);
  }
  return lookup;
}

const SEGMENT = /^([^[\]]*)((?:\[\d+\])*)$/;

/** 'LastName' -> 'lastName', 'Emails[0].Email' -> 'emails.0.email'; unknown names are camelCased. */
export function boosterFieldNameToPath(fieldName: string): string {
  const parts: string[] = [];
  let shape: Shape | undefined = customerObject.shape;
  for (const segment of fieldName.trim().split('.')) {
    if (segment === '') continue;
    const match = SEGMENT.exec(segment);
    const name = match?.[1] ?? segment;
    const known: KnownField | undefined = shape
      ? fieldsByLowerName(shape).get(name.toLowerCase())
      : undefined;
    if (name !== '') parts.push(known?.key ?? name.charAt(0).toLowerCase() + name.slice(1));
    for (const index of (match?.[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(index[1] ?? '0');
    shape = known?.meta?.kind === 'list' ? known.meta.item?.shape : undefined;
  }
  return parts.join('.');
}

/** 'emails.0.email' -> 'Emails[0].Email', 'contactBySMSFlag' -> 'ContactBySMSFlag', '' -> ''. */
export function pathToBoosterFieldName(path: string): string {
  let name = '';
  for (const part of path.split('.')) {
    if (part === '') continue;
    if (/^\d+$/.test(part)) name += `[${part}]`;
    else name += (name === '' ? '' : '.') + part.charAt(0).toUpperCase() + part.slice(1);
  }
  return name;
}

/** The metadata of the field at a dotted path ('phones.1.isMainPhone'), if it is a known field. */
export function fieldMetaAt(path: string): FieldMeta | undefined {
  let shape: Shape | undefined = customerObject.shape;
  let meta: FieldMeta | undefined;
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part)) continue;
    const schema = shape?.[part];
    if (!schema) return undefined;
    meta = fieldMeta.get(schema);
    shape = meta?.kind === 'list' ? meta.item?.shape : undefined;
  }
  return meta;
}
