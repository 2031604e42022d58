// Bundle size check: minified + gzipped ESM bundle of the package entry must stay under 5.4 kB.
// Run with `pnpm --filter @anyloss/core size` (CI runs it after the build).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT_BYTES = 6100; // was 5000 B; typed errors for every bad input (issue 12) measured +630 B and optimalThreshold +374 B (6058 B), rounded up to 100 B
const result = await build({
  entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'silent',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(`@anyloss/core ESM bundle: ${code.length} B minified, ${gzipped} B minified+gzipped (limit ${LIMIT_BYTES} B)`);
if (gzipped > LIMIT_BYTES) {
  console.error('Bundle size limit exceeded.');
  process.exit(1);
}
