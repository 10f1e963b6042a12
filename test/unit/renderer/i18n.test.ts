import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { _, addMessages, init, locale } from 'svelte-i18n';
import { changeLocale, initialLocale, uiLocales } from '../../../renderer/src/i18n';
import { contractPaths, listKeys } from '../../../shared/booster/form-model';
import { formSections } from '../../../renderer/src/lib/formLayout';

// Through Vite's glob imports, so this test needs no Node API (the renderer tsconfig has DOM types only).
const localeFiles = import.meta.glob<Messages>('../../../renderer/src/i18n/*.json', {
  eager: true,
  import: 'default',
});
const sources = import.meta.glob<string>(
  ['../../../renderer/src/**/*.svelte', '../../../renderer/src/**/*.ts'],
  {
    eager: true,
    query: '?raw',
    import: 'default',
  },
);

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

function load(code: string): Map<string, string> {
  const messages = localeFiles[`../../../renderer/src/i18n/${code}.json`];
  if (!messages) throw new Error(`No messages for ${code}`);
  return flatten(messages);
}

/** Top-level ICU arguments of a message: {name}, {count, plural, ...} -> name, count (plural bodies use #). */
function placeholders(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '{') {
      if (depth === 0) {
        const name = /^\{\s*(\w+)/.exec(text.slice(index))?.[1];
        if (name) names.push(name);
      }
      depth++;
    } else if (char === '}') {
      depth--;
    }
  }
  return names.sort();
}

const english = load('en');

describe('UI translations', () => {
  it('ships one file per UI language', () => {
    const files = Object.keys(localeFiles)
      .map((path) => path.replace(/^.*\/(\w+)\.json$/, '$1'))
      .sort();
    expect(files).toEqual(uiLocales.map((entry) => entry.code).sort());
  });

  for (const { code } of uiLocales.filter((entry) => entry.code !== 'en')) {
    it(`${code} has every English key, no extra key, and the same placeholders`, () => {
      const messages = load(code);
      expect([...english.keys()].filter((key) => !messages.has(key))).toEqual([]);
      expect([...messages.keys()].filter((key) => !english.has(key))).toEqual([]);
      for (const [key, text] of english) {
        expect({ key, placeholders: placeholders(messages.get(key) ?? '') }).toEqual({
          key,
          placeholders: placeholders(text),
        });
        expect({ key, empty: (messages.get(key) ?? '').trim() === '' }).toEqual({ key, empty: false });
      }
    });
  }

  it('every literal key used in the source exists in English', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\$_\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !english.has(key))).toEqual([]);
  });

  it('every message of every language formats (valid ICU) and most are really translated', async () => {
    await init({ fallbackLocale: 'en', initialLocale: 'en' });
    const values = {
      name: 'Rossi',
      n: 2,
      count: 3,
      done: 1,
      total: 4,
      time: '10:00',
      label: 'X',
      message: 'm',
      pos: 'P',
      brand: 'B',
      id: 7,
      file: 'f.json',
      url: 'https://b.example',
      on: 'email',
      where: 'draft',
    };
    for (const { code } of uiLocales) {
      const messages = load(code);
      addMessages(code, Object.fromEntries(messages));
      await locale.set(code);
      const t = get(_);
      let same = 0;
      for (const [key, text] of messages) {
        const formatted = t(key, { values });
        expect({ key, formatted: formatted === key }).toEqual({ key, formatted: false });
        if (code !== 'en' && text === english.get(key)) same += 1;
      }
      if (code !== 'en') expect(same / messages.size).toBeLessThan(0.2);
    }
  });

  it('remembers the chosen language', async () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
    };
    addMessages('de', Object.fromEntries(load('de')));
    await changeLocale('de', storage);
    expect(initialLocale(storage)).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    await changeLocale('en', storage);
  });
});

describe('labels of the contract', () => {
  it('every field, list and section of the form has its label in every language', () => {
    const wanted = [
      ...contractPaths().map((path) => `field.${path.split('.').pop()}`),
      ...listKeys.flatMap((list) => ['item', 'add', 'remove'].map((part) => `list.${list}.${part}`)),
      ...formSections.map((section) => `section.${section.id}`),
    ];
    for (const { code } of uiLocales) {
      const messages = load(code);
      expect({ code, missing: wanted.filter((key) => !messages.has(key)) }).toEqual({ code, missing: [] });
    }
  });
});
