import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The pages: built into web/dist, served by the Fastify server at / (src/pages). `npm run web:dev` serves them with
 * Vite's dev server on :5173 and sends /api and /socket.io to the server on :3000.
 */
export default defineConfig({
  root: webDir,
  base: '/',
  // Vite 8 transforms TSX itself (oxc); the automatic runtime imports react/jsx-runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets the bundle-size check (test/browser) follow the operator desk's imports.
    manifest: true,
    target: 'es2022',
    // No inline anything: helmet's CSP allows scripts and styles from this origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // TanStack Query marks its hooks "use client" for server components; in a browser-only bundle that means nothing.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
