// What typed text stands for in a picker, and which options to offer while typing. Pure: the picker component
// and its tests call these directly. A person types what they see or know (a name in the UI language, the
// English name, a code in any case, a dialling code, a catalogue label); Booster receives the option's code.
import type { PickerOption } from './pickerOptions';

export type PickResult =
  | { kind: 'empty' }
  | { kind: 'picked'; option: PickerOption }
  /** Several options fit equally (+1: the United States, Canada…): the person chooses, nothing is guessed. */
  | { kind: 'ambiguous'; options: PickerOption[] }
  | { kind: 'unmatched' };

/** Longer than any option's name or code: such a text can only be unmatched, and is not folded at all. */
const MAX_TEXT = 1_000;

/** Case, accents, full-width forms and runs of spaces do not matter: 'ITALIE', 'Italie', 'ｉｔａｌｉｅ' are one. */
export function foldForMatch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** '+39', '0039', '39', '+ 39' -> '39'; anything else (letters, a leading 0) is not a dialling code. */
export function dialDigitsOf(text: string): string | undefined {
  const compact = text.normalize('NFKC').replace(/[\s().-]/gu, '');
  return /^(?:\+|00)?([1-9]\d{0,3})$/.exec(compact)?.[1];
}

interface Keys {
  code: string;
  names: string[];
}

// Options are cached per locale (pickerOptions.ts): their folded names are computed once, not per keystroke.
const keysCache = new WeakMap<PickerOption, Keys>();

function keysOf(option: PickerOption): Keys {
  let keys = keysCache.get(option);
  if (!keys) {
    const names = [option.label, ...(option.aliases ?? [])].map(foldForMatch).filter(Boolean);
    keys = { code: foldForMatch(option.value), names: [...new Set(names)] };
    keysCache.set(option, keys);
  }
  return keys;
}

function oneOrMany(found: PickerOption[]): PickResult | undefined {
  if (found.length === 0) return undefined;
  if (found.length === 1) return { kind: 'picked', option: found[0]! };
  return { kind: 'ambiguous', options: found };
}

/**
 * The option a typed text names, tried in this order: its code (any case), one of its names (any case, accents
 * ignored), its dialling code. Only a whole match counts ('Ita' names nothing): a prefix is for the list.
 */
export function resolvePick(text: string, options: readonly PickerOption[]): PickResult {
  if (text.length > MAX_TEXT) return text.trim() === '' ? { kind: 'empty' } : { kind: 'unmatched' };
  const wanted = foldForMatch(text);
  if (wanted === '') return { kind: 'empty' };

  const byCode = options.filter((option) => keysOf(option).code === wanted);
  const byName = byCode.length > 0 ? [] : options.filter((option) => keysOf(option).names.includes(wanted));
  const named = oneOrMany(byCode) ?? oneOrMany(byName);
  if (named) return named;

  const digits = dialDigitsOf(text);
  if (digits !== undefined) {
    const sharing = options.filter((option) => option.dial === digits);
    const owner = sharing.find((option) => option.ownsDial);
    if (owner) return { kind: 'picked', option: owner };
    const dialled = oneOrMany(sharing);
    if (dialled) return dialled;
  }
  return { kind: 'unmatched' };
}

export interface Filtered {
  /** At most `limit` options, the best first. */
  options: PickerOption[];
  /** How many options fit the text in all. */
  total: number;
}

/** 0 for a whole match, 1 for a name that starts with the text, 2 for a word that does, 3 for text inside. */
function rankOf(option: PickerOption, wanted: string, digits: string | undefined): number | undefined {
  const keys = keysOf(option);
  if (keys.code === wanted || keys.names.includes(wanted)) return 0;
  if (digits !== undefined && option.dial !== undefined) {
    if (option.dial === digits) return 0;
    if (option.dial.startsWith(digits)) return 1;
  }
  if (keys.code.startsWith(wanted) || keys.names.some((name) => name.startsWith(wanted))) return 1;
  if (keys.names.some((name) => name.includes(` ${wanted}`) || name.includes(`(${wanted}`))) return 2;
  if (keys.names.some((name) => name.includes(wanted))) return 3;
  return undefined;
}

/** The options to show for a typed text: every option for an empty box, else those that fit, best first. */
export function filterOptions(text: string, options: readonly PickerOption[], limit = 50): Filtered {
  if (text.length > MAX_TEXT) return { options: [], total: 0 };
  const wanted = foldForMatch(text);
  if (wanted === '') return { options: options.slice(0, limit), total: options.length };
  const digits = dialDigitsOf(text);
  const ranked: { option: PickerOption; rank: number; index: number }[] = [];
  options.forEach((option, index) => {
    const rank = rankOf(option, wanted, digits);
    if (rank !== undefined) ranked.push({ option, rank, index });
  });
  // Stable within a rank: the options keep their own order (sorted by name in the UI language).
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { options: ranked.slice(0, limit).map((entry) => entry.option), total: ranked.length };
}

/** What the box shows for a stored value: the option's name, or the typed text that names none. */
export function displayOf(value: string, options: readonly PickerOption[]): string {
  return options.find((option) => option.value === value)?.label ?? value;
}
