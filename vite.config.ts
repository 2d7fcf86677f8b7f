// The renderer bundle: src/renderer -> dist/renderer, served by `swipequeue serve`
// at / and by Electron from app://swipequeue/. Relative base so both work.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Absolute, so the build works from any working directory.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // The Electron CSP allows media from 'self' and data:, but files are easier to cache and inspect.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  // `npx vite` during development: the API of a `swipequeue serve` on the default port.
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8740', ws: true } },
  },
});
