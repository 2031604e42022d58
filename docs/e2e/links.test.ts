/**
 * Static check of the BUILT site (docs/.vitepress/dist; `pnpm --filter docs build`, which `pnpm test` runs first):
 * every page is parsed once and every internal link, resource and `#anchor` must resolve. No browser: the whole
 * site takes well under a second.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSite, decodeEntities, parsePage } from './links';
import { requireBuiltSite } from './built-site';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));

describe('the link checker', () => {
  const root = mkdtempSync(join(tmpdir(), 'anyloss-links-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports missing files, missing anchors and anchors into non-pages, and accepts what resolves', () => {
    mkdirSync(join(root, 'guide'));
    writeFileSync(join(root, 'style.css'), '');
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><link rel="stylesheet" href="/style.css"><h2 id="a&amp;b">x</h2>
       <a href="guide/">ok</a> <a href="guide/page.html#deep">ok</a> <a href='#a&amp;b'>ok</a> <a href="#a%26b">ok</a>
       <a href="https://example.com/x.html">external</a> <a href="mailto:x@example.com">mail</a>
       <!-- <a href="/commented-out.html">not markup</a> --><script>const s = '<a href="/in-script.html">';</script>
       <a href="/missing.html">1</a> <a href="guide/page.html#nowhere">2</a> <img src="/style.css#x"> <script src="/app.js"></script>`,
    );
    writeFileSync(join(root, 'guide', 'index.html'), '<a href="../index.html#a%26b">up</a>');
    writeFileSync(join(root, 'guide', 'page.html'), '<p id="deep"><a href="/guide/">index</a></p>');
    const result = checkSite(root);
    expect(result.pages).toBe(3);
    expect(result.broken.map(({ page, reference }) => `${page} ${reference}`).sort()).toEqual([
      '/index.html /app.js',
      '/index.html /missing.html',
      '/index.html /style.css#x',
      '/index.html guide/page.html#nowhere',
    ]);
  });

  it('decodes entities and reads unquoted, single- and double-quoted attributes', () => {
    expect(decodeEntities('a&amp;b&#39;c&#x41;&lt;')).toBe("a&b'cA<");
    const { ids, references } = parsePage(`<div id=one><a href='/x.html' id="two">t</a><img srcset="/a.png 1x, /b.png 2x"></div>`);
    expect([...ids]).toEqual(['one', 'two']);
    expect(references).toEqual(['/x.html', '/a.png', '/b.png']);
  });
});

describe('the built site', () => {
  it('has no broken internal link, resource or anchor on any page', () => {
    requireBuiltSite(dist);
    const result = checkSite(dist);
    // The guide pages, the API reference and the reproduction report: a crawl that found only a few pages
    // (say, a build that lost its API reference) would pass vacuously.
    expect(result.pages).toBeGreaterThan(100);
    expect(result.references).toBeGreaterThan(5000);
    expect(result.anchors).toBeGreaterThan(100);
    expect(result.broken.map(({ page, reference, problem }) => `${page}: ${reference} (${problem})`)).toEqual([]);
  });
});
