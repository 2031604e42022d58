import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  // Dependencies and peers are external by default; listed here so that a change to package.json cannot
  // silently bundle a second copy of TensorFlow.js or of the core.
  external: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@anyloss/core'],
});
