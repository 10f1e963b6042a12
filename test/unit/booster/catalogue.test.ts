import { describe, expect, it } from 'vitest';
import {
  CatalogueError,
  catalogueSchema,
  createCustomerSchema,
  defaultCatalogue,
  mergeCatalogue,
} from '../../../shared/booster';

describe('defaultCatalogue', () => {
  it("holds the seed's examples", () => {
    const codes = (key: keyof typeof defaultCatalogue) => defaultCatalogue[key].map((item) => item.code);
    expect(codes('titles')).toEqual(expect.arrayContaining(['Mr & Mrs', 'Mr.', 'Mrs.', 'Sama', 'Captain']));
    expect(codes('genders')).toEqual(expect.arrayContaining(['M', 'F']));
    expect(codes('clientTypes')).toEqual(['PRIVATE', 'COMPANY']);
    expect(codes('brands')).toEqual(expect.arrayContaining(['CAR', 'MTB']));
    expect(codes('posCodes')).toContain('ES100:102048');
    expect(codes('addressTypes')).toEqual(expect.arrayContaining(['Home', 'Office', 'Shipping']));
    expect(codes('phoneTypes')).toEqual(
      expect.arrayContaining(['Home', 'Mobile', 'Work', 'Other', 'Secondary Address']),
    );
    expect(codes('eventTypes')).toEqual(
      expect.arrayContaining(['Birthday', 'Wedding', 'Anniversary', 'Barmitza', 'Other']),
    );
    expect(codes('preferredContactMethods')).toEqual(
      expect.arrayContaining(['Fax', 'Tel', 'EMail', 'Mail', 'Survey']),
    );
    expect(codes('interests')).toContain('CA-1');
    expect(codes('hobbies')).toContain('ART');
    expect(codes('productCollections')).toContain('CA-1');
  });

  it('is a valid catalogue file itself, and every product collection has the translation Booster requires', () => {
    expect(catalogueSchema.safeParse(defaultCatalogue).success).toBe(true);
    expect(defaultCatalogue.productCollections.every((item) => item.translation)).toBe(true);
  });

  it('every default value passes the schema where it is used', () => {
    for (const brand of defaultCatalogue.brands) {
      const record = createCustomerSchema.safeParse({
        privacyPolicyAcceptanceStorage: true,
        canBeContactedByMaison: true,
        clientType: 'COMPANY',
        companyName: 'Acme',
        countryId: 'it',
        posCode: defaultCatalogue.posCodes[0]?.code,
        brand: brand.code,
      });
      expect(record.success).toBe(true);
    }
  });
});

describe('mergeCatalogue', () => {
  it('replaces the lists a file gives and keeps the others', () => {
    const merged = mergeCatalogue(defaultCatalogue, {
      brands: [{ code: 'PIA', label: 'Piaget' }],
      titles: [{ code: 'Dott.', label: 'Dottore', translation: 'Doctor' }],
    });
    expect(merged.brands).toEqual([{ code: 'PIA', label: 'Piaget' }]);
    expect(merged.titles).toEqual([{ code: 'Dott.', label: 'Dottore', translation: 'Doctor' }]);
    expect(merged.genders).toEqual(defaultCatalogue.genders);
    expect(defaultCatalogue.brands.length).toBeGreaterThan(1); // the base is not changed
  });

  it('accepts an empty file', () => {
    expect(mergeCatalogue(defaultCatalogue, {})).toEqual(defaultCatalogue);
  });

  it('trims codes and labels', () => {
    expect(
      mergeCatalogue(defaultCatalogue, { hobbies: [{ code: ' GLF ', label: ' Golf ' }] }).hobbies,
    ).toEqual([{ code: 'GLF', label: 'Golf' }]);
  });

  it.each([
    [{ brands: [{ code: 'CAR' }] }, 'brands.0.label'],
    [{ brands: [{ code: '  ', label: 'x' }] }, 'brands.0.code'],
    [{ titles: 'Mr.' }, 'titles'],
    [
      {
        hobbies: [
          { code: 'ART', label: 'Art' },
          { code: 'ART', label: 'Arts' },
        ],
      },
      'hobbies.1.code',
    ],
    [{ brand: [] }, '(file)'],
    [{ brands: [{ code: 'CAR', label: 'Cartier', colour: 'red' }] }, 'brands.0'],
    ['not an object', '(file)'],
    // A picker must never offer a value the contract refuses.
    [{ brands: [{ code: 'TIMEVALLEE', label: 'TimeVallée' }] }, 'brands.0.code'],
    [{ posCodes: [{ code: 'ES100', label: 'Madrid' }] }, 'posCodes.0.code'],
    // Codes and labels fill fields with a length limit and no control characters (issue 7).
    [{ titles: [{ code: 'T'.repeat(51), label: 'Long' }] }, 'titles.0.code'],
    [{ interests: [{ code: 'CA-9', label: 'x'.repeat(101) }] }, 'interests.0.label'],
    [{ hobbies: [{ code: 'ART', label: 'Art', translation: 'Ar\nte' }] }, 'hobbies.0.translation'],
    [{ genders: [{ code: 'M\u0000', label: 'Male' }] }, 'genders.0.code'],
  ])('refuses %j, naming %s', (override, path) => {
    expect(() => mergeCatalogue(defaultCatalogue, override)).toThrow(CatalogueError);
    expect(() => mergeCatalogue(defaultCatalogue, override)).toThrow(`${path}:`);
  });

  it('its error carries a code', () => {
    try {
      mergeCatalogue(defaultCatalogue, { titles: 3 });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'CatalogueError', code: 'invalidCatalogue' });
    }
  });
});
