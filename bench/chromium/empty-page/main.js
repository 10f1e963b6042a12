// The baseline of bench/tti.bench.ts: an empty Svelte 5 page, mounted as renderer/src/main.ts mounts the app.
// Plain JavaScript, as bench/chromium/drafts/drafts-page.js is (the root tsconfig checks bench/ for Node).
/* global document */
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');
target.replaceChildren();
target.removeAttribute('aria-busy');
mount(App, { target });
