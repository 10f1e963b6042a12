// One id per form path, so the error summary, aria-describedby and focus all agree.
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}

export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

/** 'emails.0.email' -> 'email': the key of the field's label. */
export function fieldKeyOf(path: string): string {
  const segments = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  return segments[segments.length - 1] ?? path;
}

/** 'emails.0.email' -> 1 (one-based, as people count), or undefined for a top-level field. */
export function itemNumberOf(path: string): number | undefined {
  const index = path.split('.').find((segment) => /^\d+$/.test(segment));
  return index === undefined ? undefined : Number(index) + 1;
}
