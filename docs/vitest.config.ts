import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
// brain.js is a dependency of @anyloss/brain, not (yet) of docs: resolve it from there.
const brainJs = dirname(createRequire(source('packages/brain/package.json')).resolve('brain.js/package.json'));

// The docs tests: every snippet executed (snippets.test.ts), the demo's data code, and the browser test of
// the built site (e2e/, needs `pnpm --filter docs build` first). Imports resolve to the packages' sources.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@anyloss\/core\/testing$/, replacement: source('packages/core/src/testing/index.ts') },
      { find: /^@anyloss\/core\/multiclass$/, replacement: source('packages/core/src/multiclass/index.ts') },
      { find: /^@anyloss\/core\/internal$/, replacement: source('packages/core/src/internal/index.ts') },
      { find: /^@anyloss\/core$/, replacement: source('packages/core/src/index.ts') },
      { find: /^@anyloss\/tfjs$/, replacement: source('packages/tfjs/src/index.ts') },
      { find: /^@anyloss\/brain$/, replacement: source('packages/brain/src/index.ts') },
      { find: /^@anyloss\/bench\/cli$/, replacement: source('bench/src/cli.ts') },
      { find: /^@anyloss\/bench$/, replacement: source('bench/src/index.ts') },
      { find: /^brain\.js$/, replacement: brainJs },
    ],
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.vitepress/cache/**', '.vitepress/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
