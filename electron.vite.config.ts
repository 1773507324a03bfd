// Builds the desktop app: main (Node, CommonJS) → out/main, preload (one sandbox-compatible CommonJS
// file) → out/preload, renderer (React, TSX via vite's built-in oxc transform) → out/renderer.
// The `floe` CLI is bundled separately with esbuild (scripts/build-cli.mjs).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = __dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies load from node_modules at run time; the native ones (node-pty, better-sqlite3)
      // could not be bundled anyway.
      externalizeDeps: { include: ['node-pty', 'better-sqlite3'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The thread that reads half of a big manifest: found beside index.js (parallel-load.ts).
          'manifest-worker': resolve(root, 'src/main/services/manifest/manifest-worker.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require() node_modules: bundle everything it uses (zod, via the
      // contract's channel lists) into a single CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    // Relative asset URLs: the same build is served from floe-studio://app/ and by the web host.
    base: './',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
        // React Flow marks its bundle "use client" (a React Server Components hint); meaningless in a
        // client-only bundle, so the warning about dropping it is noise.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
          handler(level, log);
        },
      },
    },
  },
});
