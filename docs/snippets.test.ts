/**
 * Every code snippet shown on the site lives in docs/snippets/ and is included into the pages with
 * `<<< @/snippets/<file>`. A TypeScript snippet is shown in two tabs, JavaScript and TypeScript; the JavaScript is
 * the same file with its types removed (docs/scripts/strip-types.mjs, as the site does it). This test runs every
 * version a reader can copy:
 * - the TypeScript, imported here (the packages from source);
 * - the JavaScript, saved as an `.mjs` file and run by plain Node against the BUILT packages, as a reader would run
 *   it (`pnpm test` builds first) — it must print exactly what the TypeScript prints;
 * - CommonJS snippets (`.cjs`), run by Node with `require`, so against the packages' CommonJS builds.
 * Every `// prints: <text>` comment in a snippet must match a line it logs, in the same order, so the output shown
 * on the site is the output the code produces. Snippets whose output depends on training runs get extra checks
 * below. Type-checking is `tsc --noEmit -p docs` (docs/tsconfig.json).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stripTypes } from './scripts/strip-types.mjs';

const run = promisify(execFile);
const directory = fileURLToPath(new URL('./snippets/', import.meta.url));
// Inside docs/, so that the JavaScript versions resolve @anyloss/* and the frameworks as the docs package does.
const javascriptDirectory = fileURLToPath(new URL('./.vitepress/cache/snippets-js/', import.meta.url));
const typescriptSnippets = readdirSync(directory)
  .filter((file) => file.endsWith('.ts'))
  .sort();
const commonjsSnippets = readdirSync(directory)
  .filter((file) => file.endsWith('.cjs'))
  .sort();
const builtPackages = ['core', 'tfjs', 'brain'].map((name) => fileURLToPath(new URL(`../packages/${name}/dist/index.js`, import.meta.url)));

/** The `// prints: …` expectations of a snippet, in order. */
function expectedLines(file: string): string[] {
  const text = readFileSync(directory + file, 'utf8');
  return [...text.matchAll(/\/\/ prints: (.*)$/gm)].map((match) => (match[1] as string).trimEnd());
}

/** Runs a TypeScript snippet module here and returns the lines it logged with console.log. */
async function runTypeScript(file: string): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(...format(...args).split('\n'));
  });
  try {
    await import(`./snippets/${file}`);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

/** Runs a file with plain Node (no test runner in the environment) and returns its standard output lines. */
async function runNode(path: string): Promise<string[]> {
  for (const built of builtPackages) {
    if (!existsSync(built)) throw new Error(`${built} is missing: build the packages first (\`pnpm build\`; \`pnpm test\` does it).`);
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  const { stdout } = await run(process.execPath, [path], { cwd: fileURLToPath(new URL('.', import.meta.url)), env, timeout: 60_000 });
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  // tfjs greets Node users on stdout; that is not the snippet's output.
  return lines.filter((line) => !/^(=+|Hi, looks like you are running TensorFlow\.js in Node\.js.*)$/.test(line.trim()));
}

/** Extra checks for snippets whose printed numbers come from training (not shown as `prints:`). */
const extraChecks: Record<string, (lines: string[]) => void> = {
  'tfjs-quickstart.ts': (lines) => {
    const match = /^epoch 1 val_f1 (\d\.\d{3}), epoch 20 val_f1 (\d\.\d{3})$/.exec(lines[0] ?? '');
    expect(match, lines[0]).not.toBeNull();
    expect(Number(match?.[2])).toBeGreaterThan(0.8); // the model learns the minority class
    expect(Number(match?.[2])).toBeGreaterThan(Number(match?.[1]));
    expect(lines.join(' ')).toMatch(/truePositives: \d+/);
  },
  'optimal-threshold.ts': (lines) => {
    // The tuned threshold must beat the default 0.5 on the validation rows it was chosen on (never worse, by construction).
    const atHalf = Number(lines[0]);
    const tuned = Number(/validation F1 (\d\.\d{3})$/.exec(lines[1] ?? '')?.[1]);
    expect(tuned).toBeGreaterThan(atHalf);
  },
  'brain-quickstart.ts': (lines) => {
    const match = /^300 epochs, loss (\d\.\d{3}), training F1 (\d\.\d{3})$/.exec(lines[0] ?? '');
    expect(match, lines[0]).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(0.2);
    expect(Number(match?.[2])).toBeGreaterThan(0.9);
  },
};

/** Whether `expected` occurs in `lines` as a subsequence (in order, other lines in between allowed). */
function inOrder(lines: readonly string[], expected: readonly string[]): string[] {
  const found: string[] = [];
  let from = 0;
  for (const line of expected) {
    const index = lines.indexOf(line, from);
    if (index < 0) break;
    found.push(line);
    from = index + 1;
  }
  return found;
}

function checkOutput(file: string, lines: string[]): void {
  const expected = expectedLines(file);
  if (process.env['SHOW_SNIPPET_OUTPUT']) process.stdout.write(`--- ${file}\n${lines.join('\n')}\n`);
  const check = extraChecks[file];
  expect(expected.length > 0 || check !== undefined, `${file} checks nothing`).toBe(true);
  expect(inOrder(lines, expected), `printed:\n${lines.join('\n')}`).toEqual(expected);
  check?.(lines);
}

/** Snippets that train TensorFlow.js or brain.js models: a few seconds each on 2 busy cores. */
const TRAINING = /^(tfjs|brain)-/;
// Their own timeout (the suite's is 60 s): the tfjs quickstart trains 20 epochs twice (TypeScript and JavaScript)
// and takes 3–6 s per run alone, several times that under a parallel `pnpm test`.
const timeoutOf = (file: string): number => (TRAINING.test(file) ? 90_000 : 30_000);

afterEach(() => vi.restoreAllMocks());

describe('documentation snippets', () => {
  it('finds the snippets', () => {
    expect(typescriptSnippets.length).toBeGreaterThan(5);
    expect(commonjsSnippets.length).toBeGreaterThan(0);
  });

  const typescriptOutput = new Map<string, string[]>();
  mkdirSync(javascriptDirectory, { recursive: true });

  for (const file of typescriptSnippets) {
    it(
      `${file} (TypeScript) runs and prints what its comments say`,
      async () => {
        const lines = await runTypeScript(file);
        checkOutput(file, lines);
        typescriptOutput.set(file, lines);
      },
      timeoutOf(file),
    );

    it(
      `${file} as JavaScript (types removed) runs with Node as an ES module and prints exactly what the TypeScript prints`,
      async () => {
        const javascript = stripTypes(readFileSync(directory + file, 'utf8'), file);
        expect(javascript).not.toMatch(/\bas (number|const|never|unknown)\b|: number\b/); // no TypeScript left
        const path = `${javascriptDirectory}${file.replace(/\.ts$/, '.mjs')}`;
        writeFileSync(path, javascript);
        const lines = await runNode(path);
        checkOutput(file, lines);
        // Deterministic snippets print the same numbers in both runs — for the tfjs quickstart, a second training
        // run with the same seeds and row order: "the same result every time" is what it promises.
        const typescript = typescriptOutput.get(file);
        if (typescript === undefined) throw new Error(`the TypeScript run of ${file} failed, so there is nothing to compare with`);
        expect(lines).toEqual(typescript);
      },
      timeoutOf(file),
    );
  }

  for (const file of commonjsSnippets) {
    it(`${file} (CommonJS) runs with Node's require against the packages' CommonJS builds`, async () => {
      expect(readFileSync(directory + file, 'utf8')).toMatch(/require\('@anyloss\//);
      checkOutput(file, await runNode(directory + file));
    });
  }
});
