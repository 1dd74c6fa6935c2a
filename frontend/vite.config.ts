import { fileURLToPath, URL } from 'node:url';

import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Everything the Django process serves; the dev server forwards it so the SPA talks to one origin,
// as it does in production. The Host header is kept (no changeOrigin) so Django's CSRF origin check
// on /admin/ sees the same host the browser does.
const backendPaths = ['/api', '/admin', '/static', '/media', '/health'];
const backend = 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: Object.fromEntries(backendPaths.map((path) => [path, { target: backend }])),
  },
  build: {
    outDir: 'dist',
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    // The Playwright specs in e2e/ run in a real browser through `npm run e2e`.
    include: ['src/**/*.test.{ts,tsx}'],
    // Whole-app renders with several round trips; the shared test machines can be slow.
    testTimeout: 20_000,
  },
});
