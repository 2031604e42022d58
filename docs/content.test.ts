/**
 * Checks that keep the prose in step with the code: the FAQ explains every AnyLossError code, the catalogue
 * has a section for every built-in metric, every snippet is shown on some page, and every page includes only
 * snippets that exist (so every code block on the site is executed by snippets.test.ts); every markdown include
 * (`<!--@include: file.md#region-->`, which VitePress leaves as a silent comment when its file or region is
 * missing) finds its region. Stated defaults are checked by defaults.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metrics } from '@anyloss/core';
import { describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('.', import.meta.url));
const read = (path: string): string => readFileSync(join(docs, path), 'utf8');

/** The site's own markdown pages (not generated API pages, not the separately written reproduction report). */
function pages(directory = docs): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (['node_modules', 'api', 'reproduction', '.vitepress'].includes(name)) return [];
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith('.md') ? [relative(docs, path)] : [];
  });
}

describe('documentation content', () => {
  it('explains every AnyLossError code in the FAQ', () => {
    const errors = readFileSync(fileURLToPath(new URL('../packages/core/src/errors.ts', import.meta.url)), 'utf8');
    const union = /export type AnyLossErrorCode =([^;]+);/.exec(errors)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]);
    expect(codes.length).toBeGreaterThan(10);
    const faq = read('faq.md');
    for (const code of codes) expect(faq, code).toContain(`### ${code}\n`);
  });

  it('has a catalogue entry for every built-in metric', () => {
    const catalogue = read('metrics.md');
    for (const name of Object.keys(metrics)) expect(catalogue, name).toContain(`\`metrics.${name}\``);
    expect(catalogue).toContain('`fBeta(beta)`');
  });

  it('shows every snippet on some page, and includes only snippets that exist', () => {
    const included = new Set<string>();
    for (const page of pages()) {
      for (const match of read(page).matchAll(/^<<< @\/snippets\/([\w.-]+)/gm)) {
        const file = match[1] as string;
        expect(existsSync(join(docs, 'snippets', file)), `${page} includes ${file}`).toBe(true);
        included.add(file);
      }
    }
    const snippets = readdirSync(join(docs, 'snippets')).filter((file) => /\.(ts|cjs)$/.test(file));
    expect(snippets.filter((file) => !included.has(file))).toEqual([]);
  });

  it('includes only markdown regions that exist and are not empty (e.g. the summary of a committed report)', () => {
    let includes = 0;
    for (const page of pages()) {
      for (const match of read(page).matchAll(/<!--\s*@include:\s*(.*?)\s*-->/g)) {
        includes++;
        const [file = '', region] = (match[1] as string).split('#');
        const path = join(dirname(join(docs, page)), file);
        expect(existsSync(path), `${page} includes ${file}, which does not exist`).toBe(true);
        expect(region, `${page} includes all of ${file}: name a region (#name)`).toMatch(/^[\w-]+$/);
        const text = readFileSync(path, 'utf8');
        const start = text.indexOf(`<!-- #region ${region ?? ''} -->\n`);
        const end = text.indexOf(`<!-- #endregion ${region ?? ''} -->`);
        expect(start, `${page}: ${file} has no region ${region ?? ''}`).toBeGreaterThanOrEqual(0);
        expect(end - start, `${page}: region ${region ?? ''} of ${file} is empty or unterminated`).toBeGreaterThan(
          `<!-- #region ${region ?? ''} -->\n`.length + 1,
        );
      }
    }
    expect(includes).toBeGreaterThan(0);
  });

  it('has no code blocks in the pages other than shell commands (code lives in snippets)', () => {
    for (const page of pages()) {
      const languages = [...read(page).matchAll(/^```(\w*)/gm)].map((match) => match[1]).filter((_, i) => i % 2 === 0);
      expect(
        languages.filter((language) => language !== 'sh'),
        page,
      ).toEqual([]);
    }
  });
});
