// Two pages, one build: the citizen page (index.html) and the staff console (console.html).
// The server serves packages/web/dist: `/` and `/aide/sortie-rapide` → index.html,
// `/console` and `/setup` → console.html, `/assets/*` as static files.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Where `npm run dev -w @brigade/web` forwards API and WebSocket calls. */
const devServer = process.env.BRIGADE_DEV_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs, so the CSP can stay `img-src 'self'` / `font-src 'self'`.
    assetsInlineLimit: 0,
    // Source maps would publish the code comments; the code is open source anyway, but keep dist small.
    sourcemap: false,
    rolldownOptions: {
      input: { citizen: here('./index.html'), console: here('./console.html') },
      // Code and CSS shared by both pages (React, zod, the realtime client, DSFR core) land in one
      // chunk, named for what it is rather than after whichever module the bundler picked.
      output: {
        chunkFileNames: 'assets/shared-[hash].js',
        assetFileNames: (asset) => {
          const css = asset.names.find((name) => name.endsWith('.css'));
          return css !== undefined && !/^(citizen|console)\.css$/.test(css) ? 'assets/shared-[hash][extname]' : 'assets/[name]-[hash][extname]';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': devServer,
      '/healthz': devServer,
      '/realtime': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
});
