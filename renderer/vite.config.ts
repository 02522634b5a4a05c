// Builds the renderer into dist/renderer (served by the dashboard and loaded by Electron).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = fileURLToPath(new URL('.', import.meta.url));
// monaco-worker-manager still imports Monaco's pre-"exports" deep paths; map them to the files.
const monacoVs = fileURLToPath(new URL('../node_modules/monaco-editor/esm/vs/', import.meta.url));
const legacyMonaco = [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoVs}$1` }];
// The one piece of the orchestrator the UI may import (tsconfig.json's paths say the same).
const contractAlias = {
  find: '@kubedeck/contract',
  replacement: fileURLToPath(new URL('../orchestrator/contract/index.ts', import.meta.url)),
};

export default defineConfig({
  root: here,
  base: '/',
  plugins: [vue()],
  resolve: { alias: [...legacyMonaco, contractAlias] },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Monaco is one big lazy chunk by design; the initial bundle stays small.
    chunkSizeWarningLimit: 6000,
    modulePreload: { polyfill: false },
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es', rolldownOptions: {} },
});
