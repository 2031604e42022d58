import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Unit tests import the workspace packages from source (the aliases below), so a change is tested without a
// rebuild. Some tests need built output, which is why `pnpm test` runs `turbo run build` first: the docs tests
// check the built site (docs/.vitepress/dist: links, browser, screenshots) and load the built packages
// (packages/*/dist: the WebGL run in chromium, the CommonJS snippet). Run alone, they say what to build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@anyloss\/core\/testing$/, replacement: source('./packages/core/src/testing/index.ts') },
      { find: /^@anyloss\/core\/multiclass$/, replacement: source('./packages/core/src/multiclass/index.ts') },
      { find: /^@anyloss\/core\/internal$/, replacement: source('./packages/core/src/internal/index.ts') },
      { find: /^@anyloss\/core$/, replacement: source('./packages/core/src/index.ts') },
      { find: /^@anyloss\/tfjs$/, replacement: source('./packages/tfjs/src/index.ts') },
      { find: /^@anyloss\/brain$/, replacement: source('./packages/brain/src/index.ts') },
      { find: /^@anyloss\/test-utils$/, replacement: source('./tooling/test-utils/src/index.ts') },
      { find: /^@anyloss\/bench\/cli$/, replacement: source('./bench/src/cli.ts') },
      { find: /^@anyloss\/bench$/, replacement: source('./bench/src/index.ts') },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'tooling/*/src/**/*.test.ts',
      'bench/src/**/*.test.ts',
      'datasets/**/*.test.js',
      'docs/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'docs/.vitepress/**'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 60_000,
  },
});
