// What a person types into a picker, and what it picks: names in the UI language or in English, codes in any
// case, dialling codes, catalogue labels; and the hostile texts a box can receive.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dialDigitsOf,
  displayOf,
  filterOptions,
  foldForMatch,
  resolvePick,
  type PickResult,
} from '../../../renderer/src/lib/pickerMatch';
import {
  catalogueOptions,
  countryOptions,
  languageOptions,
  phoneCountryOptions,
  resolvePickerInput,
} from '../../../renderer/src/lib/pickerOptions';
import { defaultCatalogue } from '../../../shared/booster';

const pickedCode = (result: PickResult) => (result.kind === 'picked' ? result.option.value : result.kind);
const phonesFr = phoneCountryOptions('fr');
const phonesEn = phoneCountryOptions('en');
const interests = catalogueOptions(defaultCatalogue.interests);

describe('resolvePick', () => {
  it('takes a phone country by its name in the UI language, in English, or its code, in any case and accent', () => {
    for (const text of ['Italy', 'Italie', 'ITALIE', 'italie', ' italy ', 'IT', 'it', 'Italie +39'])
      expect(pickedCode(resolvePick(text, phonesFr)), text).toBe('it');
    expect(pickedCode(resolvePick('Etats-Unis', phonesFr))).toBe('us');
    expect(pickedCode(resolvePick('ÉTATS-UNIS', phonesFr))).toBe('us');
    // Full-width text from a Japanese keyboard is the same text.
    expect(pickedCode(resolvePick('ｉｔａｌｙ', phonesEn))).toBe('it');
  });

  it('takes a dialling code written +39, 0039 or 39', () => {
    for (const text of ['+39', '0039', '39', '+ 39', '＋３９'])
      expect(pickedCode(resolvePick(text, phonesFr)), text).toBe('it');
    expect(pickedCode(resolvePick('+33', phonesFr))).toBe('fr');
    expect(pickedCode(resolvePick('+81', phonesFr))).toBe('jp');
  });

  it('never picks one country for a dialling code several share as equals: it lists them', () => {
    const plusOne = resolvePick('+1', phonesEn);
    expect(plusOne.kind).toBe('ambiguous');
    const codes = plusOne.kind === 'ambiguous' ? plusOne.options.map((option) => option.value) : [];
    expect(codes).toEqual(expect.arrayContaining(['us', 'ca', 'jm']));
    expect(resolvePick('+44', phonesEn).kind).toBe('ambiguous');
    // The list shows every country of +1 first.
    const listed = filterOptions('+1', phonesEn, 50).options.slice(0, codes.length);
    expect(listed.map((option) => option.value).sort()).toEqual([...codes].sort());
  });

  it('takes a catalogue entry by its label, its code or the label shown in the list', () => {
    for (const text of ['Watches', 'watches', 'WATCHES', 'CA-2', 'ca-2', 'Watches (CA-2)'])
      expect(pickedCode(resolvePick(text, interests)), text).toBe('CA-2');
  });

  it('takes a language by its name in the UI language or in English, and by any of its codes', () => {
    const fr = languageOptions('fr');
    for (const text of ['français', 'Francais', 'French', 'fre', 'FRA', 'fr'])
      expect(pickedCode(resolvePick(text, fr)), text).toBe('fre');
    for (const text of ['chinois', 'Chinese', 'chi', 'zho', 'zh'])
      expect(pickedCode(resolvePick(text, fr)), text).toBe('chi');
    expect(pickedCode(resolvePick('Deutsch', languageOptions('de')))).toBe('ger');
  });

  it('takes a country by its name in the UI language or in English', () => {
    const countries = countryOptions('fr');
    for (const text of ['Italie', 'Italy', 'it', 'IT'])
      expect(pickedCode(resolvePick(text, countries))).toBe('it');
    expect(pickedCode(resolvePick('Allemagne', countries))).toBe('de');
    expect(pickedCode(resolvePick('Germany', countries))).toBe('de');
  });

  it('says a text that names nothing, and never takes a prefix as a choice', () => {
    expect(resolvePick('Ita', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('Wat', interests).kind).toBe('unmatched');
    expect(resolvePick('Italyy', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('+999', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('039', phonesFr).kind).toBe('unmatched');
    expect(resolvePickerInput('Ita', phonesFr)).toBeUndefined();
    expect(resolvePickerInput(' FR ', phonesFr)?.value).toBe('fr');
  });

  it('treats two catalogue entries with the same label as a choice to make', () => {
    const same = catalogueOptions([
      { code: 'A-1', label: 'Art' },
      { code: 'A-2', label: 'Art' },
    ]);
    const result = resolvePick('art', same);
    expect(result.kind).toBe('ambiguous');
    // A code still names one.
    expect(pickedCode(resolvePick('a-2', same))).toBe('A-2');
  });

  it('survives hostile input: empty, spaces, 10,000 characters, emoji, lone surrogates, control characters', () => {
    expect(resolvePick('', phonesFr).kind).toBe('empty');
    expect(resolvePick('   \t\n ', phonesFr).kind).toBe('empty');
    expect(resolvePick(' '.repeat(10_000), phonesFr).kind).toBe('empty');
    expect(resolvePick('Italy'.repeat(2_000), phonesFr).kind).toBe('unmatched');
    expect(resolvePick(`Italy${' '.repeat(10_000)}`, phonesFr).kind).toBe('unmatched');
    expect(resolvePick('🇮🇹', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('\uD83D', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('It\uDC00aly', phonesFr).kind).toBe('unmatched');
    expect(resolvePick('\u0000it', phonesFr).kind).toBe('unmatched');
    expect(filterOptions('x'.repeat(10_000), phonesFr)).toEqual({ options: [], total: 0 });
    expect(filterOptions('\uD83D', phonesFr).options).toEqual([]);
  });

  it('answers for any text without throwing, and a pick is always one of the options', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const result = resolvePick(text, phonesFr);
        if (result.kind === 'picked') expect(phonesFr).toContain(result.option);
        if (result.kind === 'ambiguous') expect(result.options.length).toBeGreaterThan(1);
        const filtered = filterOptions(text, phonesFr, 50);
        expect(filtered.options.length).toBeLessThanOrEqual(50);
        expect(filtered.total).toBeGreaterThanOrEqual(filtered.options.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('filterOptions', () => {
  it('lists everything for an empty box, bounded', () => {
    const all = filterOptions('', phonesFr, 50);
    expect(all.options).toHaveLength(50);
    expect(all.total).toBe(phonesFr.length);
  });

  it('puts whole matches first, then names that start with the text, then text inside a name', () => {
    const names = filterOptions('ital', phonesFr).options.map((option) => option.value);
    expect(names[0]).toBe('it');
    const inside = filterOptions('land', countryOptions('en')).options.map((option) => option.label);
    expect(inside).toContain('Finland');
    expect(inside.indexOf('Åland Islands')).toBeLessThan(inside.indexOf('Finland'));
  });

  it('finds a catalogue entry by a piece of its label or code', () => {
    expect(filterOptions('watch', interests).options.map((option) => option.value)).toEqual(['CA-2']);
    expect(filterOptions('ca-', interests).total).toBe(3);
  });
});

describe('helpers', () => {
  it('folds case, accents and spaces', () => {
    expect(foldForMatch('  Côte   d’Ivoire ')).toBe('cote d’ivoire');
    expect(foldForMatch('ÉTATS-UNIS')).toBe('etats-unis');
  });

  it('reads dialling codes only', () => {
    expect(dialDigitsOf('+39')).toBe('39');
    expect(dialDigitsOf('0039')).toBe('39');
    expect(dialDigitsOf('(+1)')).toBe('1');
    expect(dialDigitsOf('it')).toBeUndefined();
    expect(dialDigitsOf('+')).toBeUndefined();
    expect(dialDigitsOf('+12345')).toBeUndefined();
  });

  it('shows the name for a code and the text itself for text that names nothing', () => {
    expect(displayOf('it', phonesFr)).toBe('Italie +39');
    expect(displayOf('fre', languageOptions('fr'))).toBe('Français');
    expect(displayOf('chi', languageOptions('en'))).toBe('Chinese');
    expect(displayOf('Italyy', phonesFr)).toBe('Italyy');
  });
});
