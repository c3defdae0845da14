import { defineConfig } from 'vite';

// The viewer lives in web/; `vite build` writes dist/web, which `xinlian serve` serves.
// In dev (`npm run dev:web`) the API is proxied to a running `xinlian serve` on 5174.
export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  server: { port: 5173, host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:5174' } },
});
