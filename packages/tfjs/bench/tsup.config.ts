import { defineConfig } from 'tsup';

// The speed benchmark (bench/speed.ts) is TypeScript: it shares the tf-autodiff reference with the tests
// (src/testing/autodiff.ts). `pnpm --filter @anyloss/tfjs bench` builds it with the package's source into
// bench/dist/speed.js and runs it; TensorFlow.js, the core and the datasets stay external.
export default defineConfig({
  entry: { speed: 'bench/speed.ts' },
  outDir: 'bench/dist',
  format: ['esm'],
  clean: true,
  target: 'es2022',
  external: [/^@tensorflow\//, /^@anyloss\//],
});
