/**
 * Browser test of the BUILT site (docs/.vitepress/dist; `pnpm test` builds it first): serves it on 127.0.0.1 and
 * drives Debian's chromium with playwright-core for what needs a browser — the demo trains a model and shows its
 * results, key pages render with no console errors or failed requests, and the local search finds pages. Links
 * and anchors are checked statically (links.test.ts); the screenshots and the WebGL run have their own files.
 * Skipped only when /usr/bin/chromium is missing.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, warnIfNoChromium, type Browser } from './browser';
import { requireBuiltSite } from './built-site';
import { serveDirectory, type StaticServer } from './static-server';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const shots = fileURLToPath(new URL('../.vitepress/cache/screenshots/', import.meta.url));
warnIfNoChromium('docs e2e (site)');

/** Pages a newcomer meets first, and pages with math, images, tables and generated API content. */
const KEY_PAGES = [
  '/',
  '/getting-started.html',
  '/concepts/amplification.html',
  '/metrics.html',
  '/guide/tfjs.html',
  '/recipes/multi-class.html',
  '/faq.html',
  '/api/',
  '/api/@anyloss/core/functions/anyLoss.html',
];

describe.skipIf(!hasChromium)('the built docs site in chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltSite(dist);
    server = await serveDirectory(dist);
    browser = await launchChromium();
  }, 30_000); // launching chromium takes 1–3 s on an idle 2-core machine, more under a parallel `pnpm test`

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains a model on the demo page and shows the chart and the confusion matrices', async () => {
    const { page, problems } = await browser.open(`${server.url}/demo.html`);
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

    // The confusion matrix covers the whole validation split of the glass data (4 of its 13 positives and 60 of its
    // 201 negatives: 30% of each class, rounded; docs/demo-data.test.ts).
    const cells = await page.getByTestId('latest-run').locator('td').allTextContents();
    expect(cells.map(Number).reduce((sum, value) => sum + value, 0)).toBe(64);
    expect(Number(await page.getByTestId('latest-run').getByTestId('tp').textContent()) + Number(cells[1])).toBe(4); // TP + FN = positives
    expect(await page.getByTestId('latest-run').getByTestId('scores').textContent()).toMatch(
      /^F1 \d\.\d{3} · BAcc \d\.\d{3} · MCC -?\d\.\d{3}$/,
    );

    // The chart has one point per epoch for the loss and for the validation F1.
    const lossPoints = (await page.getByTestId('loss-line').getAttribute('points'))?.trim().split(' ') ?? [];
    const f1Points = (await page.getByTestId('f1-line').getAttribute('points'))?.trim().split(' ') ?? [];
    expect(lossPoints).toHaveLength(8);
    expect(f1Points).toHaveLength(8);
    expect(lossPoints.every((point) => /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(point))).toBe(true);

    // The previous run (BCE) stays on both charts, dashed, for comparison, and the legend names it.
    const previousLoss = (await page.getByTestId('previous-loss-line').getAttribute('points'))?.trim().split(' ') ?? [];
    const previousF1 = (await page.getByTestId('previous-f1-line').getAttribute('points'))?.trim().split(' ') ?? [];
    expect(previousLoss).toHaveLength(8);
    expect(previousF1).toHaveLength(8);
    expect(previousLoss).not.toEqual(lossPoints);
    expect(await page.getByTestId('previous-legend').textContent()).toContain('Binary cross-entropy');
    // For a person to look at: the demo after two runs (the screenshots test measures the pages without training).
    mkdirSync(shots, { recursive: true });
    await page.getByTestId('demo').screenshot({ path: `${shots}demo-after-two-runs-desktop-light.png` });

    expect(await page.getByTestId('error').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the key pages with no console errors, failed requests or broken images', async () => {
    for (const path of KEY_PAGES) {
      const { page, problems } = await browser.open(server.url + path);
      // Hydrated: the client-side app has taken over (VitePress marks the active sidebar link only then).
      await page.locator('.VPContent').waitFor({ state: 'visible' });
      const title = await page.locator('h1').first().textContent();
      expect(title?.trim(), path).not.toBe('');
      const brokenImages = await page.evaluate(() =>
        Array.from(document.images)
          .filter((image) => !image.complete || image.naturalWidth === 0)
          .map((image) => image.src),
      );
      expect(brokenImages, path).toEqual([]);
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it('finds pages with the local search', async () => {
    const { page, problems } = await browser.open(`${server.url}/`);
    await page.locator('.DocSearch-Button').click();
    const input = page.locator('#localsearch-input');
    await input.waitFor({ state: 'visible' });
    await input.fill('zero division');
    const results = page.locator('#localsearch-list a.result');
    await results.first().waitFor({ state: 'visible', timeout: 10_000 });
    const hrefs = await results.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs.some((href) => href.startsWith('/metrics.html#zero-division'))).toBe(true);

    // Choosing a result navigates to it.
    await page.locator('#localsearch-list a.result[href^="/metrics.html#zero-division"]').first().click();
    await page.waitForURL(/\/metrics\.html#zero-division$/);
    // Client-side navigation: the URL changes first, then the page's content.
    await page.locator('h1', { hasText: 'Metrics catalogue' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#zero-division').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
