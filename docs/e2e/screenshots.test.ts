/**
 * What a reader sees: key pages of the BUILT site in chromium, in light and dark mode, at a desktop width
 * (1280 px) and a phone width (390 px). Each view is saved as a PNG (docs/.vitepress/cache/screenshots/, printed
 * path) for a person to look at, and measured:
 * - nothing overflows the page sideways (wide formulas, tables and code scroll inside their own boxes);
 * - text is legible: HTML text ≥ 12 px; SVG text, inline (the demo's charts) or in an SVG image (docs/public), at
 *   least 10.5 px as rendered;
 * - SVG images have no light background in dark mode (and no dark one in light mode): they take the page's colours;
 * - no console errors.
 * The SVG images are also checked on their own: every text inside the drawing, and inside its box when it has one.
 * Skipped only when /usr/bin/chromium is missing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, warnIfNoChromium, type Browser } from './browser';
import { requireBuiltSite } from './built-site';
import { serveDirectory, type StaticServer } from './static-server';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const shots = fileURLToPath(new URL('../.vitepress/cache/screenshots/', import.meta.url));
warnIfNoChromium('docs e2e (screenshots)');

const PAGES = ['/', '/getting-started.html', '/concepts/amplification.html', '/metrics.html', '/demo.html'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const MODES = ['light', 'dark'] as const;
// The same limits are written into measure(), which runs in the browser: HTML text ≥ 12 px, SVG text ≥ 10.5 px.
const MIN_SVG_TEXT_PX = 10.5;

/** Measures a rendered page (runs in the browser). */
function measure(): {
  overflow: string[];
  smallText: string[];
  images: { src: string; width: number; height: number; x: number; y: number }[];
  scrollWidth: number;
} {
  const viewportWidth = document.documentElement.clientWidth;
  const describe = (element: Element): string => {
    const id = element.id ? `#${element.id}` : '';
    const classes =
      typeof element.className === 'string' && element.className.trim()
        ? `.${element.className.trim().split(/\s+/).slice(0, 2).join('.')}`
        : '';
    return `${element.tagName.toLowerCase()}${id}${classes}`;
  };
  const clipped = (element: Element): boolean => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
    }
    return false;
  };
  const visible = (element: Element): boolean => {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') return false;
    }
    return true;
  };
  const overflow: string[] = [];
  const smallText: string[] = [];
  for (const element of Array.from(document.querySelectorAll('body *'))) {
    if (!visible(element)) continue;
    const rect = element.getBoundingClientRect();
    if ((rect.right > viewportWidth + 1 || rect.left < -1) && !clipped(element)) {
      overflow.push(`${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px of ${viewportWidth}`);
    }
    const ownText = Array.from(element.childNodes).some(
      (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
    );
    if (!ownText) continue;
    const size = Number.parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) {
      const matrix = (element as SVGGraphicsElement).getScreenCTM?.();
      const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
      if (size * scale < 10.5)
        smallText.push(`${describe(element)} "${element.textContent?.trim().slice(0, 30)}" is ${(size * scale).toFixed(1)} px`);
    } else if (size < 12) {
      smallText.push(`${describe(element)} "${element.textContent?.trim().slice(0, 30)}" is ${size} px`);
    }
  }
  const images = Array.from(document.images)
    .filter((image) => image.currentSrc.endsWith('.svg') && visible(image))
    .map((image) => {
      const rect = image.getBoundingClientRect();
      return {
        src: new URL(image.currentSrc).pathname,
        width: rect.width,
        height: rect.height,
        x: rect.x + window.scrollX,
        y: rect.y + window.scrollY,
      };
    });
  return { overflow, smallText, images, scrollWidth: document.documentElement.scrollWidth };
}

/** The smallest font size of the texts of an SVG file, in its own units, and its viewBox width. */
function svgTextMetrics(path: string): { minimumFont: number; viewBoxWidth: number } {
  const text = readFileSync(`${dist}${path.slice(1)}`, 'utf8');
  const viewBox = /viewBox="([\d.\s-]+)"/.exec(text)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
  const sizes = [...text.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
  return { minimumFont: Math.min(...sizes), viewBoxWidth: viewBox[2] ?? Number.NaN };
}

/** Mean luminance (0–1) and share of near-white and near-black pixels of a PNG, decoded by the browser. */
async function luminance(page: Page, png: Buffer): Promise<{ mean: number; white: number; black: number }> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let white = 0;
    let black = 0;
    const pixels = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const value = (0.2126 * (data[i] as number) + 0.7152 * (data[i + 1] as number) + 0.0722 * (data[i + 2] as number)) / 255;
      sum += value;
      if (value > 0.92) white += 1;
      if (value < 0.12) black += 1;
    }
    return { mean: sum / pixels, white: white / pixels, black: black / pixels };
  }, png.toString('base64'));
}

describe.skipIf(!hasChromium)('what a reader sees: light and dark, desktop and phone', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltSite(dist);
    mkdirSync(shots, { recursive: true });
    server = await serveDirectory(dist);
    browser = await launchChromium();
    console.log(`docs e2e: screenshots in ${shots}`);
  }, 30_000); // chromium start: 1–3 s idle, more under a parallel `pnpm test`

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the measurements catch sideways overflow and small HTML and SVG text', async () => {
    const { page } = await browser.open('about:blank');
    await page.setViewportSize({ width: 390, height: 600 });
    await page.setContent(`<body style="margin:0">
      <p style="font-size:16px">fine</p><p style="font-size:10px">tiny</p>
      <div style="width:600px">too wide</div><div style="overflow-x:auto"><div style="width:900px">scrolls in its box</div></div>
      <svg viewBox="0 0 800 100" width="390"><text x="10" y="50" font-size="13">scaled to 6 px</text></svg></body>`);
    const measured = await page.evaluate(measure);
    expect(measured.smallText.map((line) => line.split(' ')[1])).toEqual(['"tiny"', '"scaled']);
    expect(measured.overflow).toEqual(['div spans 0–600 px of 390']);
    expect(measured.scrollWidth).toBe(600);
    await page.close();
  });

  for (const viewport of VIEWPORTS) {
    for (const mode of MODES) {
      // 5 pages, each loaded, measured and captured in full: 5–10 s idle on 2 cores; the limit leaves room for a
      // parallel `pnpm test`.
      it(`${viewport.name}, ${mode} mode: no sideways overflow, legible text, SVG images in the page's colours`, async () => {
        const problems: string[] = [];
        for (const path of PAGES) {
          const { page, problems: pageProblems } = await browser.open('about:blank');
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          // The site's own mode, against the opposite OS preference: the page's choice must win.
          await page.emulateMedia({ colorScheme: mode === 'dark' ? 'light' : 'dark' });
          await page.addInitScript((appearance) => localStorage.setItem('vitepress-theme-appearance', appearance), mode);
          await page.goto(server.url + path, { waitUntil: 'load' });
          await page.locator('.VPContent').waitFor({ state: 'visible' });
          if (path === '/demo.html') await page.getByTestId('train').waitFor({ state: 'visible', timeout: 30_000 });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          expect(await page.evaluate(() => document.documentElement.classList.contains('dark')), `${path} mode`).toBe(mode === 'dark');
          const name = `${
            path === '/'
              ? 'index'
              : path
                  .slice(1)
                  .replace(/\.html$/, '')
                  .replace(/\//g, '_')
          }-${viewport.name}-${mode}.png`;
          await page.screenshot({ path: `${shots}${name}`, fullPage: true });

          const measured = await page.evaluate(measure);
          if (measured.scrollWidth > viewport.width) problems.push(`${path}: the page is ${measured.scrollWidth} px wide`);
          problems.push(...measured.overflow.map((line) => `${path}: overflows: ${line}`));
          problems.push(...measured.smallText.map((line) => `${path}: small text: ${line}`));
          for (const image of measured.images) {
            const { minimumFont, viewBoxWidth } = svgTextMetrics(image.src);
            const rendered = (minimumFont * image.width) / viewBoxWidth;
            if (!(rendered >= MIN_SVG_TEXT_PX))
              problems.push(`${path}: ${image.src} shows ${minimumFont}-unit text at ${rendered.toFixed(1)} px`);
            const png = await page.screenshot({
              clip: { x: image.x, y: image.y, width: image.width, height: image.height },
              fullPage: true,
            });
            const shade = await luminance(page, png);
            // Thin lines and text are a few per cent of the pixels; a background would be most of them.
            if (mode === 'dark' && shade.white > 0.05)
              problems.push(`${path}: ${image.src} is ${(100 * shade.white).toFixed(0)}% near-white in dark mode`);
            if (mode === 'light' && shade.black > 0.05)
              problems.push(`${path}: ${image.src} is ${(100 * shade.black).toFixed(0)}% near-black in light mode`);
          }
          problems.push(...pageProblems.map((line) => `${path}: ${line}`));
          await page.close();
        }
        expect(problems).toEqual([]);
      }, 90_000);
    }
  }

  it('SVG images keep every text inside the drawing and inside its box', async () => {
    const { page, problems } = await browser.open('about:blank');
    const images = ['/amplification.svg', '/pipeline.svg', '/pipeline-narrow.svg'];
    const outside: string[] = [];
    for (const image of images) {
      await page.goto(server.url + image);
      outside.push(
        ...(await page.evaluate((name) => {
          const svg = document.querySelector('svg') as SVGSVGElement;
          const view = svg.getBoundingClientRect();
          const found: string[] = [];
          // Screen rectangles, so that transformed (rotated) text is measured as drawn.
          const boxes = Array.from(svg.querySelectorAll('rect')).map((rect) => rect.getBoundingClientRect());
          for (const text of Array.from(svg.querySelectorAll('text'))) {
            const box = text.getBoundingClientRect();
            const label = `${name} "${text.textContent}"`;
            if (box.left < view.left - 0.5 || box.top < view.top - 0.5 || box.right > view.right + 0.5 || box.bottom > view.bottom + 0.5) {
              found.push(`${label} leaves the drawing`);
            }
            // The smallest box that holds the text's centre must hold all of it.
            const x = (box.left + box.right) / 2;
            const y = (box.top + box.bottom) / 2;
            const holder = boxes
              .filter((rect) => x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom)
              .sort((a, b) => a.width * a.height - b.width * b.height)[0];
            if (
              holder &&
              (box.left < holder.left + 2 || box.right > holder.right - 2 || box.top < holder.top || box.bottom > holder.bottom)
            ) {
              found.push(`${label} spills out of its box`);
            }
          }
          return found;
        }, image)),
      );
    }
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
