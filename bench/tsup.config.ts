import { defineConfig } from 'tsup';

// A private command-line package: ESM only (the bin imports dist/cli.js), plus the library entry with types and the
// worker thread of --workers (dist/worker.js, found next to the pool's chunk).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  external: ['@anyloss/core', '@anyloss/datasets', '@anyloss/tfjs', '@anyloss/brain', '@tensorflow/tfjs', 'brain.js'],
});
