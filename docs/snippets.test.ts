/**
 * Every code snippet shown on the site lives in docs/snippets/ and is included into the pages with
 * `<<< @/snippets/<file>.ts`. This test executes each one and checks what it prints: every
 * `// prints: <text>` comment in a snippet must match a line the snippet logs, in the same order, so the
 * output shown on the site is the output the code produces. Snippets whose output depends on training runs get
 * extra checks below. Type-checking is `tsc --noEmit -p docs` (docs/tsconfig.json).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const directory = fileURLToPath(new URL('./snippets/', import.meta.url));
const snippetFiles = readdirSync(directory).filter((file) => file.endsWith('.ts')).sort();

/** The `// prints: …` expectations of a snippet, in order. */
function expectedLines(file: string): string[] {
  const text = readFileSync(directory + file, 'utf8');
  return [...text.matchAll(/\/\/ prints: (.*)$/gm)].map((match) => (match[1] as string).trimEnd());
}

/** Runs a snippet module and returns the lines it logged with console.log. */
async function run(file: string): Promise<string[]> {
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

afterEach(() => vi.restoreAllMocks());

describe('documentation snippets', () => {
  it('finds the snippets', () => {
    expect(snippetFiles.length).toBeGreaterThan(5);
  });

  for (const file of snippetFiles) {
    it(`${file} runs and prints what its comments say`, async () => {
      const expected = expectedLines(file);
      const lines = await run(file);
      if (process.env['SHOW_SNIPPET_OUTPUT']) process.stdout.write(`--- ${file}\n${lines.join('\n')}\n`);
      const check = extraChecks[file];
      expect(expected.length > 0 || check !== undefined, `${file} checks nothing`).toBe(true);
      expect(inOrder(lines, expected), `printed:\n${lines.join('\n')}`).toEqual(expected);
      check?.(lines);
    });
  }
});
