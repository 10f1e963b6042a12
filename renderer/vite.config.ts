// The one renderer config: Electron's build (electron-vite) reuses it with its own outDir, and the web host's
// Vite dev server (tools/web-host/server.ts) serves the renderer with it.
import { defineConfig, type UserConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export const rendererViteConfig = {
  root: import.meta.dirname,
  // Relative asset URLs: the build loads from file:// in Electron.
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // Stated, not left to the caller's defaults: electron-vite does not minify unless told.
    minify: true,
    reportCompressedSize: true,
    // One chunk of ~620 kB (≈180 kB gzip) is fine for an app loaded from disk.
    chunkSizeWarningLimit: 800,
  },
} satisfies UserConfig;

export default defineConfig(rendererViteConfig);
