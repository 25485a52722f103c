import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app (src/web) is built into dist/web and served by the Fastify server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000', '/openapi.json': 'http://localhost:3000' },
  },
});
