// Built with `vite build src/web` (npm run build): this folder is Vite's root.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The server's Content-Security-Policy allows no inline script: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    // `npx vite src/web` during development, with `attest serve` on :3000 for the API.
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
