/**
 * Browser test of the BUILT site (run `pnpm --filter docs build` first): serves docs/.vitepress/dist on
 * 127.0.0.1, drives Debian's chromium with playwright-core, trains a model on the demo page and checks that
 * results and the chart appear with no console errors, then crawls every page and checks every internal link
 * and anchor. Skipped only when /usr/bin/chromium is missing (`.ci/run` installs it with apt).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectLinks, linksInHtml, serveDirectory, type StaticServer } from './static-server';

const CHROMIUM = '/usr/bin/chromium';
const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`docs e2e: SKIPPED — ${CHROMIUM} is missing (install it with \`apt-get install chromium\`).`);

describe.skipIf(!hasChromium)('the built docs site in chromium', () => {
  let server: StaticServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`${dist}index.html is missing: build the site first with \`pnpm --filter docs build\`.`);
    }
    server = await serveDirectory(dist);
    profile = mkdtempSync(join(tmpdir(), 'anyloss-docs-chromium-'));
    // A fresh profile directory per run (playwright's way of passing --user-data-dir).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    // Offline by construction: any request that leaves 127.0.0.1 fails the test.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      return route.abort();
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page and records console errors, page errors and requests that left the machine. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.goto(server.url + path, { waitUntil: 'load' });
    return { page, problems };
  }

  it('trains a model on the demo page and shows the chart and the confusion matrices', async () => {
    const { page, problems } = await open('/demo.html');
    await page.getByTestId('train').waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByTestId('dataset').selectOption('glass');
    await page.getByTestId('epochs').fill('8');

    // First run: binary cross-entropy.
    await page.getByTestId('loss').selectOption('bce');
    await page.getByTestId('train').click();
    await page.getByTestId('latest-run').waitFor({ timeout: 60_000 });

    // Second run: AnyLoss-F1; the first run stays on screen for comparison.
    await page.getByTestId('loss').selectOption('f1');
    await page.getByTestId('train').click();
    await page.getByTestId('previous-run').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('train').isEnabled(), { timeout: 60_000 }).toBe(true);

    expect(await page.getByTestId('status').textContent()).toBe('Done: 8 epochs.');
    expect(await page.getByTestId('latest-run').locator('h4').textContent()).toContain('AnyLoss-F1');
    expect(await page.getByTestId('previous-run').locator('h4').textContent()).toContain('Binary cross-entropy');
    expect(await page.getByTestId('confusion-matrix').count()).toBe(2);

    // The confusion matrix covers the whole validation split of the glass data (6 of its 13 positives and 61 of its 201 negatives).
    const cells = await page.getByTestId('latest-run').locator('td').allTextContents();
    expect(cells.map(Number).reduce((sum, value) => sum + value, 0)).toBe(67);
    expect(await page.getByTestId('latest-run').getByTestId('scores').textContent()).toMatch(/^F1 \d\.\d{3} · BAcc \d\.\d{3} · MCC -?\d\.\d{3}$/);

    // The chart has one point per epoch for the loss and for the validation F1.
    const lossPoints = (await page.getByTestId('loss-line').getAttribute('points'))?.trim().split(' ') ?? [];
    const f1Points = (await page.getByTestId('f1-line').getAttribute('points'))?.trim().split(' ') ?? [];
    expect(lossPoints).toHaveLength(8);
    expect(f1Points).toHaveLength(8);
    expect(lossPoints.every((point) => /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(point))).toBe(true);

    expect(await page.getByTestId('error').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('has no broken internal links or anchors on any page', async () => {
    const page = await context.newPage();
    const visited = new Map<string, Set<string>>(); // path → ids on that page
    const links: { from: string; href: string }[] = [];
    const queue = ['/'];
    const referrer = new Map<string, string>([['/', '(start)']]);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Every resource a page loads (scripts, styles, images, fonts) must exist too.
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`${response.status()} for ${response.url()}`);
    });
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (visited.has(path)) continue;
      const response = await page.goto(server.url + path, { waitUntil: 'domcontentloaded' });
      if (response === null || response.status() !== 200) {
        visited.set(path, new Set());
        links.push({ from: `(crawl from ${referrer.get(path)})`, href: path });
        continue;
      }
      // Links and ids both as served (static HTML) and as rendered after hydration.
      const served = linksInHtml(await response.text());
      const rendered = await collectLinks(page);
      visited.set(path, new Set([...served.ids, ...rendered.ids]));
      for (const href of new Set([...served.hrefs, ...rendered.hrefs])) {
        const url = new URL(href, server.url + path);
        if (url.origin !== server.url) continue;
        links.push({ from: path, href: url.pathname + url.hash });
        if (!visited.has(url.pathname) && !queue.includes(url.pathname) && /(\.html|\/)$/.test(url.pathname)) {
          queue.push(url.pathname);
          referrer.set(url.pathname, path);
        }
      }
    }
    const broken: string[] = [];
    for (const { from, href } of links) {
      const url = new URL(href, server.url);
      const ids = visited.get(url.pathname);
      if (ids === undefined) {
        if (!server.exists(url.pathname)) broken.push(`${from} → ${href} (no such file)`);
        continue;
      }
      if (from.startsWith('(crawl') && ids.size === 0) broken.push(`${from} → ${href} (not found)`);
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor !== '' && !ids.has(anchor)) broken.push(`${from} → ${href} (no #${anchor} on that page)`);
    }
    expect(visited.size).toBeGreaterThan(20); // the guide pages plus the API reference
    expect(broken).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
