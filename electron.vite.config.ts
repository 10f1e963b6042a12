// Electron build: main (ESM, dependencies left to node_modules), preload (ONE CommonJS file with zod and
// shared/ bundled in: a sandboxed preload can require nothing but a few Electron built-ins), and the renderer,
// built from the one renderer config (renderer/vite.config.ts) with only the output folder changed.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'electron-vite';
import { rendererViteConfig } from './renderer/vite.config';

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
// What is built is what is packed (electron-builder.yml): no source maps, which would ship our sources inside
// the installer. `electron-vite build --sourcemap` still turns them on for a debugging session.
const sourcemap = false;

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      sourcemap,
      // Dependencies stay in node_modules, except JSON ones: bundled ESM drops the `with { type: 'json' }`
      // attribute Node needs to import JSON, so their data is inlined instead.
      externalizeDeps: { exclude: ['i18n-iso-countries'] },
      lib: { entry: fromRoot('electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      sourcemap,
      // Bundle everything (zod, shared/): nothing but 'electron' may stay a require().
      externalizeDeps: false,
      lib: { entry: fromRoot('electron/preload/index.ts') },
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: mergeConfig(rendererViteConfig, {
    // Set again here: electron-vite bundles this config, so import.meta.dirname inside the renderer config
    // would point at the project root instead of renderer/.
    root: fromRoot('renderer'),
    build: {
      outDir: fromRoot('out/renderer'),
      sourcemap,
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  }),
});
