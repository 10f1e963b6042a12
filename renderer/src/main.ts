// Renderer entry: i18n first (so the first paint is in the chosen language), then the app on the real bridge.
// First: zod's settings apply to every parse that follows, including those at import time.
import '../../shared/zod-jitless';
import { mount } from 'svelte';
import App from './App.svelte';
import { setupI18n } from './i18n';
import { bridge } from './lib/bridge';
import { createServices, localOpenDraftMemory } from './lib/services.svelte';
import { storageForMode } from './lib/db';
// styles.css is linked from index.html, so that the first paint's skeleton is styled before this runs.

await setupI18n();
const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');
// mount() appends: the static skeleton goes first (the App shows its own until the drafts are loaded).
target.replaceChildren();
target.removeAttribute('aria-busy');
// Real work or training decides which drafts this page opens; main is asked before anything is read. Should
// main not answer, the page opens the real drafts (main still sends nothing a mode does not allow).
const modeAnswer = await bridge().mode.get();
const mode = modeAnswer.ok ? modeAnswer.value.mode : 'real';
const pageStorage = storageForMode(globalThis.localStorage, mode);
mount(App, {
  target,
  props: {
    services: createServices({
      bridge,
      mode,
      openDraft: localOpenDraftMemory(pageStorage as Storage),
      rescue: pageStorage,
    }),
  },
});
