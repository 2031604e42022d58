import { defineConfig } from 'tsup';

// Private test support: ESM with types, so that the packages' `tsc --noEmit` sees declarations (their tests run it
// from source through the vitest alias).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['vitest'],
});
