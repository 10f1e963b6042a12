// The one renderer build: Electron's build (electron-vite) and the web host reuse this config, passing their own outDir.
import { defineConfig, type UserConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export const rendererViteConfig = {
  root: import.meta.dirname,
  // Relative asset URLs: the same build loads from file:// in Electron and from the web host.
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
