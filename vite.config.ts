// The renderer bundle: src/renderer -> dist/renderer, served by `swipequeue serve`
// at / and by Electron from app://swipequeue/. Relative base so both work.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
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
