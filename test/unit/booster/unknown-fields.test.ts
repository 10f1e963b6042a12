import { describe, expect, it } from 'vitest';
import { closestKey, unknownFieldMessage, unknownFieldPaths } from '../../../shared/booster/unknown-fields';
import { fullPrivateClientExample, minimalPrivateClientExample } from '../../support/arbitraries';

describe('unknownFieldPaths', () => {
  it('finds nothing in records that use only contract fields', () => {
    expect(unknownFieldPaths(minimalPrivateClientExample)).toEqual([]);
    expect(unknownFieldPaths(fullPrivateClientExample)).toEqual([]);
  });

  it('names misspelt top-level properties with the field they most likely meant', () => {
    expect(
      unknownFieldPaths({ ...minimalPrivateClientExample, lastname: 'Rossi', note: 'VIP', shoeSize: 41 }),
    ).toEqual([
      { path: 'lastname', suggestion: 'lastName' },
      { path: 'note', suggestion: 'notes' },
      { path: 'shoeSize' },
    ]);
  });

  it('looks inside the items of every list, with the index in the path', () => {
    expect(
      unknownFieldPaths({
        emails: [
          { email: 'a@example.com', isMainEmail: true },
          { mail: 'b@example.com', isMainEmail: false },
        ],
        phones: [{ phone: '1', countryPrefix: 'it', isMainPhone: true, extension: '12' }],
      }),
    ).toEqual([{ path: 'emails[1].mail', suggestion: 'email' }, { path: 'phones[0].extension' }]);
  });

  it('leaves shapes it cannot read to the schema, and skips ignored keys', () => {
    expect(unknownFieldPaths('nope')).toEqual([]);
    expect(unknownFieldPaths([1, 2])).toEqual([]);
    expect(unknownFieldPaths({ emails: 'not a list', phones: [null, 'x'] })).toEqual([]);
    expect(unknownFieldPaths({ captureId: 'x' }, { ignore: ['captureId'] })).toEqual([]);
    // Inherited names are not contract fields.
    expect(unknownFieldPaths(JSON.parse('{"constructor":1,"__proto__":{"x":1}}'))).toEqual([
      { path: 'constructor' },
      { path: '__proto__' },
    ]);
  });

  it('writes a message that says the data would be lost', () => {
    expect(unknownFieldMessage({ path: 'emails[0].mail', suggestion: 'email' })).toBe(
      "Unknown field 'mail' (did you mean 'email'?): it would never reach Booster.",
    );
    expect(unknownFieldMessage({ path: 'shoeSize' })).toBe(
      "Unknown field 'shoeSize': it would never reach Booster.",
    );
  });

  it('suggests only close spellings', () => {
    expect(closestKey('FIRSTNAME', ['firstName', 'lastName'])).toBe('firstName');
    expect(closestKey('frstName', ['firstName', 'lastName'])).toBe('firstName');
    expect(closestKey('zzz', ['firstName', 'lastName'])).toBeUndefined();
  });
});
