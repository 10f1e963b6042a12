// Accessibility rules that hold without a browser: text contrast computed from the stylesheet's own colours,
// accessible names that contain the visible label in every language, and where a focused field scrolls.
import en from '../../../renderer/src/i18n/en.json';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scrollToReveal } from '../../../renderer/src/lib/revealField';
import { uiLocales } from '../../../renderer/src/i18n';

const css = readFileSync(path.resolve('renderer/src/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The innermost rule blocks: selector and declarations (an @media's rules come out one by one). */
const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector = '', body = '']) => ({
  selector: selector.trim(),
  declarations: Object.fromEntries(
    body
      .split(';')
      .map((declaration) => declaration.split(':').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] !== ''),
  ),
}));

const rootColours = Object.fromEntries(
  Object.entries(rules.find((rule) => rule.selector === ':root')!.declarations).filter(([, value]) =>
    /^#[0-9a-f]{6}$/i.test(value),
  ),
);

/** A colour written as #rrggbb, #fff or var(--name) of :root; anything else (transparent, rgba) is not judged. */
function colourOf(value: string | undefined): string | undefined {
  const named = value?.match(/^var\((--[\w-]+)\)$/)?.[1];
  const hex = named ? rootColours[named] : value;
  if (hex && /^#[0-9a-f]{3}$/i.test(hex))
    return `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}`;
  return hex && /^#[0-9a-f]{6}$/i.test(hex) ? hex.toLowerCase() : undefined;
}

/** WCAG 2.x contrast ratio of two opaque sRGB colours. */
function contrast(first: string, second: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((start) => {
      const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('text contrast in styles.css (WCAG AA, 4.5:1)', () => {
  it('reads the palette from :root', () => {
    expect(Object.keys(rootColours)).toEqual(
      expect.arrayContaining(['--ink', '--muted', '--paper', '--surface']),
    );
  });

  it('holds for every text colour on the page backgrounds it inherits', () => {
    const textColours = ['--ink', '--ink-soft', '--muted', '--accent', '--danger', '--warning', '--success'];
    const pageBackgrounds = ['--paper', '--surface'];
    const failures = textColours.flatMap((text) =>
      pageBackgrounds
        .map((background) => ({
          text,
          background,
          ratio: contrast(rootColours[text]!, rootColours[background]!),
        }))
        .filter(({ ratio }) => ratio < 4.5),
    );
    expect(failures).toEqual([]);
  });

  it('holds for every rule that sets both a text colour and a background', () => {
    const pairs = rules.flatMap(({ selector, declarations }) => {
      const text = colourOf(declarations.color);
      const background = colourOf(declarations.background ?? declarations['background-color']);
      return text && background ? [{ selector, ratio: contrast(text, background) }] : [];
    });
    // White on the notice and on an error notice, which inherit their text colour.
    pairs.push(
      { selector: '.notice', ratio: contrast('#ffffff', rootColours['--ink']!) },
      { selector: '.notice.error', ratio: contrast('#ffffff', rootColours['--danger']!) },
    );
    expect(pairs.length).toBeGreaterThan(10);
    expect(pairs.filter(({ ratio }) => ratio < 4.5)).toEqual([]);
  });

  it('never fades text with opacity (the footer keys were 2.9:1 at 75%)', () => {
    // Allowed: hidden (0), disabled controls (exempt from contrast) and the skeleton's pulse (no text).
    const faded = rules.filter(({ selector, declarations }) => {
      const opacity = declarations.opacity;
      if (opacity === undefined || Number(opacity) === 0 || Number(opacity) >= 1) return false;
      return !selector.includes(':disabled') && selector !== 'to';
    });
    expect(faded.map(({ selector }) => selector)).toEqual([]);
  });
});

describe('accessible names contain the visible label (WCAG 2.5.3)', () => {
  // Every button labelled `key` on screen and `keyNamed` for assistive tech, found from English so that a new
  // pair is checked from the day it is added.
  const named = Object.entries(en as Record<string, unknown>).flatMap(([section, keys]) =>
    typeof keys === 'object' && keys !== null
      ? Object.keys(keys)
          .filter((key) => key.endsWith('Named') && key.slice(0, -5) in keys)
          .map((key) => [section, key.slice(0, -5)] as const)
      : [],
  );
  const fold = (text: string) => text.toLocaleLowerCase().replace(/\s+/g, ' ');

  it('finds the pairs', () => expect(named.length).toBeGreaterThanOrEqual(8));

  it.each(uiLocales.map(({ code }) => code))('in %s', async (code) => {
    const messages = ((await import(`../../../renderer/src/i18n/${code}.json`)) as { default: object })
      .default as Record<string, Record<string, string>>;
    const mismatches = named.flatMap(([section, key]) => {
      const visible = messages[section]?.[key];
      const name = messages[section]?.[`${key}Named`];
      return visible && name && fold(name).includes(fold(visible))
        ? []
        : [{ key: `${section}.${key}`, visible, name }];
    });
    expect(mismatches).toEqual([]);
  });
});

describe('scrollToReveal', () => {
  const view = { top: 100, bottom: 500 };

  it('leaves a field that is already in view where it is', () => {
    expect(scrollToReveal({ top: 100, bottom: 500 }, view)).toBe(0);
    expect(scrollToReveal({ top: 200, bottom: 300 }, view)).toBe(0);
  });

  it('scrolls down just enough to bring a field and its error above the bottom bar', () => {
    expect(scrollToReveal({ top: 450, bottom: 540 }, view)).toBe(40);
  });

  it('scrolls up to bring a field from under the top bar', () => {
    expect(scrollToReveal({ top: 60, bottom: 150 }, view)).toBe(-40);
  });

  it('keeps the top (label and box) of a field taller than the view in view', () => {
    expect(scrollToReveal({ top: 300, bottom: 1000 }, view)).toBe(200);
    expect(scrollToReveal({ top: 20, bottom: 1000 }, view)).toBe(-80);
  });
});
