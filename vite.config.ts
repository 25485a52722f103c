import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app (src/web) is built into dist/web and served by the Fastify server.
export default defineConfig({
  root: 'src/web',
  // src/web/public is the public portal's source folder, not Vite's folder of static files (which would
  // copy those .tsx sources into dist/web, served as they are): the app has no static-files folder.
  publicDir: false,
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
