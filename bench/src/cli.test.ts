// The command line on malformed CSVs and bad paths: every case ends with a clear one-line message and exit code 2
// (or a run), never a stack trace, a hang, or a result lost after training. In-process through runCli, plus a few
// real child processes of the bin for the exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), text: () => text, isTTY: false };
}

/** A fresh temporary directory. */
function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'anyloss-cli-'));
}

/** Fast settings for runs that do train: the logistic unit, one step, two folds, this thread. */
const QUICK = ['--epochs', '1', '--folds', '2', '--workers', '1', '--quiet'];

/** Runs the CLI in-process in `dir` (also the repository root, for default report directories). */
async function cli(argv: readonly string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(argv, { stdout, stderr, cwd: dir, root: dir });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * The one error line of an exit-2 run, asserting its shape: after any `note:` lines about the data read so far, one
 * line and the hint; no stack trace; nothing on stdout.
 */
function usageError(run: { code: number; stdout: string; stderr: string }): string {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe('');
  const match = /^(?:note: [^\n]*\n)*anyloss-bench: ([^\n]+)\nRun with --help for usage\.\n$/.exec(run.stderr);
  expect(match, run.stderr).not.toBeNull();
  return match?.[1] ?? '';
}

/** A small valid binary CSV: two features, 40 rows, 10 positives. */
function smallCsv(dir: string, name = 'small.csv'): string {
  const rows = ['a,b,y'];
  for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},${i % 4 === 0 ? 1 : 0}`);
  writeFileSync(join(dir, name), rows.join('\n'));
  return name;
}

describe('anyloss-bench on malformed CSVs', () => {
  it('refuses a continuous target instead of making a 5,000-class problem, quickly', async () => {
    const dir = scratch();
    const rows = ['x1,x2,y'];
    for (let i = 0; i < 5000; i++) rows.push(`${i % 13},${(i * 3) % 7},${(Math.sin(i) * 100).toFixed(4)}`);
    writeFileSync(join(dir, 'reg.csv'), rows.join('\n'));
    const started = performance.now();
    const message = usageError(await cli(['--data', 'reg.csv', '--target', 'y', ...QUICK], dir));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(message).toMatch(/^target column "y" has more than 50 distinct values by CSV line 52 .*continuous quantity.*--task multiclass/);
  });

  it('names the row and value of a typo in a numeric column, with --one-hot too', async () => {
    const dir = scratch();
    const rows = ['x,y'];
    for (let i = 0; i < 20000; i++) rows.push(`${i === 15000 ? '"1,5"' : (i % 97) / 10},${i % 5 === 0 ? 1 : 0}`);
    writeFileSync(join(dir, 'typo.csv'), rows.join('\n'));
    const message = usageError(await cli(['--data', 'typo.csv', '--target', 'y', '--one-hot', ...QUICK], dir));
    expect(message).toBe(
      'column "x" is numeric except for 1 of 20000 values, the first "1,5" on CSV line 15002; fix it, mark it missing (empty, ?, NA), or remove the column.',
    );
  });

  it.each([
    [
      'duplicate column names (target leakage)',
      'a,y,c,y\n1,0,2,0\n2,1,3,1\n',
      [],
      /^the CSV header names column "y" twice \(columns 2 and 4\)/,
    ],
    ['an empty file', '', [], /^the CSV is empty: it has no header row\.$/],
    ['a header-only file', 'a,y\n', [], /^the CSV has a header row but no data rows\.$/],
    ['a BOM before a header without the target', '\uFEFFa,b\n1,2\n', [], /^target column "y" is not in the CSV header \("a", "b"\)\.$/],
    ['a row with too few fields', 'a,y\n1,0\n2\n', [], /^CSV line 3 has 1 fields but the header has 2\.$/],
    ['an unclosed quote', 'a,y\n"1,0\n2,1\n', [], /^the CSV has a quoted field opened on line 2 that is never closed\.$/],
    [
      'a one-valued target',
      'a,y\n1,0\n2,0\n',
      [],
      /^target column "y" must have exactly 2 distinct values for a binary benchmark, found 1: "0"\.$/,
    ],
    [
      'a non-numeric column without --one-hot',
      'a,y\nred,0\nblue,1\n',
      [],
      /^column "a" is not numeric \(value "red" on CSV line 2\); pass --one-hot/,
    ],
    [
      'more than 100 one-hot levels',
      `a,y\n${Array.from({ length: 150 }, (_, i) => `v${i},${i % 2}`).join('\n')}`,
      ['--one-hot'],
      /^column "a" has more than 100 distinct values; --one-hot encodes at most 100/,
    ],
  ])('refuses %s with one line', async (_, text, flags, expected) => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.csv'), text);
    const message = usageError(await cli(['--data', 'bad.csv', '--target', 'y', ...flags, ...QUICK], dir));
    expect(message).toMatch(expected);
    expect(message).not.toContain('\uFEFF');
  });

  it('refuses more folds than positives instead of averaging in folds without a positive', async () => {
    const dir = scratch();
    const rows = ['a,y', ...Array.from({ length: 60 }, (_, i) => `${i},${i % 20 === 0 ? 'rare' : 'common'}`)];
    writeFileSync(join(dir, 'three.csv'), rows.join('\n'));
    const message = usageError(
      await cli(['--data', 'three.csv', '--target', 'y', '--folds', '10', '--epochs', '1', '--workers', '1', '--quiet'], dir),
    );
    expect(message).toBe(
      'dataset "three" has 3 positive rows (class 1 = "rare"), fewer than the 10 folds: 7 test fold(s) would hold none, and their scores (F1 = 0 without a positive) would be averaged in. Use --folds 3 or fewer.',
    );
    const run = await cli(['--data', 'three.csv', '--target', 'y', '--folds', '3', '--epochs', '1', '--workers', '1', '--quiet'], dir);
    expect(run.code).toBe(0);
  });

  it('reads 1 and 1.0 as one class', async () => {
    const dir = scratch();
    const rows = ['a,y', ...Array.from({ length: 20 }, (_, i) => `${i},${['1', '1.0', '0', '0.0', '0'][i % 5]}`)];
    writeFileSync(join(dir, 'spellings.csv'), rows.join('\n'));
    const run = await cli(['--data', 'spellings.csv', '--target', 'y', ...QUICK], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: class 1 (positive, minority) = "1", class 0 = "0"; 20 rows, 1 features.');
  });

  it('ends every generated CSV with a run or one clear line (fast-check)', async () => {
    const dir = scratch();
    const number = fc.oneof(
      fc.integer({ min: -50, max: 50 }).map(String),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => x.toPrecision(4)),
    );
    const fault = fc.constantFrom('', '?', 'NA', 'None', 'red', 'blue', '"q,uoted"', '"un', 'Infinity', '1,5', ' 7 ', '\uFEFF');
    const cell = fc.oneof({ weight: 40, arbitrary: number }, { weight: 1, arbitrary: fault });
    const names = fc.oneof(
      { weight: 9, arbitrary: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom('a', 'y', '', '"y"', 'y '), { maxLength: 3 }) },
    );
    const label = fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom('0', '1') },
      { weight: 1, arbitrary: fc.constantFrom('1.0', '2', 'x', '?', '') },
    );
    // Mostly well-formed tables (a target column y of 0/1, every row as wide as the header) with a few faults each.
    const structured = fc
      .record({
        features: names,
        rows: fc.array(fc.tuple(fc.array(cell, { minLength: 3, maxLength: 3 }), label, fc.integer({ min: -1, max: 1 })), { maxLength: 30 }),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        bom: fc.boolean(),
        ragged: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
      })
      .map(({ features, rows, eol, bom, ragged }) => {
        const header = [...features, 'y'];
        const lines = rows.map(([cells, y, extra]) =>
          [...cells.slice(0, Math.max(0, features.length + (ragged ? extra : 0))), y].join(','),
        );
        return `${bom ? '\uFEFF' : ''}${[header.join(','), ...lines].join(eol)}`;
      });
    const raw = fc.string({ unit: fc.constantFrom('a', 'y', '1', '0', ',', '"', '\n', '\r', '?', '.', '\uFEFF', 'é'), maxLength: 60 });
    let runs = 0;
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(structured, raw), fc.boolean(), async (text, oneHot) => {
        const file = `gen-${runs++}.csv`;
        writeFileSync(join(dir, file), text);
        const run = await cli(['--data', file, '--target', 'y', ...(oneHot ? ['--one-hot'] : []), ...QUICK], dir);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        if (run.code === 0) {
          ran++;
          expect(run.stdout).toMatch(/^\| dataset \|/);
        } else usageError(run);
      }),
      { numRuns: 150 },
    );
    // The generator reaches both outcomes.
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(runs);
  });
});

describe('anyloss-bench on bad output paths: checked before training', () => {
  it.each([
    ['a /proc path', ['--json', '/proc/x/o.json'], /^--json "\/proc\/x\/o\.json" is on procfs \(\/proc\), a kernel filesystem/],
    ['a /sys path', ['--json', '/sys/anyloss.json'], /^--json "\/sys\/anyloss\.json" is on sysfs \(\/sys\)/],
    ['a report under /proc', ['--report', '/proc/anyloss'], /^--report "\/proc\/anyloss" is on procfs/],
    ['a directory as --json', ['--json', 'out'], /^--json "out" is a directory; give a file name/],
    ['a trailing slash on --json', ['--json', 'new/'], /^--json "new\/" must name a file, not a directory\.$/],
    [
      'a --json path under a file',
      ['--json', 'file.txt/o.json'],
      /^--json "file.txt\/o.json" is under ".*file\.txt", which is a file, not a directory\.$/,
    ],
    ['a file as --report', ['--report', 'file.txt'], /^--report "file.txt" is a file; the report is a directory/],
    ['a --report path under a file', ['--report', 'file.txt/r'], /^--report "file.txt\/r" is under ".*file\.txt", which is a file/],
    [
      'an existing report without --force',
      ['--report', 'old'],
      /^--report "old" already holds a report \(index\.md\); pass --force to overwrite it/,
    ],
    ['a directory as --data', ['--data', 'out', '--target', 'y'], /^--data "out" is a directory, not a CSV file\.$/],
    ['a missing --data file', ['--data', 'nope.csv', '--target', 'y'], /^--data "nope.csv" does not exist/],
  ])('refuses %s before any training', async (_, paths, expected) => {
    const dir = scratch();
    mkdirSync(join(dir, 'out'));
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'index.md'), '# an earlier report\n');
    writeFileSync(join(dir, 'file.txt'), 'not a directory\n');
    const data = paths.includes('--data') ? [] : ['--datasets', 'ddalpha-tae'];
    const started = performance.now();
    const message = usageError(await cli([...data, ...paths, '--workers', '1', '--quiet'], dir));
    expect(message).toMatch(expected);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(readFileSync(join(dir, 'old', 'index.md'), 'utf8')).toBe('# an earlier report\n');
  });

  it('overwrites an existing report with --force, and the demo rewrites its own default report', async () => {
    const dir = scratch();
    const data = smallCsv(dir);
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'index.md'), '# an earlier report\n');
    const run = await cli(['--data', data, '--target', 'y', '--report', 'old', '--force', ...QUICK], dir);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'old', 'index.md'), 'utf8')).toMatch(/^# AnyLoss benchmark report/);
    expect(usageError(await cli(['--data', data, '--target', 'y', '--force', ...QUICK], dir))).toMatch(
      /^--force only applies to a run that writes a report/,
    );
    for (let i = 0; i < 2; i++) {
      const demo = await cli(['demo', '--epochs', '1', '--folds', '2', '--workers', '1', '--quiet'], dir);
      expect(demo.code).toBe(0);
    }
    expect(existsSync(join(dir, 'reports', 'demo', 'index.md'))).toBe(true);
  });

  it('lets the studies rebuild (--reuse-results) or resume (recipe-study checkpoint) in an existing report without --force', async () => {
    const dir = scratch();
    for (const sub of ['repro', 'recipe']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'index.md'), '# earlier\n');
    }
    // reproduce onto an existing report: refused; with --reuse-results the report check passes and the missing results are the problem.
    expect(usageError(await cli(['reproduce', '--report', 'repro', '--quiet'], dir))).toMatch(/already holds a report/);
    expect(usageError(await cli(['reproduce', '--report', 'repro', '--reuse-results'], dir))).toMatch(
      /^--reuse-results: .*results-logistic\.json does not exist/,
    );
    // recipe-study: refused without a checkpoint; with one, it resumes (here it stops at the unknown dataset, after the report check).
    const recipe = [
      'recipe-study',
      '--report',
      'recipe',
      '--engine',
      'core',
      '--model',
      'logistic',
      '--datasets',
      'no-such-set',
      '--quiet',
    ];
    expect(usageError(await cli(recipe, dir))).toMatch(/already holds a report/);
    writeFileSync(join(dir, 'recipe', 'checkpoint.jsonl'), '');
    expect(usageError(await cli(recipe, dir))).toMatch(/no-such-set/);
  });
});

describe('anyloss-bench as a child process', () => {
  const bin = fileURLToPath(new URL('../bin/anyloss-bench.js', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)));

  function spawn(argv: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    if (!built) throw new Error('bench/dist/cli.js is missing: build the bench first (pnpm --filter @anyloss/bench build).');
    const child = spawnSync(process.execPath, [bin, ...argv], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, INIT_CWD: cwd },
    });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  }

  it('exits 2 with one line for bad paths and bad data (no hang on /proc), 0 for a good run', () => {
    const dir = scratch();
    const data = smallCsv(dir);
    writeFileSync(join(dir, 'reg.csv'), ['x,y', ...Array.from({ length: 500 }, (_, i) => `${i % 5},${i / 7}`)].join('\n'));
    for (const argv of [
      ['--data', data, '--target', 'y', '--json', '/proc/x/o.json'],
      ['--data', 'reg.csv', '--target', 'y'],
      ['--bogus'],
    ]) {
      const child = spawn([...argv, ...QUICK], dir);
      expect(child.status).toBe(2);
      expect(child.stderr).toMatch(/^anyloss-bench: [^\n]+\nRun with --help for usage\.\n$/);
    }
    const ok = spawn(['--data', data, '--target', 'y', '--json', 'r/results.json', ...QUICK], dir);
    expect(ok.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r', 'results.json'), 'utf8'))).toMatchObject({
      results: [{ dataset: 'small', loss: 'bce' }, {}, {}],
    });
  });
});
