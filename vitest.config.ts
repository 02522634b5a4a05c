import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The renderer imports the contract through this alias (renderer/vite.config.ts, tsconfig.json).
const contract = fileURLToPath(new URL('./orchestrator/contract/index.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'orchestrator/**/*.test.ts'],
          exclude: ['test/unit/ui/**', 'node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        // Renderer stores and components: Vue SFCs in a DOM (happy-dom).
        plugins: [vue()],
        resolve: { alias: { '@kubedeck/contract': contract } },
        test: {
          name: 'ui',
          include: ['test/unit/ui/**/*.test.mts'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: [
            'test/conformance/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
