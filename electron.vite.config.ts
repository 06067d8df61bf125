/**
 * Build of the desktop shell and the UI (`npx electron-vite build`):
 *   main/app/index.ts   -> out/main/index.js     (ESM, package.json has "type": "module"; dependencies stay external)
 *   main/platform/index-worker.ts -> out/main/index-worker.js (the search index worker thread)
 *   preload/index.ts    -> out/preload/index.cjs (CommonJS, everything bundled: a sandboxed preload
 *                                                 cannot load ES modules nor require node_modules)
 *   renderer/index.html -> out/renderer           (also what `socle serve` hands to browsers)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * electron-vite forces `base: './'` for production renderer builds. Relative asset URLs break as
 * soon as the browser mode serves index.html for a nested client route (`/guide/x` would ask for
 * `/guide/assets/...`). Absolute `/assets/...` works both over HTTP and under app://socle/.
 */
const absoluteBase: Plugin = {
  name: 'socle:absolute-base',
  enforce: 'post',
  config: () => ({ base: '/' }),
};

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out', 'main'),
      // Two entries: the app, and the search index worker it starts on a first start without
      // index cache (main/platform/index-builder.ts looks for index-worker.js beside its code).
      lib: { entry: { index: path.join(root, 'main', 'app', 'index.ts'), 'index-worker': path.join(root, 'main', 'platform', 'index-worker.ts') } },
      // Dependencies load from node_modules at run time (default externalizeDeps); only our own
      // sources are bundled.
      externalizeDeps: true,
      sourcemap: true,
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out', 'preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'preload', 'index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: path.join(root, 'renderer'),
    plugins: [react(), absoluteBase],
    build: {
      outDir: path.join(root, 'out', 'renderer'),
      emptyOutDir: true,
      // Served over a room's Wi-Fi by `socle serve`: worth the smaller download. Source maps keep it debuggable.
      minify: true,
      sourcemap: true,
      rolldownOptions: { input: path.join(root, 'renderer', 'index.html') },
    },
  },
});
