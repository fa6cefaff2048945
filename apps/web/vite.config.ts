import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';
import { studioPluginFiles } from './build/studio-plugin-files.js';
import { studioAliases } from './studio-aliases.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

export default defineConfig(({ mode }) => {
  // Dev only: where `vite` (the dev server) forwards API calls. The built studio is served by the
  // API itself and calls it on its own origin.
  const env = loadEnv(mode, here, 'STUDIO_');
  const apiTarget = env['STUDIO_API_URL'] ?? 'http://127.0.0.1:8090';
  return {
    root: here,
    // Relative asset URLs: the same build works at / and behind a path prefix.
    base: './',
    plugins: [react(), studioPluginFiles({ sourceDir: `${repo}packages/plugins/packages` })],
    resolve: { alias: studioAliases(repo) },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'chrome120',
      sourcemap: true,
      // motiontext-renderer and GSAP are one chunk of ~300 kB; that is the engine, not bloat.
      chunkSizeWarningLimit: 1024,
    },
    server: {
      proxy: Object.fromEntries(
        ['/api', '/health', '/ready', '/metrics', '/admin', '/docs'].map((path) => [
          path,
          { target: apiTarget, changeOrigin: true },
        ]),
      ),
    },
  };
});
