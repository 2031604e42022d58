// Bundle size check: the minified + gzipped ESM bundle of the package entry must stay under LIMIT_BYTES.
// Run with `pnpm --filter @anyloss/core size` (CI runs it after the build).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// 6300 B (was 6100 B, at 6058 B measured): the main entry gained seededRandom (+116 B) and isAnyLossError with its
// Symbol.for brand (+26 B) when adapters became glue (issue 11: 6168 B), and the sample-weight check and scale moved
// into the numeric pass (+129 B, for a ~5% faster weighted lossAndGradient), partly won back by removing duplicated
// checks (−41 B). Measured 6256 B; rounded up to the next 100 B.
const LIMIT_BYTES = 6300;
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
