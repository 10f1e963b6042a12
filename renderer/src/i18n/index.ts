// UI languages through svelte-i18n. English is bundled (it is the source and the fallback); the others load on
// demand. The choice is kept in localStorage so the first paint is already in the right language.
import { addMessages, init, locale, register, waitLocale } from 'svelte-i18n';
import en from './en.json';

export const uiLocales = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'it', name: 'Italiano' },
  { code: 'de', name: 'Deutsch' },
  { code: 'zh', name: '简体中文' },
  { code: 'ja', name: '日本語' },
  { code: 'ko', name: '한국어' },
] as const;
export type UiLocale = (typeof uiLocales)[number]['code'];

const STORAGE_KEY = 'booster-capture.uiLocale';

export function isUiLocale(value: unknown): value is UiLocale {
  return uiLocales.some((entry) => entry.code === value);
}

addMessages('en', en);
register('fr', () => import('./fr.json'));
register('it', () => import('./it.json'));
register('de', () => import('./de.json'));
register('zh', () => import('./zh.json'));
register('ja', () => import('./ja.json'));
register('ko', () => import('./ko.json'));

/** The saved choice, else the system language if we have it, else English. */
export function initialLocale(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): UiLocale {
  const saved = storage?.getItem(STORAGE_KEY);
  if (isUiLocale(saved)) return saved;
  const system = globalThis.navigator?.language?.slice(0, 2);
  return isUiLocale(system) ? system : 'en';
}

export async function setupI18n(start: UiLocale = initialLocale()): Promise<void> {
  await init({ fallbackLocale: 'en', initialLocale: start });
  await waitLocale(start);
  setDocumentLanguage(start);
}

export async function changeLocale(
  code: UiLocale,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): Promise<void> {
  await locale.set(code);
  await waitLocale(code);
  storage?.setItem(STORAGE_KEY, code);
  setDocumentLanguage(code);
}

function setDocumentLanguage(code: UiLocale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = code === 'zh' ? 'zh-Hans' : code;
}
