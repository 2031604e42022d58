import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it with apt); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Says, once per test file, why the browser tests of that file are skipped. */
export function warnIfNoChromium(what: string): void {
  if (!hasChromium) console.warn(`${what}: SKIPPED — ${CHROMIUM} is missing (install it with \`apt-get install chromium\`).`);
}

const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A headless chromium with a fresh profile that can reach 127.0.0.1 only. */
export interface Browser {
  readonly context: BrowserContext;
  /** Opens `url` and records console errors, page errors, failed requests and HTTP errors on the page. */
  open(
    url: string,
    options?: { readonly waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' },
  ): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/**
 * Launches chromium. `gpu: 'swiftshader'` gives WebGL2 through SwiftShader, chromium's software GL (no GPU
 * needed); otherwise the GPU is disabled.
 */
export async function launchChromium(
  options: { readonly gpu?: 'none' | 'swiftshader'; readonly viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'anyloss-docs-chromium-'));
  const gpuFlags = options.gpu === 'swiftshader' ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu'];
  // A fresh profile directory per run (playwright's way of passing --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...gpuFlags],
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  // Offline by construction: any request that leaves 127.0.0.1 fails the test.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    return route.abort();
  });
  return {
    context,
    async open(url, openOptions = {}) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      await page.goto(url, { waitUntil: openOptions.waitUntil ?? 'load' });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
