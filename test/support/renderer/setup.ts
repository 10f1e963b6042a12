// Shared set-up for renderer tests: an isolated IndexedDB per test, English messages, and services on a fake bridge.
import 'fake-indexeddb/auto';
import { addMessages, init, locale } from 'svelte-i18n';
import en from '../../../renderer/src/i18n/en.json';
import { CaptureDb } from '../../../renderer/src/lib/db';
import { createServices, type Services } from '../../../renderer/src/lib/services.svelte';
import type { Clock } from '../../../renderer/src/lib/clock';
import { createFakeBridge, type FakeBridge } from './fakeBridge';

let dbCounter = 0;

export function uniqueDb(): CaptureDb {
  dbCounter += 1;
  return new CaptureDb(`booster-capture-test-${dbCounter}-${crypto.randomUUID()}`);
}

export async function englishMessages(): Promise<void> {
  addMessages('en', en);
  await init({ fallbackLocale: 'en', initialLocale: 'en' });
  await locale.set('en');
}

export function testServices(options: { clock?: Clock; autosaveDelayMs?: number } = {}): {
  services: Services;
  fake: FakeBridge;
} {
  const fake = createFakeBridge();
  const services = createServices({ bridge: () => fake, db: uniqueDb(), ...options });
  return { services, fake };
}
