// Memory benchmark of the CSV path (`pnpm --filter @anyloss/bench bench:memory`): writes a 1,000,000 × 20 CSV
// (19 numeric features and a 0/1 target, about 163 MB) into a temporary directory and reports, each in a fresh child
// process, the peak resident set size (process.resourceUsage().maxRSS, worker threads included) against the file
// size of: loading it (datasetFromCsvFile), and a minimal run of the built CLI on it — 2 folds, 1 epoch, BCE only —
// with 1 and with 2 worker threads. Not a test: it takes one to two minutes and needs the built package (dist/).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = Number(process.env['ANYLOSS_MEMORY_ROWS'] ?? 1_000_000);
const FEATURES = 19;
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const index = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Writes the CSV: seeded features with 5 decimals, y = 1 for about 20% of the rows. */
async function writeCsv(path) {
  let state = 0x9e3779b9;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
  const out = createWriteStream(path);
  const header = [...Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`), 'y'].join(',');
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((done) => out.once('drain', done)));
  await write(`${header}\n`);
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const cells = [];
    for (let j = 0; j < FEATURES; j++) cells.push((random() * 20 - 10).toFixed(5));
    cells.push(random() < 0.2 ? '1' : '0');
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((done) => out.end(done));
}

/**
 * Runs `body` (an async module body that sets `code`) in a child process with the built package and returns the exit
 * code, the peak RSS (bytes) and the seconds it took.
 */
function measure(body, dir) {
  const script = `const started = performance.now();
let code = 0;
${body}
process.stderr.write('@@' + JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS * 1024, seconds: (performance.now() - started) / 1000 }) + '\\n');`;
  // A script file, not \`node -e\`: worker threads inherit the parent's execArgv, and --input-type breaks them.
  const harness = join(dir, 'measure.mjs');
  writeFileSync(harness, script);
  const child = spawnSync(process.execPath, [harness], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stderr.split('\n').find((l) => l.startsWith('@@'));
  if (line === undefined) {
    process.stderr.write(child.stderr);
    throw new Error(`the CLI run did not finish (exit ${child.status})`);
  }
  return JSON.parse(line.slice(2));
}

const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
const dir = mkdtempSync(join(tmpdir(), 'anyloss-memory-'));
try {
  const file = join(dir, 'big.csv');
  await writeCsv(file);
  const bytes = statSync(file).size;
  console.log(`CSV: ${ROWS.toLocaleString('en')} rows × ${FEATURES + 1} columns, ${mb(bytes)}`);
  const report = (label, { code, maxRss, seconds }) => {
    console.log(label);
    console.log(`  exit ${code} after ${seconds.toFixed(1)} s; peak RSS ${mb(maxRss)} = ${(maxRss / bytes).toFixed(2)}× the file size`);
    if (code !== 0) process.exitCode = 1;
  };
  const load = `const { datasetFromCsvFile } = await import(${JSON.stringify(index)});
const { dataset } = datasetFromCsvFile(${JSON.stringify(file)}, { target: 'y' });
if (dataset.labels.length !== ${ROWS}) code = 1;`;
  report('loading only: datasetFromCsvFile(<csv>, { target: "y" })', measure(load, dir));
  for (const workers of ['1', '2']) {
    const argv = ['--data', file, '--target', 'y', '--folds', '2', '--epochs', '1', '--losses', 'bce', '--workers', workers, '--quiet'];
    const run = `const { main } = await import(${JSON.stringify(cli)});
code = await main(${JSON.stringify(argv)});`;
    report(`anyloss-bench ${argv.join(' ').replace(file, '<csv>')}`, measure(run, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
