import { describe, expect, it } from 'vitest';
import {
  callingCodeFor,
  listCountries,
  listLanguages,
  normalizeCountryCode,
  normalizeLanguageCode,
} from '../../../shared/booster';

describe('countries', () => {
  it.each([
    ['it', 'it'],
    ['IT', 'it'],
    [' Gb ', 'gb'],
    ['az', 'az'],
    ['de', 'de'],
    ['cn', 'cn'],
  ])('normalizeCountryCode(%j) = %j', (input, expected) => {
    expect(normalizeCountryCode(input)).toBe(expected);
  });

  it.each(['xx', 'uk', 'ita', 'i', '', 'Italy'])('normalizeCountryCode(%j) is undefined', (input) => {
    expect(normalizeCountryCode(input)).toBeUndefined();
  });

  it('lists every ISO country once, named in the UI locale and sorted for it', () => {
    const french = listCountries('fr');
    expect(french.length).toBeGreaterThanOrEqual(249);
    expect(new Set(french.map((country) => country.code)).size).toBe(french.length);
    expect(french.find((country) => country.code === 'de')?.name).toBe('Allemagne');
    const names = french.map((country) => country.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
    expect(listCountries('de').find((country) => country.code === 'it')?.name).toBe('Italien');
    expect(listCountries('en').find((country) => country.code === 'gb')?.name).toBe('United Kingdom');
  });

  it('falls back to English for a locale it cannot use', () => {
    expect(listCountries('not a locale!').find((country) => country.code === 'fr')?.name).toBe('France');
  });

  it.each([
    ['it', '39'],
    ['IT', '39'],
    ['cn', '86'],
    ['kr', '82'],
    ['us', '1'],
    ['az', '994'],
  ])('callingCodeFor(%j) = %j', (country, code) => {
    expect(callingCodeFor(country)).toBe(code);
  });

  it('callingCodeFor an unknown or plan-less country is undefined', () => {
    expect(callingCodeFor('xx')).toBeUndefined();
    expect(callingCodeFor('aq')).toBeUndefined();
  });
});

describe('languages', () => {
  it.each([
    ['chi', 'chi'],
    ['ZHO', 'chi'],
    ['zho', 'chi'],
    ['deu', 'ger'],
    ['fra', 'fre'],
    ['nld', 'dut'],
    ['ita', 'ita'],
    ['ENG', 'eng'],
    ['aze', 'aze'],
    [' ger ', 'ger'],
  ])('normalizeLanguageCode(%j) = %j', (input, expected) => {
    expect(normalizeLanguageCode(input)).toBe(expected);
  });

  it.each(['it', 'zh', 'de', 'xyz', 'qaa', 'und', 'mul', 'zxx', 'italian', ''])(
    'normalizeLanguageCode(%j) is undefined',
    (input) => {
      expect(normalizeLanguageCode(input)).toBeUndefined();
    },
  );

  it('lists bibliographic codes named in the UI locale, sorted for it', () => {
    const italian = listLanguages('it');
    const codes = italian.map((language) => language.code);
    expect(codes).toEqual(expect.arrayContaining(['chi', 'ger', 'fre', 'ita', 'eng', 'aze']));
    expect(codes).not.toContain('zho');
    expect(codes).not.toContain('deu');
    expect(codes.every((code) => /^[a-z]{3}$/.test(code))).toBe(true);
    expect(italian.find((language) => language.code === 'ger')?.name).toBe('tedesco');
    expect(listLanguages('en').find((language) => language.code === 'chi')?.name).toBe('Chinese');
    const names = italian.map((language) => language.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('it').compare));
  });

  it('every listed language is accepted by normalizeLanguageCode', () => {
    for (const { code } of listLanguages('en')) expect(normalizeLanguageCode(code)).toBe(code);
  });
});
